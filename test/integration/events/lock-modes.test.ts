import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import pg from 'pg';
import { freshDb, type TestDb } from '../../helpers/db.js';
import { lockArticles, lockDedupStates, readArticleForClassify } from '../../../src/db/sql/articles-dedup.js';
import type { Queryable } from '../../../src/db/db.js';

// The syndication steps' row locks must not wait for foreign-key checks on the same articles.
// The event refresher sets launch_events.top_evidence_article_id, whose check takes FOR KEY SHARE
// on the article, event after event; a batch locking its articles FOR UPDATE, in article order,
// deadlocked with it (Postgres broke the cycle after deadlock_timeout, a 1 s stall each time).

describe('dedup row locks and foreign-key checks', () => {
  let t: TestDb;
  let other: pg.Client;
  let article: number;
  beforeEach(async () => {
    t = await freshDb();
    const a = await t.db.query<{ id: number }>(
      `insert into articles (article_key, url, title, summary, body, status) values ('k', 'https://x.test/1', 't', '', 'b', 'classified') returning id`,
    );
    article = Number(a.rows[0]!.id);
    await t.db.query(
      `insert into launch_events (company, model, version, window_start, first_seen_at, last_seen_at, classifier_version)
       values ('alibaba', 'qwen', '', now(), now(), now(), 'c')`,
    );
    // A second session, in the middle of a refresh: its top-evidence update holds KEY SHARE on the article.
    other = new pg.Client({ connectionString: t.url, options: `-c search_path=${t.schema}` });
    await other.connect();
    await other.query('begin');
    await other.query('update launch_events set top_evidence_article_id = $1', [article]);
  });
  afterEach(async () => {
    await other?.query('rollback').catch(() => undefined);
    await other?.end();
    await t?.drop();
  });

  const withoutWaiting = <T>(fn: (q: Queryable) => Promise<T>) =>
    t.db.tx(async (q) => {
      await q.query(`set local lock_timeout = '300ms'`);
      return fn(q);
    });

  it('locks a batch of articles without waiting', async () => {
    const states = await withoutWaiting((q) => lockDedupStates(q, [article], [[5, 5]]));
    expect([...states.keys()]).toEqual([article]);
  });

  it('locks the other articles whose duplicate_of changes without waiting', async () => {
    await expect(withoutWaiting((q) => lockArticles(q, [article]))).resolves.toBeUndefined();
  });

  it('locks a single article without waiting', async () => {
    const a = await withoutWaiting((q) => readArticleForClassify(q, article, true));
    expect(a?.id).toBe(article);
  });

  it('still waits for a writer of the row', async () => {
    await other.query('rollback');
    await other.query('begin');
    await other.query(`update articles set last_error = 'x' where id = $1`, [article]);
    await expect(withoutWaiting((q) => lockDedupStates(q, [article]))).rejects.toThrow(/lock timeout/);
  });
});
