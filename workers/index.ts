import { Worker, UnrecoverableError, type Job, type ConnectionOptions } from 'bullmq';
import type { Logger } from 'pino';
import { QUEUE_NAMES, type ClassifyJobData, type FetchPageJobData, type PollJobData } from '../src/queue/queues.js';
import { markArticleFailed } from '../src/db/sql/articles.js';
import type { Db } from '../src/db/db.js';
import { coerceError } from '../src/errors.js';
import { pollFeed, type PollDeps } from './poll-feed.js';
import { classifyArticle, classifyMany, createClassifyBatcher, type ClassifyBatcher, type ClassifyBatchOptions, type ClassifyDeps } from './classify.js';
import { fetchArticlePage, type FetchPageDeps } from './fetch-page.js';

export interface WorkerSet {
  workers: Worker[];
  /**
   * How long (ms) the classify worker has had no article to classify; 0 while it has one, and
   * always 0 without a batcher or a classify worker (nothing tells it is idle).
   */
  classifyIdleFor(): number;
  close(force?: boolean): Promise<void>;
}

export interface StartWorkersOptions {
  connection: ConnectionOptions;
  prefix: string;
  db: Db;
  log: Logger;
  poll?: { deps: PollDeps; concurrency: number };
  /** With `batch`, concurrent jobs share transactions (each still acked after its own commit). */
  classify?: { deps: ClassifyDeps; concurrency: number; batch?: ClassifyBatchOptions };
  fetchPage?: { deps: FetchPageDeps; concurrency: number };
  /** Job lock settings; BullMQ's defaults (30 s) when absent. */
  locks?: { lockDurationMs: number; stalledIntervalMs: number };
  /** Called after each job ends (metrics, run --once progress). */
  onJobDone?: (queue: string, outcome: 'completed' | 'failed', ms: number, result: unknown) => void;
}

/** Boots one BullMQ Worker per queue with error listeners and outcome logging; thin. */
export function startWorkers(o: StartWorkersOptions): WorkerSet {
  const workers: Worker[] = [];
  let classifyBatcher: ClassifyBatcher | null = null;
  // A worker that stops renewing its locks (crashed, frozen, event loop blocked) loses its jobs to
  // the stalled-job check after lockDuration; the job runs again elsewhere (at least once).
  const locks = o.locks ? { lockDuration: o.locks.lockDurationMs, stalledInterval: o.locks.stalledIntervalMs } : {};
  const common = { connection: o.connection, prefix: o.prefix, autorun: true, ...locks };
  if (o.poll) {
    const { deps } = o.poll;
    workers.push(
      new Worker<PollJobData>(QUEUE_NAMES.poll, (job) => pollFeed(deps, job.data.feedId, { force: job.name === 'poll-now' }), {
        ...common,
        concurrency: o.poll.concurrency,
      }),
    );
  }
  if (o.classify) {
    const { deps, batch } = o.classify;
    const batcher = batch ? createClassifyBatcher(deps, batch) : null;
    classifyBatcher = batcher;
    const classify = batcher ? (id: number) => batcher.classify(id) : (id: number) => classifyArticle(deps, id);
    // Without a batcher, a many-article job's articles go one after another, not all at once.
    let chain: Promise<unknown> = Promise.resolve();
    const inTurn = (id: number) => {
      const p = chain.then(() => classify(id));
      chain = p.catch(() => undefined);
      return p;
    };
    workers.push(
      new Worker<ClassifyJobData>(
        QUEUE_NAMES.classify,
        (job) => {
          if (!('articleIds' in job.data)) return classify(requireId(job.data.articleId));
          const lastAttempt = job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
          return classifyMany(deps, requireIds(job.data.articleIds), batcher ? classify : inTurn, lastAttempt);
        },
        { ...common, concurrency: o.classify.concurrency },
      ),
    );
  }
  if (o.fetchPage) {
    const { deps } = o.fetchPage;
    workers.push(
      new Worker<FetchPageJobData>(QUEUE_NAMES.fetchPage, (job) => fetchArticlePage(deps, requireId(job.data.articleId)), {
        ...common,
        concurrency: o.fetchPage.concurrency,
      }),
    );
  }
  for (const w of workers) wire(w, o);
  return {
    workers,
    classifyIdleFor: () => classifyBatcher?.idleFor() ?? 0,
    async close(force = false) {
      await Promise.all(workers.map((w) => w.close(force)));
    },
  };
}

function requireIds(ids: unknown): number[] {
  if (!Array.isArray(ids) || ids.length === 0) throw new UnrecoverableError(`invalid job data: articleIds ${JSON.stringify(ids)}`);
  return ids.map(requireId);
}

function requireId(id: unknown): number {
  if (typeof id !== 'number' || !Number.isSafeInteger(id) || id <= 0) throw new UnrecoverableError(`invalid job data: articleId ${String(id)}`);
  return id;
}

function wire(w: Worker, o: StartWorkersOptions): void {
  const log = o.log.child({ module: 'worker', queue: w.name });
  w.on('error', (err) => {
    // A lost lock ("could not renew lock", "Missing lock", "Lock mismatch") is how a stall looks from
    // the slow worker's side: another worker has the job and the writes are idempotent. Not an error.
    if (/\block\b/i.test(err.message)) log.warn({ err }, 'Worker lost a job lock; the job runs again elsewhere');
    else log.error({ err }, 'Worker error');
  });
  // A stalled job lost its lock (its worker crashed, froze or blocked its event loop too long)
  // and goes back to the queue: it will run again, which the idempotent writes absorb.
  w.on('stalled', (jobId: string) => log.warn({ jobId }, 'Job stalled; it will run again'));
  w.on('completed', (job: Job, result: unknown) => {
    const ms = (job.finishedOn ?? Date.now()) - (job.processedOn ?? Date.now());
    log.debug({ jobId: job.id, attempt: job.attemptsMade, ms }, 'Completed job');
    o.onJobDone?.(w.name, 'completed', ms, result);
  });
  w.on('failed', (job: Job | undefined, raw: Error) => {
    const err = coerceError(raw);
    if (!job) return;
    const ms = (job.finishedOn ?? Date.now()) - (job.processedOn ?? Date.now());
    const final = err instanceof UnrecoverableError || err.name === 'UnrecoverableError' || job.attemptsMade >= (job.opts.attempts ?? 1);
    log.warn({ err, jobId: job.id, attempt: job.attemptsMade, of: job.opts.attempts, ms, final }, 'Failed job');
    o.onJobDone?.(w.name, 'failed', ms, undefined);
    // The article's row keeps the reason once the queue gives up on it, so nothing waits on it
    // forever. A many-article job given up on (stalled too often, Postgres down past its retries)
    // marks nothing: one poison article must not fail its 99 neighbours. Its unfinished articles
    // stay pending and the reconciler retries them one job each, where the same rule applies.
    const articleId = (job.data as { articleId?: unknown }).articleId;
    if (final && w.name === QUEUE_NAMES.classify && typeof articleId === 'number') {
      markArticleFailed(o.db, articleId, err.message).catch((e) => log.error({ err: coerceError(e), articleId }, 'Unable to mark article failed'));
    }
  });
}
