import { describe, expect, it } from 'vitest';
import { stageMemory } from '../../bench/pipeline.js';

describe('stageMemory', () => {
  const rss = (mb: number[]) => mb.map((m, i) => ({ at: i, rss: m * 1e6 }));
  const heap = (mb: number[]) => mb.map((m, i) => ({ at: i, used: m * 1e6 }));

  it('compares the median RSS of the second and the last fifth, and their peaks', () => {
    // A saw-tooth that does not grow: one late peak (a collection falling late) moves the peaks'
    // measure, not the medians'. The first fifth (warm-up, its 300 MB spike) is left out.
    const tooth = [200, 210, 220, 210];
    const m = stageMemory(rss([100, 300, 150, 180, ...tooth, ...tooth, ...tooth, 200, 210, 250, 210]));
    expect(m.peakMb).toBe(300);
    expect(m.growth).toBeCloseTo(0);
    expect(m.peakGrowth).toBeCloseTo((250 - 220) / 220);
  });

  it('shows a rising level in both measures', () => {
    const m = stageMemory(rss([100, 100, 100, 120, 120, 120, 120, 120, 130, 130]));
    // Second fifth [100, 120], last fifth [130, 130].
    expect(m.growth).toBeCloseTo((130 - 110) / 110);
    expect(m.peakGrowth).toBeCloseTo((130 - 120) / 120);
  });

  it('compares the median heaps left by the first and the last third of the full collections', () => {
    const m = stageMemory(rss([100, 100, 100, 100, 100]), heap([40, 38, 42, 39, 41, 44, 44, 46, 45]));
    expect(m.liveMb).toBe(45);
    expect(m.liveGrowth).toBeCloseTo((45 - 40) / 40);
  });

  it('reports no heap growth from fewer than three full collections', () => {
    expect(stageMemory(rss([100]), heap([40, 80]))).toMatchObject({ liveMb: 80, liveGrowth: 0 });
    expect(stageMemory([], [])).toEqual({ peakMb: 0, growth: 0, peakGrowth: 0, liveMb: 0, liveGrowth: 0 });
  });
});
