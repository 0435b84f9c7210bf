import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshDb, type TestDb } from '../../helpers/db.js';
import type { Db } from '../../../src/db/db.js';
import { setArticlePage } from '../../../src/db/sql/articles.js';
import { fingerprintText } from '../../../src/db/sql/results.js';
import { readArticlesForExtract, writeClassifications } from '../../../src/db/sql/results-batch.js';
import { extract } from '../../../src/extract/extract.js';
import { scoreArticle } from '../../../src/scoring/score.js';
import { articleBody } from '../../../workers/classify.js';
import { addArticle, addFeed, day, realEngine } from './world.js';
import { QWEN3_BODY, QWEN3_FOLLOWUP_BODY } from '../../unit/events/stories.js';

// A reclassification reuses the SimHash stored with the article when the same classifier took
// it (the text has not changed: any change of the text clears it, migration 000011), and takes
// it afresh otherwise.

const engine = realEngine();

async function classifyBatch(db: Db, ids: number[]): Promise<void> {
  const texts = await readArticlesForExtract(db, ids);
  const items = ids.map((articleId) => {
    const a = texts.get(articleId)!;
    const ex = extract({ title: a.title, body: articleBody(a), language: a.language }, engine.lex);
    return { articleId, ex, score: scoreArticle(ex), source: a };
  });
  await writeClassifications(db, items, engine.version);
}

const bands = async (db: Db, id: number) =>
  (await db.query<{ n: number }>(`select count(*)::int as n from article_bands where article_id = $1`, [id])).rows[0]!.n;

const stored = async (db: Db, id: number) =>
  (await db.query<{ simhash: string | null }>(`select simhash::text as simhash from articles where id = $1`, [id])).rows[0]!.simhash;

describe('stored fingerprints', () => {
  let t: TestDb;
  let id: number;
  const title = "Alibaba's Qwen3 launch gets off to a rocky start";
  beforeAll(async () => {
    t = await freshDb();
    const feed = await addFeed(t.db, 'https://wire.test/fp.xml', 'fp');
    id = await addArticle(t.db, { feedId: feed, key: 'fp', title, body: QWEN3_BODY, publishedAt: day(0) });
  });
  afterAll(async () => t?.drop());

  it('are taken on the first classification and reused by the same classifier', async () => {
    await classifyBatch(t.db, [id]);
    const own = fingerprintText({ title, body: QWEN3_BODY, summary: '' })!;
    expect(await stored(t.db, id)).toBe(own.toString());
    // A value the text could not give, to see which one the next classification keeps.
    await t.db.query(`update articles set simhash = 12345 where id = $1`, [id]);
    await classifyBatch(t.db, [id]);
    expect(await stored(t.db, id)).toBe('12345');
    // Taken by another classifier version: taken again.
    await t.db.query(`update articles set classifier_version = 'c0-old' where id = $1`, [id]);
    await classifyBatch(t.db, [id]);
    expect(await stored(t.db, id)).toBe(own.toString());
  });

  it('are cleared by a page fetch that changes the body, and taken of the new text', async () => {
    const before = await stored(t.db, id);
    expect(before).not.toBeNull();
    await setArticlePage(t.db, id, { status: 'failed', error: 'timeout' });
    expect(await stored(t.db, id)).toBe(before);
    await setArticlePage(t.db, id, { status: 'fetched', body: QWEN3_BODY });
    expect(await stored(t.db, id)).toBe(before);
    await setArticlePage(t.db, id, { status: 'fetched', body: QWEN3_FOLLOWUP_BODY });
    expect(await stored(t.db, id)).toBeNull();
    // Its band rows went with it (they would match copies of the old text).
    expect(await bands(t.db, id)).toBe(0);
    await classifyBatch(t.db, [id]);
    expect(await stored(t.db, id)).toBe(fingerprintText({ title, body: QWEN3_FOLLOWUP_BODY, summary: '' })!.toString());
    expect(await bands(t.db, id)).toBe(4);
  });

  it('are cleared by an edit of the text by hand too', async () => {
    expect(await stored(t.db, id)).not.toBeNull();
    await t.db.query(`update articles set summary = 'An edited summary.' where id = $1`, [id]);
    expect(await stored(t.db, id)).toBeNull();
    expect(await bands(t.db, id)).toBe(0);
  });
});
