import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import type { Config } from '../config.js';
import type { Db } from '../db/db.js';
import { listFeeds } from '../db/sql/feeds.js';
import { createRedis, maxmemoryPolicy } from '../queue/connection.js';
import { createQueues, unfinishedJobs, type Queues } from '../queue/queues.js';
import { bullmqEnqueuer } from '../queue/bullmq-enqueuer.js';
import type { Enqueuer } from '../pipeline/enqueuer.js';
import { syncSchedulers } from '../scheduling/schedulers.js';
import { reconcilePending } from '../scheduling/reconciler.js';
import { clearFinishedJobs } from '../scheduling/finished-jobs.js';
import { startWorkers, type WorkerSet } from '../../workers/index.js';
import type { PollResult } from '../../workers/poll-feed.js';
import { coerceError, UserError } from '../errors.js';
import { fetchJobDeps, type Engine } from './context.js';
import { recordJobDone } from '../http/metrics.js';
import { withTimeout } from '../http/with-timeout.js';
import { refreshStaleEvents } from '../db/sql/events-stale.js';
import { startEventRefresher } from '../pipeline/event-refresher.js';

export type Role = 'poller' | 'worker' | 'all';

/** The job system as the commands see it: BullMQ here, an in-process queue in embedded mode. */
export interface JobRuntime {
  enqueue: Enqueuer;
  /** Polls the given feeds now (ignoring their schedule) and resolves with each poll's result. */
  pollNow(feedIds: readonly number[]): Promise<PollResult[]>;
  /** True when no article work (classify, fetch-page) is waiting, delayed or running. */
  idle(): Promise<boolean>;
  /** Re-enqueues articles pending for longer than afterS seconds; returns how many. */
  reconcile(afterS?: number): Promise<number>;
  close(opts?: { graceMs?: number }): Promise<void>;
}

export interface Service extends JobRuntime {
  queues: Queues;
  workers: WorkerSet;
  redis: Redis;
}

export interface ServiceOptions {
  config: Readonly<Config>;
  db: Db;
  engine: Engine;
  log: Logger;
  role: Role;
  extraAllowHosts?: readonly string[];
  /** Keep the periodic scheduler check and reconciler (the long-running service) or not (--once). */
  timers: boolean;
  onJobDone?: (queue: string, outcome: 'completed' | 'failed', ms: number, result: unknown) => void;
}

/** Connects to Redis and starts the workers (and, for pollers, the schedulers and reconciler). */
export async function startService(o: ServiceOptions): Promise<Service> {
  const { config, db, engine, log } = o;
  if (!config.redisUrl) throw new UserError('REDIS_URL is not set');
  const redis = createRedis(config.redisUrl, 'producer', log);
  await checkRedis(redis, config, log);
  const workerRedis = createRedis(config.redisUrl, 'worker', log);
  const queues = createQueues(redis, config.queuePrefix);
  for (const q of [queues.poll, queues.classify, queues.fetchPage]) q.on('error', (err) => log.error({ err, queue: q.name }, 'Queue error'));
  const enqueue = bullmqEnqueuer(queues);
  const fetching = fetchJobDeps(config, { db, enqueue, log }, o.extraAllowHosts);
  const runsWorkers = o.role !== 'poller';
  const runsPollers = o.role !== 'worker';
  // Classify batches leave their events marked stale; this brings them up to date shortly after.
  // While classification goes on, refreshes wait (a second, or ten times the last refresh) to be
  // shared; once the classify worker has been idle 25 ms (no batch running or gathering), nothing
  // would share them: they go.
  let classifyIdleFor = () => 0;
  const refresher = runsWorkers
    ? startEventRefresher({
        refresh: () => refreshStaleEvents(db, engine.version),
        delayMs: 1_000,
        pace: 10,
        maxDelayMs: 30_000,
        idleFor: () => classifyIdleFor(),
        quietMs: 25,
        sweepMs: 5_000,
        log: log.child({ module: 'events' }),
      })
    : null;
  const workers = startWorkers({
    connection: workerRedis,
    prefix: config.queuePrefix,
    db,
    log,
    locks: config.jobs,
    onJobDone: (queue, outcome, ms, result) => {
      recordJobDone(queue, outcome, ms, result);
      o.onJobDone?.(queue, outcome, ms, result);
    },
    poll: runsPollers
      ? {
          concurrency: config.concurrency.poll,
          deps: fetching.poll,
        }
      : undefined,
    classify: runsWorkers
      ? {
          concurrency: config.concurrency.classify,
          deps: { db, lex: engine.lex, version: engine.version, log: log.child({ module: 'classify' }) },
          batch: { ...CLASSIFY_BATCH, afterCommit: () => refresher?.kick() },
        }
      : undefined,
    fetchPage: runsWorkers
      ? {
          concurrency: config.concurrency.page,
          deps: fetching.page,
        }
      : undefined,
  });
  classifyIdleFor = workers.classifyIdleFor;

  const reconcile = (afterS = config.reconcile.afterS) =>
    reconcilePending(db, enqueue, afterS, 1000, (stale) => clearFinishedJobs(queues.classify, stale, log.child({ module: 'reconciler' })));
  const timers: NodeJS.Timeout[] = [];
  if (o.timers && runsPollers) {
    const sync = async (onlyIfMissing: boolean) => {
      try {
        const feeds = await listFeeds(db, { enabledOnly: true });
        // Schedulers live in Redis only: a Redis restart without persistence or a FLUSHALL drops
        // them, and no feed would be polled again. Recreate them as soon as some are missing.
        if (onlyIfMissing && (await queues.poll.getJobSchedulersCount()) >= feeds.length) return;
        const r = await syncSchedulers(queues.poll, feeds);
        if (onlyIfMissing) log.warn({ schedulers: r.upserted }, 'Feed schedulers were missing in Redis; recreated them');
      } catch (raw) {
        log.error({ err: coerceError(raw) }, 'Unable to sync feed schedulers');
      }
    };
    await sync(false);
    timers.push(setInterval(() => void sync(false), 5 * 60_000));
    let reconciling = false; // one pass at a time: a pass can outlast the interval while Redis is down
    timers.push(
      setInterval(async () => {
        if (reconciling) return;
        reconciling = true;
        try {
          await sync(true);
          const n = await reconcile();
          if (n) log.info({ articles: n }, 'Re-enqueued pending articles');
        } catch (raw) {
          log.error({ err: coerceError(raw) }, 'Unable to reconcile pending articles');
        } finally {
          reconciling = false;
        }
      }, config.reconcile.everyS * 1000),
    );
  }
  for (const t of timers) t.unref();

  return {
    queues,
    enqueue,
    workers,
    redis,
    reconcile,
    pollNow: (feedIds) => pollNow(queues, feedIds),
    async idle() {
      for (const q of [queues.classify, queues.fetchPage]) if ((await unfinishedJobs(q)) > 0) return false;
      // Idle means the results are all there: launch events included.
      await refresher?.flush();
      return true;
    },
    async close({ graceMs = config.shutdownGraceMs } = {}) {
      for (const t of timers) clearInterval(t);
      // Let in-flight jobs finish within the grace period, then stop waiting for them: their
      // locks expire and another worker (or the next start) takes them again.
      let timer: NodeJS.Timeout | undefined;
      const graceful = workers.close(false).then(() => true);
      const expired = new Promise<boolean>((r) => (timer = setTimeout(() => r(false), graceMs)));
      const clean = await Promise.race([graceful, expired]);
      clearTimeout(timer);
      if (!clean) {
        log.warn({ graceMs }, 'Jobs still running after the grace period; closing workers without waiting');
        // A forced close does not wait for the hung processors, but it may still wait on them
        // through BullMQ's internals: bound it too, so the whole shutdown stays near graceMs.
        await Promise.race([workers.close(true), new Promise((r) => setTimeout(r, 500))]);
      }
      // A clean stop leaves the launch events up to date (bounded: a mark left behind is picked up
      // by the next process's sweep).
      if (refresher) {
        await withTimeout(refresher.flush(), 1_000, 'the launch-event refresh').catch((raw) =>
          log.warn({ err: coerceError(raw) }, 'Unable to refresh stale launch events at shutdown'),
        );
        await refresher.close();
      }
      await queues.close().catch(() => undefined);
      workerRedis.disconnect();
      redis.disconnect();
    },
  };
}

/**
 * Batches of up to 100 articles (a many-article job fills one), four at most at once per
 * process, so batches fill (and do their lock-free work) while others commit or wait on the
 * (company, model) locks. Four measured slower than three while the main thread was saturated,
 * and faster once it had room (docs/performance.md, items 11 and 25). 20 ms is short beside a
 * job's queue time and long enough to gather single-article jobs.
 */
const CLASSIFY_BATCH = { maxItems: 100, maxWaitMs: 20, maxInFlight: 4 } as const;

async function checkRedis(redis: Redis, config: Readonly<Config>, log: Logger): Promise<void> {
  try {
    await redis.ping();
  } catch (raw) {
    redis.disconnect();
    const err = coerceError(raw);
    throw new UserError(`cannot reach Redis at ${config.redisUrl}: ${err.message} — check REDIS_URL and that the server runs`, { cause: err });
  }
  const policy = await maxmemoryPolicy(redis);
  if (policy && policy !== 'noeviction') {
    const msg = `Redis maxmemory-policy is ${policy}; BullMQ needs noeviction or jobs can be evicted`;
    if (config.requireNoeviction) {
      redis.disconnect();
      throw new UserError(`${msg} (set it with: redis-cli config set maxmemory-policy noeviction)`);
    }
    log.warn({ policy }, msg);
  }
}

/** Adds one forced poll job per feed and waits for each to end (completed or failed). */
async function pollNow(queues: Queues, feedIds: readonly number[]): Promise<PollResult[]> {
  const runId = Date.now().toString(36);
  const jobs = await queues.poll.addBulk(
    feedIds.map((feedId) => ({ name: 'poll-now', data: { feedId }, opts: { jobId: `now-${runId}-${feedId}`, attempts: 2, removeOnComplete: false, removeOnFail: false } })),
  );
  const results: PollResult[] = [];
  for (const job of jobs) {
    for (;;) {
      const state = await job.getState();
      if (state === 'completed' || state === 'failed' || state === 'unknown') {
        const fresh = await queues.poll.getJob(job.id!);
        const feedId = job.data.feedId;
        if (state === 'completed' && fresh?.returnvalue) results.push(fresh.returnvalue as PollResult);
        else results.push({ feedId, url: '', status: 'error', newArticles: 0, seenArticles: 0, rejectedItems: 0, error: fresh?.failedReason ?? 'poll job lost' });
        await fresh?.remove().catch(() => undefined);
        break;
      }
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  return results;
}
