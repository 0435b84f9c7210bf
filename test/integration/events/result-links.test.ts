import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { freshDb, type TestDb } from '../../helpers/db.js';
import { addArticle, addFeed, classify, day } from './world.js';
import { QWEN3_BODY } from '../../unit/events/stories.js';

// Migration 000009: the result tables' link to articles is kept by statement-level triggers
// instead of foreign keys. What a foreign key guaranteed must still hold: no result row for a
// missing article (SQLSTATE 23503), no delete of an article while a transaction writes its
// results, and results deleted with their article.

let t: TestDb;
beforeAll(async () => {
  t = await freshDb();
});
afterAll(async () => {
  await t?.drop();
});

const counts = async (id: number) => {
  const { rows } = await t.db.query<{ m: number; h: number; s: number }>(
    `select (select count(*)::int from mentions where article_id = $1) as m,
            (select count(*)::int from friction_hits where article_id = $1) as h,
            (select count(*)::int from article_scores where article_id = $1) as s`,
    [id],
  );
  return rows[0]!;
};

async function story(key: string): Promise<number> {
  const feed = await addFeed(t.db, `https://wire.test/${key}.xml`, key);
  const id = await addArticle(t.db, { feedId: feed, key, title: "Alibaba's Qwen3 launch gets off to a rocky start", body: QWEN3_BODY, publishedAt: day(0) });
  await classify(t.db, [id]);
  return id;
}

describe('result rows and their article', () => {
  it('refuses result rows for an article that does not exist, naming it', async () => {
    const id = await story('refuse');
    const insert = (articleId: number) =>
      t.db.query(
        `insert into article_scores (article_id, company, friction, hit_count, is_launch_subject, classifier_version)
         values ($1, 'zz', 0, 0, false, 'test')`,
        [articleId],
      );
    await expect(insert(987_654)).rejects.toMatchObject({ code: '23503', detail: expect.stringContaining('987654') });
    // One missing article fails the whole statement, even among existing ones.
    await expect(
      t.db.query(
        `insert into mention_groups (article_id, kind, entity, company, versions, surfaces, char_starts, char_ends, sentences, classifier_version)
         select a, 'company', 'zz' || n, 'zz', '{NULL}', '{Zz}', '{0}', '{2}', '{0}', 'test' from unnest(array[$1::bigint, $1, 987655, $1]) with ordinality u(a, n)`,
        [id],
      ),
    ).rejects.toMatchObject({ code: '23503', detail: expect.stringContaining('987655') });
    // Many rows of existing articles pass (each article counted once, however many rows name it).
    const other = await story('refuse-other');
    await t.db.query(
      `insert into mention_groups (article_id, kind, entity, company, versions, surfaces, char_starts, char_ends, sentences, classifier_version)
       select a, 'company', 'zz' || n, 'zz', '{NULL}', '{Zz}', '{0}', '{2}', '{0}', 'test' from unnest(array[$2::bigint, $1, $2, $1]) with ordinality u(a, n)`,
      [id, other],
    );
    await expect(t.db.query(`update friction_hits set article_id = 987656 where article_id = $1`, [id])).rejects.toMatchObject({ code: '23503' });
    expect((await counts(id)).m).toBeGreaterThan(0);
  });

  it('deletes the results with their articles, and empties them on truncate', async () => {
    const a = await story('del-a');
    const b = await story('del-b');
    const before = await counts(a);
    expect(before.m).toBeGreaterThan(0);
    expect(before.h).toBeGreaterThan(0);
    expect(before.s).toBeGreaterThan(0);
    await t.db.query(`delete from articles where id = $1`, [a]);
    expect(await counts(a)).toEqual({ m: 0, h: 0, s: 0 });
    expect((await counts(b)).m).toBeGreaterThan(0);
    await expect(t.db.query(`update articles set id = 999999 where id = $1`, [b])).rejects.toMatchObject({ code: '23503' });
  });

  it('makes a delete of the article wait for the transaction writing its results', async () => {
    const id = await story('race');
    const writer = new pg.Client({ connectionString: t.url, options: `-c search_path=${t.schema}` });
    const deleter = new pg.Client({ connectionString: t.url, options: `-c search_path=${t.schema} -c lock_timeout=5000` });
    await writer.connect();
    await deleter.connect();
    try {
      await writer.query('begin');
      await writer.query(
        `insert into article_scores (article_id, company, friction, hit_count, is_launch_subject, classifier_version)
         values ($1, 'late', 0, 0, false, 'test')`,
        [id],
      );
      let deleted = false;
      const del = deleter.query(`delete from articles where id = $1`, [id]).then(() => {
        deleted = true;
      });
      await new Promise((r) => setTimeout(r, 300));
      expect(deleted).toBe(false); // held by the writer's FOR KEY SHARE lock
      await writer.query('commit');
      await del;
      // The row committed by the writer went with its article: nothing is left pointing at it.
      expect(await counts(id)).toEqual({ m: 0, h: 0, s: 0 });
    } finally {
      await writer.end();
      await deleter.end();
    }
  });

  it('empties the results when articles are truncated', async () => {
    await story('trunc');
    await t.db.query(`truncate articles cascade`);
    const { rows } = await t.db.query<{ n: number }>(
      `select (select count(*) from mentions) + (select count(*) from friction_hits) + (select count(*) from article_scores) as n`,
    );
    expect(Number(rows[0]!.n)).toBe(0);
  });
});
