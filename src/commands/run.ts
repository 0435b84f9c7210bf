import path from 'node:path';
import type { Logger } from 'pino';
import type { Config } from '../config.js';
import { openDb } from '../db/open.js';
import type { Db } from '../db/db.js';
import { listFeeds, upsertFeeds, type FeedRow } from '../db/sql/feeds.js';
import { loadFeedList } from '../feeds/feed-list.js';
import { loadEngine } from '../runtime/context.js';
import { startService, type JobRuntime, type Role } from '../runtime/service.js';
import { onShutdownSignal } from '../lifecycle.js';
import { ensureSchema } from './migrate.js';
import { UserError } from '../errors.js';
import { serveCommand } from './serve.js';
import { formatSummary, runOnce } from './run-once.js';

export interface RunOptions {
  once: boolean;
  role: Role;
  feeds?: string | undefined;
  allowHost: string[];
  timeoutS: number;
  migrate: boolean;
  /** Also serve health, metrics, API and dashboard from this process (its job counters move here). */
  serve?: boolean;
}

/** The feeds a run works on: the --feeds file (for this run only) or config/feeds.yaml, stored by URL. */
export async function syncFeeds(db: Db, config: Readonly<Config>, file?: string): Promise<FeedRow[]> {
  const specs = loadFeedList(file ?? path.join(config.configDir, 'feeds.yaml'));
  const rows = await upsertFeeds(db, specs);
  if (file) return rows.filter((f) => f.enabled);
  return listFeeds(db, { enabledOnly: true });
}

/** Where the job system lives: BullMQ on Redis, or in-process when no REDIS_URL is set. */
async function startJobs(
  config: Readonly<Config>,
  db: Db,
  log: Logger,
  opts: RunOptions,
  engine: ReturnType<typeof loadEngine>,
): Promise<JobRuntime> {
  if (config.redisUrl) {
    log.info({ mode: 'distributed', role: opts.role }, 'Running on Redis (BullMQ) and Postgres');
    return startService({ config, db, engine, log, role: opts.role, extraAllowHosts: opts.allowHost, timers: !opts.once });
  }
  const { startEmbeddedJobs } = await import('../runtime/embedded-jobs.js');
  return startEmbeddedJobs({ config, db, engine, log, extraAllowHosts: opts.allowHost, timers: !opts.once });
}

/** `launchwatch run [--once]`: the service, or one poll of every feed followed by a summary. */
export async function runCommand(config: Readonly<Config>, log: Logger, opts: RunOptions, out: (line: string) => void): Promise<number> {
  if (!config.redisUrl && opts.role !== 'all') {
    throw new UserError(`--role ${opts.role} splits the service across processes: that needs DATABASE_URL and REDIS_URL`);
  }
  if (config.redisUrl && !config.databaseUrl) {
    throw new UserError('REDIS_URL is set but DATABASE_URL is not: workers on other processes cannot share the embedded database; set DATABASE_URL too');
  }
  const engine = loadEngine(config);
  const db = await openDb(config, log, { psql: true });
  let jobs: JobRuntime | undefined;
  try {
    const applied = await ensureSchema(db, { apply: opts.migrate || db.kind === 'pglite' });
    if (applied.length) log.info({ applied }, 'Applied migrations');
    const feeds = opts.role === 'worker' ? [] : await syncFeeds(db, config, opts.feeds);
    jobs = await startJobs(config, db, log, opts, engine);
    if (opts.once) {
      const summary = await runOnce(db, jobs, feeds.map((f) => f.id), {
        timeoutMs: opts.timeoutS * 1000,
        onProgress: (line) => log.info(line),
      });
      for (const line of formatSummary(summary)) out(line);
      return summary.timedOut ? 1 : 0;
    }
    const http = opts.serve
      ? await serveCommand({ config, log, db, redisUrl: config.redisUrl, queuePrefix: config.queuePrefix })
      : null;
    log.info({ feeds: feeds.length, http: http?.url }, 'Service started');
    const j = jobs;
    await onShutdownSignal(
      async () => {
        await http?.close();
        await j.close({ graceMs: config.shutdownGraceMs });
      },
      log,
      config.shutdownGraceMs,
    );
    jobs = undefined;
    return 0;
  } finally {
    await jobs?.close({ graceMs: config.shutdownGraceMs }).catch(() => undefined);
    await db.close().catch(() => undefined);
  }
}
