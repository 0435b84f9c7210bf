import type { Db } from '../db/db.js';
import type { JobRuntime } from '../runtime/service.js';
import type { PollResult } from '../../workers/poll-feed.js';

export interface OnceSummary {
  feedsPolled: number;
  feedsFailed: PollResult[];
  feedsNotModified: number;
  /** Feeds left alone because their server asked to wait (Retry-After). */
  feedsWaiting: PollResult[];
  articlesNew: number;
  articlesSeen: number;
  itemsRejected: number;
  recovered: number;
  classified: number;
  failedArticles: number;
  pending: number;
  eventsCreated: number;
  eventsUpdated: number;
  seconds: number;
  timedOut: boolean;
}

/**
 * Polls every given feed once, finishes the work a crash left (pending articles), waits until
 * the article queues are drained and every article is classified or failed, then summarises
 * from Postgres (so work done by other worker processes counts too).
 */
export async function runOnce(
  db: Db,
  jobs: JobRuntime,
  feedIds: readonly number[],
  opts: { timeoutMs: number; onProgress?: (line: string) => void },
): Promise<OnceSummary> {
  const started = new Date((await db.query<{ now: Date }>('select now() as now')).rows[0]!.now);
  const t0 = Date.now();
  const recovered = await jobs.reconcile(0);
  const polls = await jobs.pollNow(feedIds);
  opts.onProgress?.(`polled ${polls.length} feed(s); waiting for classification`);
  let timedOut = false;
  let lastReconcile = Date.now();
  for (;;) {
    const pending = await countPending(db);
    if (pending === 0 && (await jobs.idle())) break;
    if (Date.now() - t0 > opts.timeoutMs) {
      timedOut = true;
      break;
    }
    // Work can vanish from the queue (Redis flushed mid-run): put what is still pending back.
    if (pending > 0 && Date.now() - lastReconcile > 10_000 && (await jobs.idle())) {
      await jobs.reconcile(0);
      lastReconcile = Date.now();
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  const counts = await db.query<{ classified: number; failed: number; pending: number; created: number; updated: number }>(
    `select
       (select count(*) from articles where status = 'classified' and classified_at >= $1) as classified,
       (select count(*) from articles where status = 'failed') as failed,
       (select count(*) from articles where status = 'pending') as pending,
       (select count(*) from launch_events where created_at >= $1) as created,
       (select count(*) from launch_events where created_at < $1 and updated_at >= $1) as updated`,
    [started],
  );
  const c = counts.rows[0]!;
  return {
    feedsPolled: polls.length,
    feedsFailed: polls.filter((p) => p.status === 'error'),
    feedsNotModified: polls.filter((p) => p.status === 'not_modified').length,
    feedsWaiting: polls.filter((p) => p.status === 'waiting'),
    articlesNew: sum(polls, 'newArticles'),
    articlesSeen: sum(polls, 'seenArticles'),
    itemsRejected: sum(polls, 'rejectedItems'),
    recovered,
    classified: Number(c.classified),
    failedArticles: Number(c.failed),
    pending: Number(c.pending),
    eventsCreated: Number(c.created),
    eventsUpdated: Number(c.updated),
    seconds: (Date.now() - t0) / 1000,
    timedOut,
  };
}

async function countPending(db: Db): Promise<number> {
  const res = await db.query<{ n: number }>(`select count(*) as n from articles where status = 'pending'`);
  return Number(res.rows[0]!.n);
}

function sum(polls: PollResult[], key: 'newArticles' | 'seenArticles' | 'rejectedItems'): number {
  return polls.reduce((n, p) => n + p[key], 0);
}

/** The one-screen summary printed by `run --once`. */
export function formatSummary(s: OnceSummary): string[] {
  const ok = s.feedsPolled - s.feedsFailed.length - s.feedsNotModified - s.feedsWaiting.length;
  const waiting = s.feedsWaiting.length ? `, ${s.feedsWaiting.length} waiting on Retry-After` : '';
  const lines = [
    `feeds polled:      ${s.feedsPolled} (${ok} ok, ${s.feedsNotModified} not modified${waiting}, ${s.feedsFailed.length} failed)`,
    `articles:          ${s.articlesNew} new, ${s.articlesSeen} already seen, ${s.itemsRejected} item(s) rejected`,
    `classified:        ${s.classified} this run${s.recovered ? ` (${s.recovered} left pending by an earlier run)` : ''}, ${s.failedArticles} failed in all, ${s.pending} still pending`,
    `launch events:     ${s.eventsCreated} created, ${s.eventsUpdated} updated`,
    `time:              ${s.seconds.toFixed(1)} s${s.timedOut ? ' (timed out waiting for the queues)' : ''}`,
  ];
  for (const f of s.feedsFailed) lines.push(`failed feed:       ${f.url || `#${f.feedId}`}: ${f.error ?? 'unknown error'}`);
  for (const f of s.feedsWaiting) lines.push(`waiting feed:      ${f.url || `#${f.feedId}`}: ${f.error ?? 'Retry-After'}`);
  return lines;
}
