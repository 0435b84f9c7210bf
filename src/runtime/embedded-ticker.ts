import type { Logger } from 'pino';
import type { Db } from '../db/db.js';
import { listFeeds } from '../db/sql/feeds.js';
import { coerceError } from '../errors.js';
import type { JobOutcome } from './embedded-lane.js';

export interface FeedTickerOptions {
  db: Db;
  log: Logger;
  /** Queues one scheduled poll of a feed (deduplicated per feed by the caller). */
  poll: (feedId: number) => Promise<JobOutcome<unknown>>;
  reconcile: () => Promise<number>;
  reconcileEveryS: number;
  /** How often to look for due feeds. */
  tickMs?: number;
}

/**
 * The embedded stand-in for BullMQ's job schedulers: every tick, polls each enabled feed whose
 * next_check_at has come (the poller sets it from the feed's interval, backoff and Retry-After),
 * and now and then re-enqueues articles left pending. A feed whose poll job gave up (database
 * trouble) rests for its interval before the next try, instead of one try per tick.
 */
export function startFeedTicker(o: FeedTickerOptions): { stop(): void } {
  const restUntil = new Map<number, number>();
  const inFlight = new Set<number>();
  let ticking = false;
  let lastReconcile = Date.now();

  const tick = async (): Promise<void> => {
    if (ticking) return;
    ticking = true;
    try {
      const now = Date.now();
      for (const feed of await listFeeds(o.db, { enabledOnly: true })) {
        if (inFlight.has(feed.id) || (restUntil.get(feed.id) ?? 0) > now) continue;
        if (feed.next_check_at && feed.next_check_at.getTime() > now) continue;
        inFlight.add(feed.id);
        void o.poll(feed.id).then((out) => {
          inFlight.delete(feed.id);
          if (out.ok) restUntil.delete(feed.id);
          else restUntil.set(feed.id, Date.now() + feed.poll_interval_s * 1000);
        });
      }
    } catch (raw) {
      o.log.error({ err: coerceError(raw) }, 'Unable to look for due feeds');
    }
    if (Date.now() - lastReconcile >= o.reconcileEveryS * 1000) {
      lastReconcile = Date.now();
      try {
        const n = await o.reconcile();
        if (n) o.log.info({ articles: n }, 'Re-enqueued pending articles');
      } catch (raw) {
        o.log.error({ err: coerceError(raw) }, 'Unable to reconcile pending articles');
      }
    }
    ticking = false;
  };

  void tick();
  // Not unref'd: in embedded mode this timer is what keeps the service process alive.
  const timer = setInterval(() => void tick(), o.tickMs ?? 5000);
  return {
    stop() {
      clearInterval(timer);
    },
  };
}
