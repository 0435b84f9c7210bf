import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshDb, type TestDb } from '../../helpers/db.js';
import { insertArticles } from '../../../src/db/sql/articles.js';
import { classifyArticle } from '../../../workers/classify.js';
import { loadEngine } from '../../../src/runtime/context.js';
import { loadConfig } from '../../../src/config.js';
import { silentLogger } from '../../../src/logger.js';

const STORY = {
  key: 'k-qwen3-rocky',
  url: 'http://news.test/qwen3',
  guid: null,
  title: "Alibaba's Qwen3 launch gets off to a rocky start",
  summary: '',
  body: 'Alibaba released its Qwen3 model family on Monday, but the launch was rocky. Developers said the Qwen3 API was throttled for hours.',
  language: 'en',
  publishedAt: new Date('2026-11-23T08:00:00Z'),
  contentHash: 'h1',
};

describe('classify processor delivered twice (at-least-once queue)', () => {
  let t: TestDb;
  const engine = loadEngine(loadConfig({}));

  beforeAll(async () => {
    t = await freshDb();
  });
  afterAll(async () => t?.drop());

  const snapshot = async () => {
    const q = async (sql: string) => (await t.db.query(sql)).rows;
    return {
      mentions: await q('select article_id, kind, entity, company, version, char_start, char_end from mentions order by 1,2,3,6'),
      hits: await q('select article_id, term, negated, hedged, char_start, target_companies from friction_hits order by 1,5,2'),
      events: await q('select id, company, model, version, article_count, independent_sources, friction_score from launch_events order by id'),
      links: await q('select event_id, article_id, friction from event_articles order by 1,2'),
      articles: await q("select id, status, classifier_version from articles order by id"),
    };
  };

  it('leaves the same rows as one run', async () => {
    const [a] = await insertArticles(t.db, null, [STORY]);
    const deps = { db: t.db, lex: engine.lex, version: engine.version, log: silentLogger };
    const first = await classifyArticle(deps, a!.id);
    expect(first.status).toBe('classified');
    const once = await snapshot();
    expect(once.mentions.length).toBeGreaterThan(0);
    expect(once.hits.length).toBeGreaterThan(0);
    expect(once.events).toHaveLength(1);
    await classifyArticle(deps, a!.id);
    expect(await snapshot()).toEqual(once);
  });

  it('runs concurrently on the same article without doubling anything', async () => {
    const [b] = await insertArticles(t.db, null, [{ ...STORY, key: 'k2', url: 'http://news.test/qwen3-b', contentHash: 'h2' }]);
    const deps = { db: t.db, lex: engine.lex, version: engine.version, log: silentLogger };
    await Promise.all([classifyArticle(deps, b!.id), classifyArticle(deps, b!.id), classifyArticle(deps, b!.id)]);
    const once = await snapshot();
    await classifyArticle(deps, b!.id);
    expect(await snapshot()).toEqual(once);
  });
});
