import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { freshDb, type TestDb } from '../../helpers/db.js';
import { addArticle, addFeed, classify, day, events } from './world.js';
import { QWEN35_BODY, QWEN3_BODY, QWEN3_FOLLOWUP_BODY, QWEN3_WEEK_LATER_BODY } from '../../unit/events/stories.js';

// Launch windows: a week of coverage of one launch is one event; a later version is another.

describe('launch windows', () => {
  let t: TestDb;
  let feed: number;
  beforeEach(async () => {
    t = await freshDb();
    feed = await addFeed(t.db, 'https://wire.test/rss', 'Wire');
  });
  afterEach(async () => t?.drop());

  const week = async () => [
    await addArticle(t.db, { feedId: feed, key: 'd0', title: "Alibaba's Qwen3 launch gets off to a rocky start", body: QWEN3_BODY, publishedAt: day(0) }),
    await addArticle(t.db, { feedId: feed, key: 'd3', title: 'Qwen3 capacity problems ease', body: QWEN3_FOLLOWUP_BODY, publishedAt: day(3) }),
    await addArticle(t.db, { feedId: feed, key: 'd7', title: 'Alibaba brings Qwen3 to its consumer app', body: QWEN3_WEEK_LATER_BODY, publishedAt: day(7) }),
  ];

  it('joins a week of coverage into one event and opens another for a later version', async () => {
    const ids = await week();
    const later = await addArticle(t.db, { feedId: feed, key: 'd30', title: 'Alibaba unveils Qwen3.5', body: QWEN35_BODY, publishedAt: day(30) });
    await classify(t.db, [...ids, later]);
    const evs = await events(t.db);
    expect(evs.map((e) => [e.company, e.model, e.version, e.article_count, e.independent_sources])).toEqual([
      ['alibaba', 'qwen', '3', 3, 3],
      ['alibaba', 'qwen', '3.5', 1, 1],
    ]);
    // Mean over three independent sources of their friction for the event.
    const per = await t.db.query<{ friction: number }>(`select friction from event_articles where event_id = $1`, [evs[0]!.id]);
    const mean = (100 * per.rows.reduce((s, r) => s + r.friction, 0)) / 3;
    expect(evs[0]!.friction_score).toBeCloseTo(mean, 1);
    expect(evs[0]!.friction_share).toBeCloseTo(per.rows.filter((r) => r.friction > 0).length / 3, 3);
    expect(evs[1]!.categories).toContain('delay');
  });

  it('gives the same events whatever order the week is classified in, with stable ids on a re-run', async () => {
    const ids = await week();
    await classify(t.db, [ids[2]!, ids[0]!, ids[1]!]);
    const evs = await events(t.db);
    expect(evs).toHaveLength(1);
    expect(evs[0]).toMatchObject({ version: '3', article_count: 3 });
    await classify(t.db, ids);
    expect(await events(t.db)).toEqual(evs);
  });

  it('starts a new window after a gap of more than a week', async () => {
    const a = await addArticle(t.db, { feedId: feed, key: 'a', title: "Alibaba's Qwen3 launch gets off to a rocky start", body: QWEN3_BODY, publishedAt: day(0) });
    const b = await addArticle(t.db, { feedId: feed, key: 'b', title: 'Alibaba brings Qwen3 to its consumer app', body: QWEN3_WEEK_LATER_BODY, publishedAt: day(12) });
    await classify(t.db, [a, b]);
    expect((await events(t.db)).map((e) => e.article_count)).toEqual([1, 1]);
  });

  it('keeps the aggregates right when two workers classify articles of one event at once', async () => {
    const ids = await week();
    const more: number[] = [];
    for (let i = 0; i < 6; i++) {
      more.push(
        await addArticle(t.db, { feedId: feed, key: `x${i}`, title: `Qwen3 capacity problems ease (${i})`, body: `${QWEN3_FOLLOWUP_BODY} Update ${i}: ${'more words here '.repeat(i * 8)}`, publishedAt: day(1 + i / 4) }),
      );
    }
    await Promise.all([classify(t.db, [ids[0]!, ...more.slice(0, 3)]), classify(t.db, [ids[1]!, ...more.slice(3)]), classify(t.db, [ids[2]!])]);
    const evs = await events(t.db);
    expect(evs).toHaveLength(1);
    const counts = await t.db.query<{ n: number; ind: number }>(
      `select count(*)::int as n, count(*) filter (where independent)::int as ind from event_articles where event_id = $1`,
      [evs[0]!.id],
    );
    expect(evs[0]!.article_count).toBe(9);
    expect(counts.rows[0]).toEqual({ n: 9, ind: evs[0]!.independent_sources });
  });

  it('stores mentions and hits of an article that reports no launch, and makes no event', async () => {
    const id = await addArticle(t.db, {
      feedId: feed,
      key: 'outage',
      title: 'ChatGPT suffers an outage',
      body: 'ChatGPT was down for two hours on Tuesday, OpenAI said. Users reported errors across Europe and the United States while engineers investigated the cause.',
      publishedAt: day(2),
    });
    await classify(t.db, [id]);
    expect(await events(t.db)).toEqual([]);
    const n = await t.db.query<{ m: number; h: number; s: string }>(
      `select (select count(*) from mentions)::int as m, (select count(*) from friction_hits)::int as h, (select status from articles) as s`,
    );
    expect(n.rows[0]!.m).toBeGreaterThan(0);
    expect(n.rows[0]!.h).toBeGreaterThan(0);
    expect(n.rows[0]!.s).toBe('classified');
  });
});
