import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { freshDb, type TestDb } from '../../helpers/db.js';
import { seedAnalystWorld, type AnalystWorld } from './analyst-seed.js';
import { connectAs } from './analyst.js';

// Every question of docs/queries.md, run as it is written there (the SQL is parsed out of the
// markdown, so the document and this test cannot drift), as launchwatch_analyst, on known data.

interface Question {
  n: number;
  title: string;
  sql: string;
}

function questions(): Question[] {
  const md = readFileSync(new URL('../../../docs/queries.md', import.meta.url), 'utf8');
  const out: Question[] = [];
  const re = /^### (\d+)\. (.+)$[\s\S]*?^```sql\n([\s\S]*?)^```/gm;
  for (const m of md.matchAll(re)) out.push({ n: Number(m[1]), title: m[2]!, sql: m[3]! });
  return out;
}

/** Fills psql variables: :'name' as a quoted literal, :name as a bare value. */
function fill(sql: string, vars: Record<string, string | number>): string {
  return sql
    .replace(/:'(\w+)'/g, (_, k: string) => `'${String(vars[k] ?? fail(k)).replace(/'/g, "''")}'`)
    .replace(/(?<!:):(\w+)/g, (_, k: string) => String(vars[k] ?? fail(k)));
}
function fail(k: string): never {
  throw new Error(`docs/queries.md uses :${k}, which the test does not set`);
}

type Rows = Record<string, unknown>[];
const num = (x: unknown) => Number(x);

const EXPECT: Record<number, { vars?: (w: AnalystWorld) => Record<string, string | number>; check: (rows: Rows, w: AnalystWorld) => void }> = {
  1: {
    check: (rows, w) => {
      expect(rows.map((r) => [r.company, num(r.event_id), num(r.friction_score), num(r.independent_sources)])).toEqual([
        ['alibaba', w.events.qwen, 65, 2],
        ['bytedance', w.events.doubao, 30, 2],
        ['openai', w.events.gpt, 0, 1],
      ]);
      expect(rows[0]!.top_evidence).toBe('Qwen3 suffered an outage on its second day.');
    },
  },
  2: {
    vars: () => ({ company: 'bytedance' }),
    check: (rows) => expect(rows.map((r) => [num(r.articles), num(r.mention_throttling), num(r.share)])).toEqual([[3, 2, 0.667]]),
  },
  3: {
    vars: (w) => ({ event_id: w.events.qwen }),
    check: (rows, w) => {
      expect(rows.map((r) => [r.term, r.category, Number(num(r.effective_weight).toFixed(2)), r.hedged])).toEqual([
        ['outage', 'outage', 0.7, false],
        ['delayed', 'delay', 0.5, false],
        ['throttled', 'capacity', 0.2, true],
      ]);
      expect(rows[0]!.article_id).toBe(w.articles['qwen-2']);
      expect(rows[0]!.feed).toBe('Daily');
    },
  },
  4: {
    check: (rows) =>
      expect(rows.map((r) => [r.company, num(r.events), num(r.sources), num(r.weighted_score)])).toEqual([
        ['alibaba', 1, 2, 65],
        ['bytedance', 2, 3, 46.7],
        ['openai', 1, 1, 0],
      ]),
  },
  5: {
    check: (rows) =>
      expect(rows.map((r) => [r.category, num(r.events), num(r.mean_score)])).toEqual([
        ['capacity', 2, 47.5],
        ['delay', 1, 65],
        ['outage', 1, 65],
      ]),
  },
  6: {
    check: (rows, w) => expect(rows.map((r) => [num(r.event_id), r.model, num(r.article_count), num(r.independent_sources), num(r.copies)])).toEqual([[w.events.doubao, 'doubao', 3, 2, 1]]),
  },
  7: {
    vars: (w) => ({ event_id: w.events.doubao }),
    check: (rows, w) => {
      const a = w.articles;
      expect(rows.map((r) => [r.article_id, num(r.friction), r.independent, r.duplicate_of])).toEqual([
        [a['doubao-1'], 0.6, true, null],
        [a['doubao-1-copy'], 0.6, false, a['doubao-1']],
        [a['doubao-2'], 0, true, null],
      ]);
    },
  },
  8: {
    check: (rows, w) => expect(rows.map((r) => [r.feed_id, r.health, r.consecutive_failures, r.last_error, r.articles_7d])).toEqual([[w.feeds.quiet, 'failing', 3, 'HTTP 503', 0]]),
  },
  9: {
    vars: () => ({ company: 'bytedance' }),
    check: (rows) => {
      expect(rows.map((r) => [num(r.events), num(r.mean_score), num(r.max_score)])).toEqual([
        [1, 80, 80],
        [1, 30, 30],
      ]);
      expect((rows[0]!.week as Date).getTime()).toBeLessThan((rows[1]!.week as Date).getTime());
    },
  },
  10: {
    vars: (w) => ({ event_id: w.events.gpt }),
    check: (rows, w) =>
      expect(rows.map((r) => [r.article_id, r.term, num(r.effective_weight), r.discount])).toEqual([[w.articles['gpt-1'], 'delayed', 0, 'negated']]),
  },
};

describe('docs/queries.md', () => {
  let t: TestDb;
  let world: AnalystWorld;
  let analyst: pg.Client;
  beforeAll(async () => {
    t = await freshDb();
    world = await seedAnalystWorld(t.db);
    analyst = await connectAs('launchwatch_analyst', t.schema);
  });
  afterAll(async () => {
    await analyst?.end();
    await t?.drop();
  });

  const qs = questions();
  it('holds ten numbered questions, each with a test here', () => {
    expect(qs.map((q) => q.n)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
  });

  for (const q of qs) {
    it(`${q.n}. ${q.title}`, async () => {
      const e = EXPECT[q.n];
      if (!e) throw new Error(`no expectation for question ${q.n}`);
      const res = await analyst.query(fill(q.sql, e.vars?.(world) ?? {}));
      e.check(res.rows, world);
    });
  }
});
