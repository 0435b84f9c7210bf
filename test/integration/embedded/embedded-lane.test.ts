import { describe, expect, it } from 'vitest';
import { UnrecoverableError } from 'bullmq';
import { JobLane, backoffMs, type LaneOptions } from '../../../src/runtime/embedded-lane.js';
import { silentLogger } from '../../../src/logger.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function lane<D, R>(process: (d: D) => Promise<R>, extra: Partial<LaneOptions<D, R>> = {}): JobLane<D, R> {
  return new JobLane<D, R>({ name: 'test', concurrency: 2, process, retry: { attempts: 3, delayMs: 20, jitter: 0 }, log: silentLogger, ...extra });
}

describe('JobLane', () => {
  it('runs at most `concurrency` jobs at once and reports each outcome', async () => {
    let running = 0;
    let peak = 0;
    const done: string[] = [];
    const l = lane(
      async (n: number) => {
        running++;
        peak = Math.max(peak, running);
        await sleep(20);
        running--;
        return n * 2;
      },
      { onDone: (_q, outcome) => done.push(outcome) },
    );
    const out = await Promise.all([1, 2, 3, 4, 5].map((n) => l.add(n)));
    expect(out).toEqual([1, 2, 3, 4, 5].map((n) => ({ ok: true, value: n * 2 })));
    expect(peak).toBe(2);
    expect(done).toEqual(Array(5).fill('completed'));
    expect(l.busy).toBe(0);
  });

  it('runs a key once while it waits or runs, and again once finished', async () => {
    let runs = 0;
    const l = lane(async () => {
      runs++;
      await sleep(10);
    });
    await Promise.all([l.add(1, { key: 'a' }), l.add(1, { key: 'a' }), l.add(1, { key: 'a' })]);
    expect(runs).toBe(1);
    await l.add(1, { key: 'a' });
    expect(runs).toBe(2);
  });

  it('retries thrown errors with backoff, then gives up and says so once', async () => {
    const at: number[] = [];
    const gaveUp: Error[] = [];
    const l = lane(
      async () => {
        at.push(Date.now());
        throw new Error('db down');
      },
      { onGiveUp: (_d, err) => gaveUp.push(err), retry: { attempts: 3, delayMs: 40, jitter: 0 } },
    );
    const out = await l.add(7);
    expect(out.ok).toBe(false);
    expect(at).toHaveLength(3);
    expect(at[1]! - at[0]!).toBeGreaterThanOrEqual(35);
    expect(at[2]! - at[1]!).toBeGreaterThanOrEqual(75);
    expect(gaveUp.map((e) => e.message)).toEqual(['db down']);
  });

  it('does not retry an unrecoverable error, and succeeds on a later attempt', async () => {
    let calls = 0;
    const l = lane(async (kind: string) => {
      calls++;
      if (kind === 'bad') throw new UnrecoverableError('invalid job data');
      if (calls < 3) throw new Error('flaky');
      return 'ok';
    });
    expect((await l.add('bad')).ok).toBe(false);
    expect(calls).toBe(1);
    expect(await l.add('good')).toEqual({ ok: true, value: 'ok' });
  });

  it('closes: drops waiting jobs, waits for running ones, refuses new ones', async () => {
    let finished = 0;
    const l = new JobLane<number, void>({
      name: 'test',
      concurrency: 1,
      process: async () => {
        await sleep(50);
        finished++;
      },
      retry: { attempts: 1, delayMs: 1, jitter: 0 },
      log: silentLogger,
    });
    const first = l.add(1);
    const second = l.add(2);
    await sleep(10);
    expect(await l.close(1000)).toBe(true);
    expect(finished).toBe(1);
    expect(await first).toEqual({ ok: true, value: undefined });
    expect((await second).ok).toBe(false);
    expect((await l.add(3)).ok).toBe(false);
  });

  it('computes BullMQ-like exponential backoff with jitter', () => {
    const r = { attempts: 5, delayMs: 2000, jitter: 0.5 };
    expect([1, 2, 3].map((a) => backoffMs(r, a, () => 1))).toEqual([2000, 4000, 8000]);
    expect([1, 2, 3].map((a) => backoffMs(r, a, () => 0))).toEqual([1000, 2000, 4000]);
  });
});
