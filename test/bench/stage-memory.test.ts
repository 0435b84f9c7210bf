import { describe, expect, it } from 'vitest';
import { stageMemory } from '../../bench/pipeline.js';

describe('stageMemory', () => {
  const rss = (mb: number[]) => mb.map((m, i) => ({ at: i, rss: m * 1e6 }));
  const heap = (mb: number[]) => mb.map((m, i) => ({ at: i, used: m * 1e6 }));

  it('compares the RSS peaks of the second and the last fifth', () => {
    const m = stageMemory(rss([100, 300, 200, 200, 210, 220, 220, 220, 230, 230]));
    expect(m.peakMb).toBe(300);
    // The first fifth (warm-up, its 300 MB spike) is left out: 200 early, 230 late.
    expect(m.growth).toBeCloseTo((230 - 200) / 200);
  });

  it('compares the median heaps left by the first and the last third of the full collections', () => {
    const m = stageMemory(rss([100, 100, 100, 100, 100]), heap([40, 38, 42, 39, 41, 44, 44, 46, 45]));
    expect(m.liveMb).toBe(45);
    expect(m.liveGrowth).toBeCloseTo((45 - 40) / 40);
  });

  it('reports no heap growth from fewer than three full collections', () => {
    expect(stageMemory(rss([100]), heap([40, 80]))).toMatchObject({ liveMb: 80, liveGrowth: 0 });
    expect(stageMemory([], [])).toEqual({ peakMb: 0, growth: 0, liveMb: 0, liveGrowth: 0 });
  });
});
