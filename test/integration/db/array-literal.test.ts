import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { arrayLiteral } from '../../../src/db/array-literal.js';
import { groupMentions } from '../../../src/db/sql/mention-groups.js';
import { freshDb, type TestDb } from '../../helpers/db.js';

// Array literals built by hand (one per row inside a text[] parameter) must read back in
// Postgres as exactly the values they were made of, whatever the text holds.
describe('arrayLiteral', () => {
  let t: TestDb;
  beforeAll(async () => {
    t = await freshDb({ migrate: false });
  });
  afterAll(async () => t.drop());

  it('round-trips awkward text, nulls and numbers through Postgres', async () => {
    const texts = ['plain', 'a "quoted" word', 'back\\slash', '{braces}', 'NULL', 'null', '', ' padded ', 'a,b', '通义千问 Qwen2.5-Max', "it's", '\\"', 'new\nline\ttab', 'bell\u0007', '\\n not a newline'];
    const withNull = [...texts, null];
    const res = await t.db.query<{ t: (string | null)[]; n: number[]; rows: (string | null)[][] }>(
      `select $1::text[] as t, $2::int[] as n, (select array_agg(x::text[]) from unnest($3::text[]) x) as rows`,
      [arrayLiteral(withNull), arrayLiteral([0, 7, -3, 2_000_000]), [arrayLiteral(['x', null]), arrayLiteral(['y', 'z'])]],
    );
    expect(res.rows[0]!.t).toEqual(withNull);
    expect(res.rows[0]!.n).toEqual([0, 7, -3, 2_000_000]);
    expect(res.rows[0]!.rows).toEqual([['x', null], ['y', 'z']]);
    expect(arrayLiteral([])).toBe('{}');
  });

  it('sends the plain array parameters of any query as literals that read back the same', async () => {
    const at = [new Date('2026-03-01T12:34:56.789Z'), null, new Date('1999-12-31T23:59:59.999Z')];
    const res = await t.db.query<{ at: (Date | null)[]; ids: string[]; keys: (string | null)[] }>(`select $1::timestamptz[] as at, $2::bigint[] as ids, $3::text[] as keys`, [
      at,
      [1, 9_007_199_254_740_991],
      ['{a}', null, 'b"c'],
    ]);
    expect(res.rows[0]!.at).toEqual(at);
    expect(res.rows[0]!.ids).toEqual(['1', '9007199254740991']);
    expect(res.rows[0]!.keys).toEqual(['{a}', null, 'b"c']);
  });

  it('sends reals and booleans as they read back', async () => {
    const res = await t.db.query<{ r: number[]; b: boolean[] }>(`select $1::real[] as r, $2::boolean[] as b`, [
      arrayLiteral([0.25, -1.5, 3, Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY]),
      arrayLiteral([true, false, null]),
    ]);
    expect(res.rows[0]!.r).toEqual([0.25, -1.5, 3, Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY]);
    expect(res.rows[0]!.b).toEqual([true, false, null]);
  });
});

describe('groupMentions', () => {
  const m = (kind: 'company' | 'model', entity: string, start: number, version: string | null = null) => ({
    kind, entity, company: kind === 'company' ? entity : 'alibaba', version, surface: `${entity}@${start}`, start, end: start + 4, sentence: Math.floor(start / 100),
  });

  it('groups by kind and entity, orders by position and keeps the first occurrence of a position', () => {
    const groups = groupMentions([m('model', 'qwen', 120, '3'), m('company', 'alibaba', 0), m('model', 'qwen', 10), m('model', 'qwen', 120, 'dup'), m('company', 'qwen', 50)]);
    expect(groups).toEqual([
      { kind: 'model', entity: 'qwen', company: 'alibaba', versions: [null, '3'], surfaces: ['qwen@10', 'qwen@120'], starts: [10, 120], ends: [14, 124], sentences: [0, 1] },
      { kind: 'company', entity: 'alibaba', company: 'alibaba', versions: [null], surfaces: ['alibaba@0'], starts: [0], ends: [4], sentences: [0] },
      { kind: 'company', entity: 'qwen', company: 'qwen', versions: [null], surfaces: ['qwen@50'], starts: [50], ends: [54], sentences: [0] },
    ]);
    expect(groupMentions([])).toEqual([]);
  });
});
