import type { Queue } from 'bullmq';
import type { PollJobData } from '../queue/queues.js';

/** Scheduler id of a feed's poll job: one per feed, so two pollers starting at once make one. */
export function feedSchedulerId(feedId: number): string {
  return `feed-${feedId}`;
}

/**
 * Makes the poll queue's job schedulers match the enabled feeds: upserts one per feed
 * (idempotent) and removes those of feeds that are gone or disabled.
 */
export async function syncSchedulers(
  queue: Queue<PollJobData>,
  feeds: readonly { id: number; enabled: boolean; poll_interval_s: number }[],
): Promise<{ upserted: number; removed: number }> {
  const wanted = new Map(feeds.filter((f) => f.enabled).map((f) => [feedSchedulerId(f.id), f]));
  for (const [id, f] of wanted) {
    await queue.upsertJobScheduler(
      id,
      { every: f.poll_interval_s * 1000 },
      { name: 'poll', data: { feedId: f.id }, opts: { attempts: 3, backoff: { type: 'exponential', delay: 5000, jitter: 0.5 } } },
    );
  }
  let removed = 0;
  const existing = await queue.getJobSchedulers(0, -1);
  for (const s of existing) {
    const key = s.key ?? s.id;
    if (key && !wanted.has(key)) {
      await queue.removeJobScheduler(key);
      removed++;
    }
  }
  return { upserted: wanted.size, removed };
}
