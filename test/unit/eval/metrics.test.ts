import { describe, expect, it } from 'vitest';
import { addCounts, compareFlags, compareSets, emptyCounts, prf } from '../../../src/eval/metrics.js';

describe('compareSets', () => {
  it('counts true positives, false positives and false negatives of one item', () => {
    expect(compareSets(['openai', 'google'], ['google', 'meta', 'xai'])).toEqual({
      tp: 1, fp: 2, fn: 1, missing: ['openai'], extra: ['meta', 'xai'],
    });
  });
  it('collapses duplicates on either side', () => {
    expect(compareSets(['qwen', 'qwen'], ['qwen', 'qwen', 'qwen'])).toMatchObject({ tp: 1, fp: 0, fn: 0 });
  });
  it('scores two empty sets as nothing at all', () => {
    expect(compareSets([], [])).toEqual({ tp: 0, fp: 0, fn: 0, missing: [], extra: [] });
  });
});

describe('compareFlags', () => {
  it.each([
    [true, true, { tp: 1, fp: 0, fn: 0 }],
    [false, true, { tp: 0, fp: 1, fn: 0 }],
    [true, false, { tp: 0, fp: 0, fn: 1 }],
    [false, false, { tp: 0, fp: 0, fn: 0 }],
  ])('expected %s, got %s', (want, got, counts) => {
    expect(compareFlags(want, got)).toEqual(counts);
  });
});

describe('prf', () => {
  it('computes precision, recall and their harmonic mean', () => {
    const r = prf({ tp: 6, fp: 2, fn: 4 });
    expect(r.precision).toBeCloseTo(0.75, 10);
    expect(r.recall).toBeCloseTo(0.6, 10);
    expect(r.f1).toBeCloseTo((2 * 0.75 * 0.6) / (0.75 + 0.6), 10);
    expect(r).toMatchObject({ tp: 6, fp: 2, fn: 4 });
  });
  it('is perfect when nothing was expected and nothing predicted', () => {
    expect(prf(emptyCounts())).toMatchObject({ precision: 1, recall: 1, f1: 1 });
  });
  it('gives F1 0 when nothing was predicted but something was expected', () => {
    expect(prf({ tp: 0, fp: 0, fn: 3 })).toMatchObject({ precision: 1, recall: 0, f1: 0 });
  });
  it('gives F1 0 when everything predicted was wrong', () => {
    expect(prf({ tp: 0, fp: 2, fn: 0 })).toMatchObject({ precision: 0, recall: 1, f1: 0 });
    expect(prf({ tp: 0, fp: 2, fn: 2 })).toMatchObject({ precision: 0, recall: 0, f1: 0 });
  });
  it('pools pairs over items (micro average), not per-item scores', () => {
    // Item A: 1 of 1 right; item B: 0 of 3 found. Micro recall is 1/4, not the macro (1 + 0) / 2.
    const total = addCounts(addCounts(emptyCounts(), compareSets(['a'], ['a'])), compareSets(['b', 'c', 'd'], []));
    expect(total).toEqual({ tp: 1, fp: 0, fn: 3 });
    expect(prf(total).recall).toBe(0.25);
  });
});
