import { describe, expect, it } from 'vitest';
import { chooseEvent, inWindow, normalizeVersion, type EventCandidate } from '../../../src/events/window.js';

const d = (day: number) => new Date(Date.UTC(2026, 0, 1) + day * 86_400_000);
const ev = (id: number, version: string, start: number, last = start): EventCandidate => ({
  id,
  version,
  windowStart: d(start),
  firstSeenAt: d(start),
  lastSeenAt: d(last),
});

describe('window rule', () => {
  it('joins an event of the same version within 7 days of its last article', () => {
    const e = ev(1, '3', 0, 3);
    expect(chooseEvent({ company: 'alibaba', model: 'qwen', version: '3' }, d(9), [e])?.id).toBe(1);
    expect(chooseEvent({ company: 'alibaba', model: 'qwen', version: '3' }, d(11), [e])).toBeNull();
  });

  it('never joins another version', () => {
    expect(chooseEvent({ company: 'alibaba', model: 'qwen', version: '3.5' }, d(1), [ev(1, '3', 0)])).toBeNull();
  });

  it('caps a window at 30 days after it started, however steady the coverage', () => {
    const e = ev(1, '3', 0, 28);
    expect(inWindow(e, d(30))).toBe(true);
    expect(inWindow(e, d(31))).toBe(false);
  });

  it('takes an article published a little before the first one (late arrival)', () => {
    expect(inWindow(ev(1, '3', 10), d(4))).toBe(true);
    expect(inWindow(ev(1, '3', 10), d(2))).toBe(false);
  });

  it('puts an article naming no version into the most recently active event of its model', () => {
    const older = ev(1, '2.5', 0, 5);
    const newer = ev(2, '3', 4, 8);
    expect(chooseEvent({ company: 'alibaba', model: 'qwen', version: '' }, d(9), [older, newer])?.id).toBe(2);
    expect(chooseEvent({ company: 'alibaba', model: 'qwen', version: '' }, d(9), [ev(3, '', 6), ev(4, '3', 6)])?.id).toBe(4);
  });

  it('normalises versions for comparison', () => {
    expect(normalizeVersion(' 2.5-Max ')).toBe('2.5-max');
    expect(normalizeVersion(null)).toBe('');
  });
});
