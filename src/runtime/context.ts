import type { Logger } from 'pino';
import type { Config } from '../config.js';
import { loadCatalog } from '../catalog/load.js';
import { compileLexicon, type CompiledLexicon } from '../extract/compile.js';
import { CLASSIFIER_VERSION } from '../extract/version.js';
import type { ClassifierVersion } from '../extract/types.js';
import { HostRateLimiter } from '../feeds/rate-limit.js';
import type { FetchOptions } from '../feeds/fetcher.js';

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

export type BaseFetchOptions = Omit<FetchOptions, 'maxBytes'>;

/** Fetch options shared by feeds and pages, from the configuration and the allowed hosts. */
export function fetchDefaults(config: Readonly<Config>, extraAllowHosts: readonly string[] = []): BaseFetchOptions {
  return {
    allowHosts: [...config.allowHosts, ...extraAllowHosts],
    connectTimeoutMs: config.fetch.connectTimeoutMs,
    firstByteTimeoutMs: config.fetch.totalTimeoutMs,
    totalTimeoutMs: config.fetch.totalTimeoutMs,
    userAgent: config.fetch.userAgent,
  } as BaseFetchOptions;
}

export function createLimiter(config: Readonly<Config>): HostRateLimiter {
  return new HostRateLimiter(config.fetch.hostIntervalMs);
}

export type { Logger };
