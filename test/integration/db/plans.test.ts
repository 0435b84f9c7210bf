import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { QueryResult } from 'pg';
import { freshDb, type TestDb } from '../../helpers/db.js';
import type { Queryable } from '../../../src/db/db.js';
import { findRelated } from '../../../src/db/sql/articles-dedup.js';

// The classify batch's lookups by id must stay index probes whatever the planner believes of
// the table: a scan of all of articles per batch grows with the table (a few ms per batch at
// 10 000 rows). The table here is bulk-loaded and never analysed, as in a service's first
// hours (or wherever autovacuum is off).

/** A Queryable that answers nothing and keeps the plan of each statement it is given. */
function planRecorder(db: Queryable): Queryable & { plans: string[] } {
  const plans: string[] = [];
  return {
    plans,
    async query<R>(text: string, params?: readonly unknown[]): Promise<QueryResult<R>> {
      const res = await db.query<{ 'QUERY PLAN': string }>(`explain (costs off) ${text}`, params);
      plans.push(res.rows.map((r) => r['QUERY PLAN']).join('\n'));
      return { rows: [] as R[], rowCount: 0, command: 'SELECT', oid: 0, fields: [] };
    },
  };
}

describe('plans of the classify batch lookups', () => {
  let t: TestDb;
  beforeAll(async () => {
    t = await freshDb();
    await t.db.query(
      `insert into articles (article_key, url, title, summary, body, published_at, content_hash, simhash, duplicate_of, status)
       select 'k' || i, 'https://x.test/' || i, 'title ' || i, '', repeat('body text ', 150), now() - make_interval(mins => i),
              md5(i::text), i * 7919, case when i % 10 = 0 and i > 1 then i - 1 end, 'classified'
       from generate_series(1, 5000) as i`,
    );
  });
  afterAll(async () => t?.drop());

  it('finds an id list and its copies through the indexes, not a scan of articles', async () => {
    const rec = planRecorder(t.db);
    await findRelated(rec, Array.from({ length: 100 }, (_, i) => 2000 + i * 3));
    expect(rec.plans).toHaveLength(1);
    expect(rec.plans[0]).not.toMatch(/Seq Scan on articles/);
    expect(rec.plans[0]).toMatch(/articles_pkey/);
    expect(rec.plans[0]).toMatch(/articles_duplicate_of_idx/);
  });
});
