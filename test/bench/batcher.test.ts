import { describe, expect, it } from 'vitest';
import { createBatcher } from '../../src/pipeline/batcher.js';

describe('createBatcher', () => {
  it('flushes at maxItems and resolves each caller with its own outcome', async () => {
    const seen: number[][] = [];
    const b = createBatcher<number, number>({ maxItems: 3, maxWaitMs: 10_000, run: async (xs) => (seen.push([...xs]), xs.map((x) => x * 10)) });
    const out = await Promise.all([1, 2, 3].map((x) => b.add(x)));
    expect(out).toEqual([10, 20, 30]);
    expect(seen).toEqual([[1, 2, 3]]);
  });

  it('flushes a partial batch after maxWaitMs', async () => {
    const b = createBatcher<number, number>({ maxItems: 100, maxWaitMs: 20, run: async (xs) => xs.map((x) => x + 1) });
    const t0 = Date.now();
    expect(await b.add(1)).toBe(2);
    expect(Date.now() - t0).toBeGreaterThanOrEqual(15);
    expect(b.stats()).toEqual({ batches: 1, items: 1 });
  });

  it('fails only the item whose outcome is an Error, and every item when run throws', async () => {
    const b = createBatcher<number, number>({ maxItems: 2, maxWaitMs: 5, run: async (xs) => xs.map((x) => (x === 2 ? new Error('bad 2') : x)) });
    const [one, two] = await Promise.allSettled([b.add(1), b.add(2)]);
    expect(one).toEqual({ status: 'fulfilled', value: 1 });
    expect(two.status === 'rejected' && (two.reason as Error).message).toBe('bad 2');
    const c = createBatcher<number, number>({ maxItems: 2, maxWaitMs: 5, run: async () => Promise.reject(new Error('tx failed')) });
    const r = await Promise.allSettled([c.add(1), c.add(2)]);
    expect(r.map((x) => x.status)).toEqual(['rejected', 'rejected']);
  });

  it('reports how long it has had nothing to run or gather (the event refresher waits for that)', async () => {
    let commit!: () => void;
    const committed = new Promise<void>((r) => (commit = r));
    const b = createBatcher<number, number>({ maxItems: 2, maxWaitMs: 10_000, run: async (xs) => (await committed, [...xs]) });
    const p = b.add(1);
    expect(b.idleFor()).toBe(0); // gathering
    const q = b.add(2);
    expect(b.idleFor()).toBe(0); // running
    commit();
    await Promise.all([p, q]);
    await new Promise((r) => setTimeout(r, 30));
    expect(b.idleFor()).toBeGreaterThanOrEqual(25);
    void b.add(3);
    expect(b.idleFor()).toBe(0);
    await b.drain();
  });

  it('does not resolve before the batch run ends (ack only after commit)', async () => {
    let commit!: () => void;
    const committed = new Promise<void>((r) => (commit = r));
    let done = false;
    const b = createBatcher<number, string>({ maxItems: 1, maxWaitMs: 5, run: async (xs) => (await committed, xs.map(() => 'ok')) });
    const p = b.add(1).then((v) => ((done = true), v));
    await new Promise((r) => setTimeout(r, 30));
    expect(done).toBe(false);
    commit();
    expect(await p).toBe('ok');
  });

  it('runs the next batch while one is in flight, and drain waits for all', async () => {
    let active = 0;
    let peak = 0;
    const b = createBatcher<number, number>({
      maxItems: 2,
      maxWaitMs: 5,
      run: async (xs) => {
        peak = Math.max(peak, ++active);
        await new Promise((r) => setTimeout(r, 20));
        active--;
        return xs;
      },
    });
    const all = [1, 2, 3, 4].map((x) => b.add(x));
    await b.drain();
    expect(active).toBe(0);
    expect(peak).toBe(2);
    expect(await Promise.all(all)).toEqual([1, 2, 3, 4]);
  });
});

describe('createBatcher with maxInFlight', () => {
  it('gathers items while the cap is reached and sends them as one batch when a slot frees', async () => {
    const seen: number[][] = [];
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const b = createBatcher<number, number>({
      maxItems: 10,
      maxWaitMs: 1,
      maxInFlight: 1,
      run: async (xs) => {
        seen.push([...xs]);
        if (seen.length === 1) await gate;
        return xs;
      },
    });
    const first = b.add(0);
    await new Promise((r) => setTimeout(r, 10));
    // The first batch is running: these wait past their timer and go together.
    const rest = [1, 2, 3].map((x) => b.add(x));
    await new Promise((r) => setTimeout(r, 20));
    expect(seen).toEqual([[0]]);
    release();
    expect(await Promise.all([first, ...rest])).toEqual([0, 1, 2, 3]);
    expect(seen).toEqual([[0], [1, 2, 3]]);
  });

  it('never puts more than maxItems in a batch', async () => {
    const sizes: number[] = [];
    const b = createBatcher<number, number>({ maxItems: 3, maxWaitMs: 1, maxInFlight: 1, run: async (xs) => (sizes.push(xs.length), xs) });
    await Promise.all(Array.from({ length: 10 }, (_, i) => b.add(i)));
    expect(Math.max(...sizes)).toBeLessThanOrEqual(3);
    expect(sizes.reduce((a, n) => a + n, 0)).toBe(10);
  });
});
