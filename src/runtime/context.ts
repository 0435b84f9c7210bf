import type { Logger } from 'pino';
import type { Config } from '../config.js';
import { loadCatalog } from '../catalog/load.js';
import { compileLexicon, type CompiledLexicon } from '../extract/compile.js';
import { CLASSIFIER_VERSION } from '../extract/version.js';
import type { ClassifierVersion } from '../extract/types.js';
import { HostRateLimiter } from '../feeds/rate-limit.js';
import type { FetchOptions } from '../feeds/fetcher.js';
import type { Db } from '../db/db.js';
import type { Enqueuer } from '../pipeline/enqueuer.js';
import type { PollDeps } from '../../workers/poll-feed.js';
import type { FetchPageDeps } from '../../workers/fetch-page.js';

/** What every processor needs, built once at start-up (never per article). */
export interface Engine {
  lex: CompiledLexicon;
  version: ClassifierVersion;
}

/** Loads and compiles the catalogue and lexicon from config/ (throws ConfigError naming file and field). */
export function loadEngine(config: Readonly<Config>): Engine {
  const catalog = loadCatalog(config.configDir);
  return { lex: compileLexicon(catalog), version: { classifier: CLASSIFIER_VERSION, lexicon: catalog.version } };
}

type BaseFetchOptions = Omit<FetchOptions, 'maxBytes'>;

/**
 * What the feed-poll and page-fetch processors need, wired the same way by the queue service and
 * embedded mode: fetch options from the configuration (plus `extraAllowHosts`) and one per-host
 * rate limiter shared by feeds and pages.
 */
export function fetchJobDeps(
  config: Readonly<Config>,
  shared: { db: Db; enqueue: Enqueuer; log: Logger },
  extraAllowHosts: readonly string[] = [],
): { poll: PollDeps; page: FetchPageDeps } {
  const base = {
    allowHosts: [...config.allowHosts, ...extraAllowHosts],
    connectTimeoutMs: config.fetch.connectTimeoutMs,
    firstByteTimeoutMs: config.fetch.totalTimeoutMs,
    totalTimeoutMs: config.fetch.totalTimeoutMs,
    userAgent: config.fetch.userAgent,
  } as BaseFetchOptions;
  const limiter = new HostRateLimiter(config.fetch.hostIntervalMs);
  const { db, enqueue, log } = shared;
  return {
    poll: {
      db,
      enqueue,
      log: log.child({ module: 'poller' }),
      fetch: { ...base, maxBytes: config.fetch.feedMaxBytes },
      limiter,
      maxBackoffS: config.maxBackoffS,
      minTextChars: config.pages.minTextChars,
      fetchPages: config.pages.enabled,
    },
    page: { db, enqueue, log: log.child({ module: 'fetch-page' }), fetch: { ...base, maxBytes: config.fetch.pageMaxBytes }, limiter },
  };
}

export type { Logger };
