import { describe, expect, it } from 'vitest';
import { nextCheckAfterFailure, nextCheckAfterSuccess } from '../../../src/scheduling/next-check.js';

const now = new Date('2026-11-29T00:00:00Z');
const secs = (d: Date) => (d.getTime() - now.getTime()) / 1000;

describe('feed backoff', () => {
  it('polls again after its interval on success', () => {
    expect(secs(nextCheckAfterSuccess(900, now))).toBe(900);
  });

  it('backs off exponentially on failure, capped', () => {
    const at = (n: number) => secs(nextCheckAfterFailure(600, n, { maxBackoffS: 3600, now, random: () => 0.5 }));
    expect(at(1)).toBe(600);
    expect(at(2)).toBe(1200);
    expect(at(3)).toBe(2400);
    expect(at(4)).toBe(3600);
    expect(at(40)).toBe(3600);
  });

  it('jitters by at most 10 %', () => {
    const lo = secs(nextCheckAfterFailure(600, 3, { maxBackoffS: 1e6, now, random: () => 0 }));
    const hi = secs(nextCheckAfterFailure(600, 3, { maxBackoffS: 1e6, now, random: () => 0.999 }));
    expect(lo).toBeCloseTo(2160, 0);
    expect(hi).toBeLessThanOrEqual(2640);
  });

  it('honours Retry-After when it is later', () => {
    expect(secs(nextCheckAfterFailure(60, 1, { maxBackoffS: 3600, retryAfterMs: 7_200_000, now, random: () => 0.5 }))).toBe(7200);
  });
});
