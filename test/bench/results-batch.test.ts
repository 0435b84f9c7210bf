import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshDb, type TestDb } from '../helpers/db.js';
import { loadConfig } from '../../src/config.js';
import { loadEngine } from '../../src/runtime/context.js';
import { loadCatalog } from '../../src/catalog/load.js';
import { extract } from '../../src/extract/extract.js';
import { scoreArticle } from '../../src/scoring/score.js';
import { writeClassification } from '../../src/db/sql/results.js';
import { writeClassifications, type BatchItem } from '../../src/db/sql/results-batch.js';
import { countStaleEvents, refreshStaleEvents } from '../../src/db/sql/events-stale.js';
import { catalogSignals, makeArticle, type BenchArticle } from '../../bench/corpus.js';
import { ARTICLE_COLUMNS, articleRow, copyRows, syncArticleIds } from '../../bench/copy.js';

// The batched classify transaction, followed by the event refresh, must leave exactly the rows the
// one-article transaction leaves when the same articles are classified one after another in id order.

const config = loadConfig({});
const engine = loadEngine(config);
const signals = catalogSignals(loadCatalog(config.configDir));
const DAY = 86_400_000;

/** 30 articles: distinct stories, exact reprints (same text) and near reprints (one sentence changed), close in time. */
function corpus(): BenchArticle[] {
  const base = Array.from({ length: 18 }, (_, i) => {
    const a = makeArticle(signals, i, 1500, 'x');
    // Close dates so that articles share launch windows and copies fall in the dedup window.
    return { ...a, publishedAt: new Date(Date.UTC(2026, 5, 1) + (i % 6) * DAY) };
  });
  const copies = base.slice(0, 6).map((a, k) => ({ ...a, key: `${a.key}-copy`, publishedAt: new Date(a.publishedAt.getTime() + (k % 2 ? -1 : 1) * 3600_000) }));
  const near = base.slice(6, 12).map((a) => ({ ...a, key: `${a.key}-near`, body: `${a.body} Extra closing line.`, publishedAt: new Date(a.publishedAt.getTime() + 7200_000) }));
  return [...base, ...copies, ...near];
}

async function seed(t: TestDb, arts: readonly BenchArticle[]): Promise<BatchItem[]> {
  await copyRows(t.db.pool, 'articles', ARTICLE_COLUMNS, arts.map((a, i) => articleRow(i + 1, a, 'pending')));
  await syncArticleIds(t.db.pool);
  return arts.map((a, i) => {
    const ex = extract({ title: a.title, body: a.body, language: a.language }, engine.lex);
    return { articleId: i + 1, ex, score: scoreArticle(ex) };
  });
}

async function snapshot(t: TestDb): Promise<Record<string, unknown[]>> {
  const q = async (sql: string) => (await t.db.query(sql)).rows;
  return {
    articles: await q(`select id, status, simhash::text, duplicate_of, classifier_version from articles order by id`),
    mentions: await q(`select article_id, kind, entity, company, version, surface, char_start from mentions order by 1, 7, 2, 3`),
    hits: await q(`select article_id, term, category, effective_weight, negated, hedged, char_start, targets, target_companies from friction_hits order by 1, 7, 2`),
    scores: await q(`select article_id, company, model, version, friction, categories, hit_count, evidence, evidence_weight, is_launch_subject from article_scores order by 1, 2, 3`),
    events: await q(`select company, model, version, window_start, first_seen_at, last_seen_at, article_count, independent_sources, friction_score, categories, top_evidence from launch_events order by 1, 2, 3, 4`),
    links: await q(`select e.company, e.model, e.version, e.window_start, ea.article_id, ea.friction, ea.independent from event_articles ea join launch_events e on e.id = ea.event_id order by 1, 2, 3, 4, 5`),
  };
}

describe('writeClassifications (one transaction for many articles)', () => {
  let serial: TestDb;
  let batched: TestDb;
  let items: BatchItem[];

  beforeAll(async () => {
    [serial, batched] = await Promise.all([freshDb(), freshDb()]);
    const arts = corpus();
    items = await seed(serial, arts);
    await seed(batched, arts);
    for (const it of items) await writeClassification(serial.db, it.articleId, it.ex, it.score, engine.version);
  }, 60_000);

  afterAll(async () => {
    await serial?.drop();
    await batched?.drop();
  });

  it('leaves the rows serial classification in id order leaves (dedup, results, events)', async () => {
    // Two batches, the second seeing what the first committed; each batch out of order on input.
    const out1 = await writeClassifications(batched.db, [...items.slice(0, 21)].reverse(), engine.version);
    const out2 = await writeClassifications(batched.db, items.slice(21), engine.version);
    expect([...out1.values(), ...out2.values()].every((w) => w !== null)).toBe(true);
    // Events are marked stale by the batches and recomputed by the refresher, not by the batch.
    expect(await countStaleEvents(batched.db)).toBeGreaterThan(0);
    const r = await refreshStaleEvents(batched.db, engine.version);
    expect(r.refreshed).toBeGreaterThan(0);
    expect(await countStaleEvents(batched.db)).toBe(0);
    const want = await snapshot(serial);
    const got = await snapshot(batched);
    expect((want.articles as { duplicate_of: number | null }[]).some((a) => a.duplicate_of !== null)).toBe(true);
    expect((want.events as unknown[]).length).toBeGreaterThan(0);
    for (const k of Object.keys(want)) expect(got[k], k).toEqual(want[k]);
  });

  it('is idempotent: the same batch again leaves the same rows', async () => {
    const before = await snapshot(batched);
    const again = await writeClassifications(batched.db, items, engine.version);
    await refreshStaleEvents(batched.db, engine.version);
    expect(await snapshot(batched)).toEqual(before);
    expect([...again.values()].every((w) => w !== null && w.eventsCreated === 0)).toBe(true);
  });

  it('reports an article that no longer exists as null and writes the others', async () => {
    const out = await writeClassifications(batched.db, [{ ...items[0]!, articleId: 999_999 }, items[1]!], engine.version);
    await refreshStaleEvents(batched.db, engine.version);
    expect(out.get(999_999)).toBeNull();
    expect(out.get(items[1]!.articleId)).not.toBeNull();
  });
});
