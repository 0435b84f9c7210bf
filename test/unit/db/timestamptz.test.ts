import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { parseTimestamptz } from '../../../src/db/timestamptz.js';

// node-postgres' own parser (postgres-date): the fast path must return what it returns.
const reference = pg.types.getTypeParser(1184, 'text') as (v: string) => Date | number | null;
const value = (d: Date | number | null) => (d instanceof Date ? d.getTime() : d);

describe('parseTimestamptz', () => {
  it('reads what the default parser reads, to the millisecond, for every offset and fraction length', () => {
    const offsets = ['+00', '+05:30', '-03', '+05:45', '-09:30:15', '+14', '-00:25:21'];
    for (let i = 0; i < 20_000; i++) {
      const at = new Date(Date.UTC(1000 + ((i * 37) % 9000), i % 12, 1 + (i % 28), i % 24, (i * 7) % 60, (i * 13) % 60));
      const fraction = i % 7 === 0 ? '' : `.${String((i * 7919) % 1_000_000).padStart(6, '0').slice(0, 1 + (i % 6))}`;
      const s = `${at.toISOString().slice(0, 19).replace('T', ' ')}${fraction}${offsets[i % offsets.length]}`;
      expect(value(parseTimestamptz(s)), s).toBe(value(reference(s)));
    }
  });

  it('hands every other shape to the default parser', () => {
    for (const s of ['infinity', '-infinity', '0099-01-01 00:00:00+00', '0001-01-01 00:00:00+00 BC', '12026-01-01 00:00:00+00', '2026-03-01 12:34:56.145+00', '2026-03-01 12:34:56+00:', '2026-03-01 12:34:56.+00', '2026-03-01', '2026-03-01 12:34:56Z', '2026-03-01 12:34:56']) {
      expect(value(parseTimestamptz(s)), s).toEqual(value(reference(s)));
    }
  });
});
