import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { freshDb, type TestDb } from '../../helpers/db.js';
import { addArticle, addFeed, classify, day, events, realEngine } from './world.js';
import { QWEN3_BODY, QWEN3_REPRINT_BODY, QWEN35_BODY } from '../../unit/events/stories.js';
import { readArticlesForExtract, writeClassifications } from '../../../src/db/sql/results-batch.js';
import { setArticlePage } from '../../../src/db/sql/articles.js';
import { fingerprintText } from '../../../src/db/sql/results.js';
import { extract } from '../../../src/extract/extract.js';
import { scoreArticle } from '../../../src/scoring/score.js';

// The same story on three sites: one original, two reprints with edited titles and different
// URLs. One event, three articles, one independent source, and the single-source score.

describe('syndicated copies', () => {
  let t: TestDb;
  let feeds: number[];
  beforeEach(async () => {
    t = await freshDb();
    feeds = [
      await addFeed(t.db, 'https://wire.test/rss', 'Wire'),
      await addFeed(t.db, 'https://daily.test/rss', 'Daily'),
      await addFeed(t.db, 'https://portal.test/rss', 'Portal'),
    ];
  });
  afterEach(async () => t?.drop());

  const store = async () => ({
    original: await addArticle(t.db, { feedId: feeds[0]!, key: 'wire', title: "Alibaba's Qwen3 launch gets off to a rocky start", body: QWEN3_BODY, publishedAt: day(0, 8) }),
    reprint1: await addArticle(t.db, { feedId: feeds[1]!, key: 'daily', title: 'Rocky start for Alibaba Qwen3 launch', body: QWEN3_REPRINT_BODY, publishedAt: day(0, 11) }),
    reprint2: await addArticle(t.db, { feedId: feeds[2]!, key: 'portal', title: "Alibaba's Qwen3 launch off to rocky start (update)", body: QWEN3_BODY, publishedAt: day(0, 14) }),
  });

  async function singleSourceScore(): Promise<number> {
    const solo = await freshDb();
    try {
      const f = await addFeed(solo.db, 'https://wire.test/rss', 'Wire');
      const id = await addArticle(solo.db, { feedId: f, key: 'wire', title: "Alibaba's Qwen3 launch gets off to a rocky start", body: QWEN3_BODY, publishedAt: day(0, 8) });
      await classify(solo.db, [id]);
      const [e] = await events(solo.db);
      expect(e).toMatchObject({ company: 'alibaba', model: 'qwen', article_count: 1, independent_sources: 1 });
      return e!.friction_score;
    } finally {
      await solo.drop();
    }
  }

  async function expectOneStory(ids: { original: number; reprint1: number; reprint2: number }, solo: number) {
    const evs = await events(t.db);
    expect(evs).toHaveLength(1);
    expect(evs[0]).toMatchObject({ company: 'alibaba', model: 'qwen', version: '3', article_count: 3, independent_sources: 1, friction_score: solo });
    expect(evs[0]!.friction_score).toBeGreaterThan(0);
    expect(evs[0]!.top_evidence_article_id).toBe(ids.original);
    const arts = await t.db.query<{ id: number; duplicate_of: number | null; simhash: string | null }>(
      `select id, duplicate_of, simhash::text as simhash from articles order by id`,
    );
    expect(arts.rows.map((r) => [r.id, r.duplicate_of])).toEqual([
      [ids.original, null],
      [ids.reprint1, ids.original],
      [ids.reprint2, ids.original],
    ]);
    expect(arts.rows.every((r) => r.simhash !== null)).toBe(true);
    const links = await t.db.query<{ article_id: number; independent: boolean }>(`select article_id, independent from event_articles order by article_id`);
    expect(links.rows).toEqual([
      { article_id: ids.original, independent: true },
      { article_id: ids.reprint1, independent: false },
      { article_id: ids.reprint2, independent: false },
    ]);
  }

  it('makes one event with one independent source, scored as the original alone', async () => {
    const solo = await singleSourceScore();
    const ids = await store();
    await classify(t.db, [ids.original, ids.reprint1, ids.reprint2]);
    await expectOneStory(ids, solo);
  });

  it('finds the original when the copies are classified first, and is idempotent', async () => {
    const solo = await singleSourceScore();
    const ids = await store();
    await classify(t.db, [ids.reprint2, ids.reprint1]);
    const before = await events(t.db);
    expect(before).toHaveLength(1);
    expect(before[0]).toMatchObject({ article_count: 2, independent_sources: 1 });
    await classify(t.db, [ids.original]);
    await expectOneStory(ids, solo);
    const snapshot = await events(t.db);
    await classify(t.db, [ids.reprint1, ids.original, ids.reprint2]);
    expect(await events(t.db)).toEqual(snapshot);
    await expectOneStory(ids, solo);
  });

  it('reaches the same rows when the three are classified at once', async () => {
    const solo = await singleSourceScore();
    const ids = await store();
    await Promise.all([classify(t.db, [ids.reprint2]), classify(t.db, [ids.original]), classify(t.db, [ids.reprint1])]);
    await expectOneStory(ids, solo);
  });

  it('fingerprints the page text when the page is fetched between a batch\'s read and its write', async () => {
    const engine = realEngine();
    const original = await addArticle(t.db, { feedId: feeds[0]!, key: 'wire', title: "Alibaba's Qwen3 launch gets off to a rocky start", body: QWEN3_BODY, publishedAt: day(0, 8) });
    await classify(t.db, [original]);
    // The feed gave another story's teaser; the page turns out to be a reprint of the original.
    const late = await addArticle(t.db, { feedId: feeds[1]!, key: 'daily', title: 'Rocky start for Alibaba Qwen3 launch', body: QWEN35_BODY.slice(0, 300), publishedAt: day(0, 11) });
    const source = (await readArticlesForExtract(t.db, [late])).get(late)!;
    const ex = extract({ title: source.title, body: source.body, language: source.language }, engine.lex);
    await setArticlePage(t.db, late, { status: 'fetched', body: QWEN3_REPRINT_BODY });
    await writeClassifications(t.db, [{ articleId: late, ex, score: scoreArticle(ex), source }], engine.version);
    const { rows } = await t.db.query<{ simhash: string; duplicate_of: number | null }>(`select simhash::text as simhash, duplicate_of from articles where id = $1`, [late]);
    const stored = (await readArticlesForExtract(t.db, [late])).get(late)!;
    expect(BigInt(rows[0]!.simhash)).toBe(fingerprintText(stored));
    expect(BigInt(rows[0]!.simhash)).not.toBe(fingerprintText(source));
    expect(Number(rows[0]!.duplicate_of)).toBe(original);
  });
});
