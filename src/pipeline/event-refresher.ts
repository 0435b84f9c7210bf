// Keeps launch events' aggregates up to date behind the classify batches. Batches mark the
// events they touch stale (src/db/sql/events-stale.ts) and kick the refresher; it waits
// `delayMs` (longer after a long refresh: `pace`) so the batches that commit meanwhile share one
// recomputation, or until the classifier has been idle for `quietMs`, then refreshes until
// no mark is left. A sweep every `sweepMs` picks up marks left by other processes or by a
// crash. One refresh runs at a time in a process (and, by an advisory lock, across processes).
import type { Logger } from 'pino';
import { coerceError } from '../errors.js';
import type { RefreshResult } from '../db/sql/events-stale.js';

export interface EventRefresherOptions {
  /** One refresh transaction (refreshStaleEvents bound to a database and version). */
  refresh(): Promise<RefreshResult>;
  /** How long a kick waits for more batches before refreshing. */
  delayMs: number;
  /**
   * A kick waits at least this many times as long as the last refresh took (at most maxDelayMs),
   * so refreshing takes at most about 1/(pace + 1) of the process whatever the events' size.
   * A refresh reads every link of the marked events: under a heavy reclassification, with
   * thousands of articles per event, one took 100–200 ms of the worker's main thread, the
   * thread that limits classification. 0 (default) keeps delayMs.
   */
  pace?: number;
  /** Upper bound of the paced wait (default: delayMs × 30). */
  maxDelayMs?: number;
  /**
   * How long (ms) the classifier this refresher trails has had nothing to do; 0 while it has
   * work. Once that reaches `quietMs`, a kick stops waiting: no later batch will share the
   * recomputation, and none is slowed by it. Without it a kick always waits its full delay.
   */
  idleFor?: () => number;
  /** Idle time after which a kick refreshes at once (default delayMs / 5). */
  quietMs?: number;
  /** Interval of the background sweep; 0 disables it. */
  sweepMs: number;
  log: Logger;
}

export interface EventRefresher {
  /** Asks for a refresh within delayMs (calls while one is pending add nothing). */
  kick(): void;
  /** Refreshes now until no stale event is left (marks of other processes too); rejects if a refresh fails. */
  flush(): Promise<void>;
  /** Refresh transactions that found work, and events they recomputed, so far. */
  stats(): { refreshes: number; events: number };
  /** Stops the timers and waits for a running refresh. */
  close(): Promise<void>;
}

export function startEventRefresher(o: EventRefresherOptions): EventRefresher {
  let timer: NodeJS.Timeout | null = null;
  let running: Promise<void> | null = null;
  let closed = false;
  let refreshes = 0;
  let events = 0;
  let lastMs = 0;
  let dueAt = 0;
  const maxDelayMs = o.maxDelayMs ?? o.delayMs * 30;
  const quietMs = o.quietMs ?? o.delayMs / 5;
  const wait = () => Math.max(o.delayMs, Math.min(maxDelayMs, (o.pace ?? 0) * lastMs));

  // One pass: refresh transactions until the marks that existed are gone (a pass takes at
  // most `limit` events per transaction). Marks made during the pass wait for the next kick.
  const pass = async (untilEmpty: boolean): Promise<void> => {
    for (;;) {
      const r = await o.refresh();
      if (r.refreshed > 0) {
        refreshes++;
        events += r.refreshed;
      }
      if (r.refreshed === 0 || (!r.more && !untilEmpty)) return;
    }
  };
  const start = (untilEmpty: boolean): Promise<void> => {
    const t0 = Date.now();
    const p = pass(untilEmpty).finally(() => {
      lastMs = Date.now() - t0;
      running = null;
    });
    running = p;
    return p;
  };
  const background = () => {
    timer = null;
    if (closed) return;
    // A refresh is running: this kick's marks may be newer than what it read, so try again later.
    if (running) {
      arm();
      return;
    }
    const idle = o.idleFor?.() ?? 0;
    const now = Date.now();
    if (now < dueAt && idle < quietMs) {
      // Not due and the classifier is busy: look again when it could have been quiet long enough.
      schedule(Math.min(dueAt - now, quietMs - idle));
      return;
    }
    start(false).catch((raw) => o.log.warn({ err: coerceError(raw) }, 'Unable to refresh stale launch events; the next sweep retries'));
  };
  const schedule = (ms: number) => {
    timer = setTimeout(background, ms);
    timer.unref();
  };
  const arm = () => {
    if (closed || timer) return;
    const ms = wait();
    dueAt = Date.now() + ms;
    schedule(o.idleFor ? Math.min(ms, quietMs) : ms);
  };
  const sweep = o.sweepMs > 0 ? setInterval(arm, o.sweepMs) : null;
  sweep?.unref();

  return {
    kick: arm,
    async flush() {
      while (running) await running.catch(() => undefined);
      await start(true);
    },
    stats: () => ({ refreshes, events }),
    async close() {
      closed = true;
      if (timer) clearTimeout(timer);
      timer = null;
      if (sweep) clearInterval(sweep);
      while (running) await running.catch(() => undefined);
    },
  };
}
