import { Writable } from 'node:stream';
import pino from 'pino';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { startEventRefresher, type EventRefresher } from '../../../src/pipeline/event-refresher.js';
import type { RefreshResult } from '../../../src/db/sql/events-stale.js';
import { silentLogger } from '../../../src/logger.js';

// The refresher is scheduling only: a fake refresh() stands for the refresh transaction, and fake
// timers make "within delayMs" exact instead of racing real clocks.

const DELAY = 20;

const done = (refreshed: number, more = false): RefreshResult => ({ refreshed, deleted: [], more });

/** A promise resolved from outside, to hold a refresh "running" as long as a test needs. */
function gate<T>() {
  let open!: (v: T) => void;
  let fail!: (e: Error) => void;
  const promise = new Promise<T>((res, rej) => {
    open = res;
    fail = rej;
  });
  return { promise, open, fail };
}

/**
 * A fake refresh: each call takes the next scripted answer (a result, an error, or a gate to wait
 * on) and answers nothing-stale when the script is done. Counts calls and the most ever in flight.
 */
function fakeRefresh(script: (RefreshResult | Error | Promise<RefreshResult>)[] = []) {
  const s = { calls: 0, inFlight: 0, maxInFlight: 0 };
  const refresh = async (): Promise<RefreshResult> => {
    s.calls++;
    s.inFlight++;
    s.maxInFlight = Math.max(s.maxInFlight, s.inFlight);
    try {
      const next = script.shift() ?? done(0);
      if (next instanceof Error) throw next;
      return await next;
    } finally {
      s.inFlight--;
    }
  };
  return { refresh, s };
}

/** A pino logger whose lines land in an array (to check what a failure logs). */
function capturingLogger() {
  const lines: { level: number; msg: string; err?: { message: string } }[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _enc, cb) {
      lines.push(JSON.parse(chunk.toString()));
      cb();
    },
  });
  return { log: pino({ level: 'debug' }, stream), lines };
}

/** Lets pending timers up to `ms` fire and every promise they settle run. */
const advance = (ms: number) => vi.advanceTimersByTimeAsync(ms);

describe('startEventRefresher', () => {
  let r: EventRefresher | null = null;

  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(async () => {
    await r?.close();
    r = null;
    vi.useRealTimers();
  });

  it('coalesces many kicks within delayMs into one refresh pass', async () => {
    const f = fakeRefresh([done(3)]);
    r = startEventRefresher({ refresh: f.refresh, delayMs: DELAY, sweepMs: 0, log: silentLogger });
    for (let i = 0; i < 5; i++) r.kick();
    await advance(DELAY - 1);
    expect(f.s.calls).toBe(0);
    r.kick();
    await advance(1);
    expect(f.s.calls).toBe(1);
    await advance(DELAY * 10);
    // A background pass stops when the refresh says nothing more is left (more: false).
    expect(f.s.calls).toBe(1);
    expect(r.stats()).toEqual({ refreshes: 1, events: 3 });
  });

  it('keeps refreshing within one background pass while the refresh reports more', async () => {
    const f = fakeRefresh([done(2000, true), done(2000, true), done(7)]);
    r = startEventRefresher({ refresh: f.refresh, delayMs: DELAY, sweepMs: 0, log: silentLogger });
    r.kick();
    await advance(DELAY);
    expect(f.s.calls).toBe(3);
    expect(r.stats()).toEqual({ refreshes: 3, events: 4007 });
  });

  it('does not lose a kick made while a refresh runs: another pass follows it', async () => {
    const first = gate<RefreshResult>();
    const f = fakeRefresh([first.promise, done(1)]);
    r = startEventRefresher({ refresh: f.refresh, delayMs: DELAY, sweepMs: 0, log: silentLogger });
    r.kick();
    await advance(DELAY);
    expect(f.s.calls).toBe(1);
    // Marks made now may be newer than what the running refresh read.
    r.kick();
    await advance(DELAY * 5);
    expect(f.s.calls).toBe(1);
    first.open(done(2));
    await advance(DELAY);
    expect(f.s.calls).toBe(2);
    expect(f.s.maxInFlight).toBe(1);
    expect(r.stats()).toEqual({ refreshes: 2, events: 3 });
  });

  it('waits pace times as long as the last refresh took before the next, up to maxDelayMs', async () => {
    const slow = gate<RefreshResult>();
    const slower = gate<RefreshResult>();
    const f = fakeRefresh([slow.promise, slower.promise, done(1)]);
    r = startEventRefresher({ refresh: f.refresh, delayMs: DELAY, pace: 10, maxDelayMs: 1000, sweepMs: 0, log: silentLogger });
    r.kick();
    await advance(DELAY);
    expect(f.s.calls).toBe(1);
    await advance(50); // the refresh takes 50 ms
    slow.open(done(1));
    await advance(0);
    r.kick();
    await advance(499);
    expect(f.s.calls).toBe(1);
    await advance(1);
    expect(f.s.calls).toBe(2);
    await advance(400); // 400 ms: ten times would be 4 s, capped at 1 s
    slower.open(done(1));
    await advance(0);
    r.kick();
    await advance(999);
    expect(f.s.calls).toBe(2);
    await advance(1);
    expect(f.s.calls).toBe(3);
    // flush() does not wait.
    await r.flush();
    expect(f.s.calls).toBe(4);
  });

  it('refreshes once the classifier has been idle quietMs, without waiting out the delay or the pace', async () => {
    const slow = gate<RefreshResult>();
    const f = fakeRefresh([slow.promise, done(1)]);
    let idleSince: number | null = null; // null: the classifier is busy
    const idleFor = () => (idleSince === null ? 0 : Date.now() - idleSince);
    r = startEventRefresher({ refresh: f.refresh, delayMs: 1000, pace: 10, maxDelayMs: 30_000, idleFor, quietMs: 50, sweepMs: 0, log: silentLogger });
    r.kick();
    await advance(300);
    expect(f.s.calls).toBe(0); // busy: the kick waits
    idleSince = Date.now();
    await advance(49);
    expect(f.s.calls).toBe(0);
    await advance(1);
    expect(f.s.calls).toBe(1); // quiet for 50 ms: long before the 1 s delay
    await advance(2000); // the refresh takes 2 s: paced, the next kick would wait 20 s
    slow.open(done(1));
    await advance(0);
    idleSince = null;
    r.kick();
    await advance(5000);
    expect(f.s.calls).toBe(1);
    idleSince = Date.now();
    await advance(49);
    expect(f.s.calls).toBe(1);
    await advance(1);
    expect(f.s.calls).toBe(2);
  });

  it('keeps the delay and the pace while the classifier stays busy', async () => {
    const f = fakeRefresh([done(1)]);
    r = startEventRefresher({ refresh: f.refresh, delayMs: 1000, idleFor: () => 0, quietMs: 50, sweepMs: 0, log: silentLogger });
    r.kick();
    await advance(999);
    expect(f.s.calls).toBe(0);
    await advance(1);
    expect(f.s.calls).toBe(1);
  });

  it('flush() refreshes until a refresh finds nothing stale, even when more is false', async () => {
    const f = fakeRefresh([done(3, true), done(2), done(1), done(0)]);
    r = startEventRefresher({ refresh: f.refresh, delayMs: DELAY, sweepMs: 0, log: silentLogger });
    await r.flush();
    expect(f.s.calls).toBe(4);
    expect(r.stats()).toEqual({ refreshes: 3, events: 6 });
  });

  it('flush() waits for a running pass before its own', async () => {
    const running = gate<RefreshResult>();
    const f = fakeRefresh([running.promise, done(4), done(0)]);
    r = startEventRefresher({ refresh: f.refresh, delayMs: DELAY, sweepMs: 0, log: silentLogger });
    r.kick();
    await advance(DELAY);
    expect(f.s.calls).toBe(1);
    let flushed = false;
    const flushing = r.flush().then(() => (flushed = true));
    await advance(DELAY * 5);
    expect(f.s.calls).toBe(1);
    expect(flushed).toBe(false);
    running.open(done(1));
    await flushing;
    expect(f.s.calls).toBe(3);
    expect(f.s.maxInFlight).toBe(1);
    expect(r.stats()).toEqual({ refreshes: 2, events: 5 });
  });

  it('flush() waits for a running pass that fails, then runs its own', async () => {
    const running = gate<RefreshResult>();
    const f = fakeRefresh([running.promise, done(2), done(0)]);
    r = startEventRefresher({ refresh: f.refresh, delayMs: DELAY, sweepMs: 0, log: silentLogger });
    r.kick();
    await advance(DELAY);
    const flushing = r.flush();
    running.fail(new Error('connection lost'));
    await flushing;
    expect(f.s.calls).toBe(3);
    expect(r.stats()).toEqual({ refreshes: 1, events: 2 });
  });

  it('flush() rejects when a refresh fails', async () => {
    const f = fakeRefresh([done(1, true), new Error('deadlock detected')]);
    r = startEventRefresher({ refresh: f.refresh, delayMs: DELAY, sweepMs: 0, log: silentLogger });
    await expect(r.flush()).rejects.toThrow('deadlock detected');
    // The failed pass is over: the next flush runs.
    await r.flush();
    expect(f.s.calls).toBe(3);
  });

  it('logs a failing background refresh and keeps serving later kicks', async () => {
    const { log, lines } = capturingLogger();
    const f = fakeRefresh([new Error('statement timeout'), done(2)]);
    r = startEventRefresher({ refresh: f.refresh, delayMs: DELAY, sweepMs: 0, log });
    r.kick();
    await advance(DELAY);
    expect(f.s.calls).toBe(1);
    const warn = lines.filter((l) => l.level === 40);
    expect(warn).toHaveLength(1);
    expect(warn[0]!.msg).toMatch(/Unable to refresh stale launch events/);
    expect(warn[0]!.err?.message).toBe('statement timeout');
    expect(r.stats()).toEqual({ refreshes: 0, events: 0 });
    r.kick();
    await advance(DELAY);
    expect(f.s.calls).toBe(2);
    expect(r.stats()).toEqual({ refreshes: 1, events: 2 });
  });

  it('sweeps every sweepMs without a kick', async () => {
    const f = fakeRefresh([done(1), done(1)]);
    r = startEventRefresher({ refresh: f.refresh, delayMs: DELAY, sweepMs: 100, log: silentLogger });
    await advance(99 + DELAY);
    expect(f.s.calls).toBe(0);
    await advance(1);
    expect(f.s.calls).toBe(1);
    await advance(100);
    expect(f.s.calls).toBe(2);
  });

  it('close() cancels a pending kick and the sweep: nothing refreshes after it', async () => {
    const f = fakeRefresh();
    r = startEventRefresher({ refresh: f.refresh, delayMs: DELAY, sweepMs: 50, log: silentLogger });
    r.kick();
    await r.close();
    r.kick();
    await advance(1000);
    expect(f.s.calls).toBe(0);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('close() waits for the running refresh', async () => {
    const running = gate<RefreshResult>();
    const f = fakeRefresh([running.promise]);
    r = startEventRefresher({ refresh: f.refresh, delayMs: DELAY, sweepMs: 0, log: silentLogger });
    r.kick();
    await advance(DELAY);
    let closed = false;
    const closing = r.close().then(() => (closed = true));
    await advance(DELAY);
    expect(closed).toBe(false);
    running.open(done(1));
    await closing;
    expect(f.s.inFlight).toBe(0);
    expect(r.stats()).toEqual({ refreshes: 1, events: 1 });
  });
});
