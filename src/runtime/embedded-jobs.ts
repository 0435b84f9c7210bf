import type { Logger } from 'pino';
import type { Config } from '../config.js';
import type { Db } from '../db/db.js';
import type { Engine } from './context.js';
import type { JobRuntime } from './service.js';
import { fetchJobDeps } from './context.js';
import { JobLane, type Retry } from './embedded-lane.js';
import { startFeedTicker } from './embedded-ticker.js';
import { DEFAULT_JOB_OPTIONS, QUEUE_NAMES, classifyJobId } from '../queue/queues.js';
import type { ArticleRef, Enqueuer } from '../pipeline/enqueuer.js';
import { reconcilePending } from '../scheduling/reconciler.js';
import { markArticleFailed } from '../db/sql/articles.js';
import { recordJobDone } from '../http/metrics.js';
import { coerceError } from '../errors.js';
import { outsideTransaction } from './embedded-tx-scope.js';
import { pollFeed, type PollResult } from '../../workers/poll-feed.js';
import { classifyArticle } from '../../workers/classify.js';
import { fetchArticlePage } from '../../workers/fetch-page.js';

export interface EmbeddedJobsOptions {
  config: Readonly<Config>;
  db: Db;
  engine: Engine;
  log: Logger;
  extraAllowHosts?: readonly string[];
  /** Keep the feed schedule and the reconciler running (the service) or not (--once). */
  timers: boolean;
  onJobDone?: (queue: string, outcome: 'completed' | 'failed', ms: number, result: unknown) => void;
}

interface PollJob {
  feedId: number;
  force: boolean;
}

// The same attempts and backoff as the BullMQ queues (queues.ts, schedulers.ts, bullmq-enqueuer.ts).
const ARTICLE_RETRY: Retry = { attempts: DEFAULT_JOB_OPTIONS.attempts ?? 5, delayMs: 2000, jitter: 0.5 };
const PAGE_RETRY: Partial<Retry> = { attempts: 2 };
const SCHEDULED_POLL_RETRY: Retry = { attempts: 3, delayMs: 5000, jitter: 0.5 };
const POLL_NOW_RETRY: Partial<Retry> = { attempts: 2 };

/**
 * In-process jobs for embedded mode (no Redis): the same processors as the BullMQ workers, one
 * p-queue lane per job kind with the configured concurrency, and (for the service) a ticker that
 * polls feeds when due plus the reconciler. Postgres stays the record of the work, so what a
 * crash or a shutdown drops is found again at the next start.
 */
export async function startEmbeddedJobs(o: EmbeddedJobsOptions): Promise<JobRuntime> {
  const { config, db, engine, log } = o;
  const onDone = (queue: string, outcome: 'completed' | 'failed', ms: number, result: unknown): void => {
    recordJobDone(queue, outcome, ms, result);
    o.onJobDone?.(queue, outcome, ms, result);
  };
  const laneLog = (queue: string) => log.child({ module: 'worker', queue });

  // Lanes refer to the enqueuer and the enqueuer to the lanes; the functions run only later.
  const classifyEach = async (articles: readonly ArticleRef[]) => {
    // Jobs start from here synchronously; they must not inherit a caller's transaction scope.
    outsideTransaction(() => {
      for (const a of articles) void classify.add(a.id, { key: classifyJobId(a.article_key) });
    });
  };
  const enqueue: Enqueuer = {
    classify: classifyEach,
    // One embedded process classifies one article at a time: grouping would buy nothing here.
    classifyNew: classifyEach,
    async fetchPage(articles: readonly ArticleRef[]) {
      outsideTransaction(() => {
        for (const a of articles) void fetchPage.add(a.id, { key: `p-${a.article_key}`, retry: PAGE_RETRY });
      });
    },
  };
  const classifyDeps = { db, lex: engine.lex, version: engine.version, log: log.child({ module: 'classify' }) };
  const classify = new JobLane<number, unknown>({
    name: QUEUE_NAMES.classify,
    concurrency: config.concurrency.classify,
    process: (articleId) => classifyArticle(classifyDeps, articleId),
    retry: ARTICLE_RETRY,
    log: laneLog(QUEUE_NAMES.classify),
    onDone,
    // The article's row keeps the reason once retries are spent, so nothing waits on it forever.
    onGiveUp: (articleId, err) =>
      void markArticleFailed(db, articleId, err.message).catch((raw) => log.error({ err: coerceError(raw), articleId }, 'Unable to mark article failed')),
  });
  const { poll: pollDeps, page: pageDeps } = fetchJobDeps(config, { db, enqueue, log }, o.extraAllowHosts);
  const fetchPage = new JobLane<number, unknown>({
    name: QUEUE_NAMES.fetchPage,
    concurrency: config.concurrency.page,
    process: (articleId) => fetchArticlePage(pageDeps, articleId),
    retry: ARTICLE_RETRY,
    log: laneLog(QUEUE_NAMES.fetchPage),
    onDone,
  });
  const poll = new JobLane<PollJob, PollResult>({
    name: QUEUE_NAMES.poll,
    concurrency: config.concurrency.poll,
    process: (job) => pollFeed(pollDeps, job.feedId, { force: job.force }),
    retry: SCHEDULED_POLL_RETRY,
    log: laneLog(QUEUE_NAMES.poll),
    onDone,
  });

  const reconcile = (afterS = config.reconcile.afterS) => reconcilePending(db, enqueue, afterS);
  const ticker = o.timers
    ? startFeedTicker({
        db,
        log,
        reconcile,
        reconcileEveryS: config.reconcile.everyS,
        poll: (feedId) => poll.add({ feedId, force: false }, { key: `feed-${feedId}` }),
      })
    : null;

  log.info(
    {
      mode: 'embedded',
      database: db.kind === 'pglite' ? describeEmbedded(db) : 'Postgres (DATABASE_URL)',
      jobs: 'in-process (no Redis)',
      concurrency: config.concurrency,
      switch: 'set DATABASE_URL and REDIS_URL to run on Postgres and Redis (docker compose up -d postgres redis)',
    },
    'Running in embedded mode: jobs in this process',
  );

  return {
    enqueue,
    reconcile,
    async pollNow(feedIds) {
      const outcomes = await Promise.all(feedIds.map((feedId) => poll.add({ feedId, force: true }, { key: `now-${feedId}`, retry: POLL_NOW_RETRY })));
      return outcomes.map((out, i): PollResult => {
        if (out.ok) return out.value;
        const feedId = feedIds[i]!;
        return { feedId, url: '', status: 'error', newArticles: 0, seenArticles: 0, rejectedItems: 0, error: out.error.message };
      });
    },
    async idle() {
      return classify.busy === 0 && fetchPage.busy === 0;
    },
    async close({ graceMs = config.shutdownGraceMs } = {}) {
      ticker?.stop();
      // Polls first, so they stop feeding the article lanes; then the article lanes.
      const results = await Promise.all([poll.close(graceMs), fetchPage.close(graceMs), classify.close(graceMs)]);
      if (results.includes(false)) log.warn({ graceMs }, 'Jobs still running after the grace period; their articles stay pending for the next start');
    },
  };
}

function describeEmbedded(db: Db): string {
  const e = db as Db & { dataDir?: string; psql?: { command: string } | null };
  return `PGlite in ${e.dataDir ?? 'the data folder'}${e.psql ? `, psql: ${e.psql.command}` : ''}`;
}
