import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshDb, type TestDb } from '../../helpers/db.js';
import type { Queryable, QueryResult } from '../../../src/db/db.js';
import { findRelated, lockDedupStates } from '../../../src/db/sql/articles-dedup.js';
import { dedupBatch } from '../../../src/db/sql/results-batch-dedup.js';
import type { DedupArticle } from '../../../src/events/dedup.js';
import { linkBatch } from '../../../src/db/sql/results-batch-links.js';

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

  it('takes the (company, model) locks in the candidate probe, before it reads an event', async () => {
    const rec = planRecorder(t.db);
    const arts = [{ id: 1, at: new Date(), subjects: [{ key: { company: 'alibaba', model: 'qwen', version: '3' }, friction: 0.5 }] }];
    // The recorder answers no rows, so the event insert's ids are missing and linkBatch throws
    // after its probe: only the probe's plan matters here.
    await linkBatch(rec, arts, { classifier: 'c', lexicon: 'l' }, [[9, 1]]).catch(() => undefined);
    // The lock subquery gates the whole probe: a one-time filter evaluated before any scan.
    expect(rec.plans[0]).toMatch(/InitPlan[\s\S]*One-Time Filter[\s\S]*launch_events/);
    await t.db.tx(async (q) => {
      const out = await linkBatch(q, arts, { classifier: 'c', lexicon: 'l' }, [[9, 1], [9, 2]], [424242]);
      expect([...out.get(1)!.linked]).toHaveLength(1);
      const locks = await q.query<{ classid: number; objid: number }>(
        `select classid::int, objid::int from pg_locks where pid = pg_backend_pid() and locktype = 'advisory' order by 1, 2`,
      );
      expect(locks.rows).toEqual([{ classid: 9, objid: 1 }, { classid: 9, objid: 2 }]);
      const stale = await q.query<{ event_id: number }>(`select event_id from events_stale order by event_id`);
      expect(stale.rows.map((r) => Number(r.event_id))).toEqual([...out.get(1)!.linked, 424242].sort((a, b) => a - b));
    });
  });
});
