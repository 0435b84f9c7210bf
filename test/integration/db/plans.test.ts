import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshDb, type TestDb } from '../../helpers/db.js';
import type { Queryable, QueryResult } from '../../../src/db/db.js';
import { findRelated, lockDedupStates } from '../../../src/db/sql/articles-dedup.js';
import { dedupBatch } from '../../../src/db/sql/results-batch-dedup.js';
import type { DedupArticle } from '../../../src/events/dedup.js';

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
      return { rows: [] as R[], rowCount: 0 };
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

  it("probes a batch's look-alikes and their related rows through the indexes", async () => {
    const rec = planRecorder(t.db);
    const batch: DedupArticle[] = Array.from({ length: 100 }, (_, i) => ({
      id: 6000 + i,
      at: new Date(),
      simhash: BigInt(i) * 7919n,
      contentHash: `h${i}`,
      duplicateOf: null,
    }));
    await dedupBatch(rec, batch, new Map(), { classifier: 'c', lexicon: 'l' });
    const probe = rec.plans.find((p) => /article_bands/.test(p));
    expect(probe).toBeDefined();
    expect(probe).not.toMatch(/Seq Scan on article/);
    expect(probe).toMatch(/articles_content_hash_idx/);
    expect(probe).toMatch(/articles_duplicate_of_idx/);
  });

  it('takes the advisory locks before it locks and reads the rows, in one statement', async () => {
    const ids = [10, 11, 12];
    const states = await t.db.tx(async (q) => {
      const out = await lockDedupStates(q, ids, [[7, 1], [7, 2]]);
      const locks = await q.query<{ objid: number; classid: number }>(
        `select classid::int, objid::int from pg_locks where pid = pg_backend_pid() and locktype = 'advisory' order by 1, 2`,
      );
      expect(locks.rows).toEqual([{ classid: 7, objid: 1 }, { classid: 7, objid: 2 }]);
      return out;
    });
    expect([...states.keys()]).toEqual(ids);
  });
});
