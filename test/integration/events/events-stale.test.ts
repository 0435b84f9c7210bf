import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshDb, type TestDb } from '../../helpers/db.js';
import { createPgDb } from '../../../src/db/pool.js';
import type { Db } from '../../../src/db/db.js';
import { countStaleEvents, markEventsStale, refreshStaleEvents } from '../../../src/db/sql/events-stale.js';
import { readEvents, writeEvents } from '../../../src/db/sql/events.js';
import { readArticlesForExtract, writeClassifications, type BatchItem } from '../../../src/db/sql/results-batch.js';
import { extract } from '../../../src/extract/extract.js';
import { scoreArticle } from '../../../src/scoring/score.js';
import { articleBody } from '../../../workers/classify.js';
import { addArticle, addFeed, classify, day, realEngine } from './world.js';
import { QWEN3_BODY, QWEN3_FOLLOWUP_BODY, QWEN3_REPRINT_BODY, QWEN35_BODY } from '../../unit/events/stories.js';

// Deferred event aggregates: a classify batch (writeClassifications) only marks the events it
// touches; refreshStaleEvents must then leave exactly what the one-article path
// (writeClassification, recomputing at once) leaves. The same stories go into two schemas, one
// classified each way, and their rows are compared.

const engine = realEngine();
const QUIET = { title: 'A quiet week', body: 'Nothing much happened in the markets this week, traders said.' };

/** The same feed and articles in any schema (ids match across schemas: both start from 1). */
async function seed(db: Db) {
  const feed = await addFeed(db, 'https://wire.test/rss', 'Wire');
  const other = await addFeed(db, 'https://other.test/rss', 'Other');
  return {
    qwen3: await addArticle(db, { feedId: feed, key: 'q3', title: "Alibaba's Qwen3 launch gets off to a rocky start", body: QWEN3_BODY, publishedAt: day(0) }),
    reprint: await addArticle(db, { feedId: other, key: 'q3r', title: 'Qwen3 launch off to rocky start', body: QWEN3_REPRINT_BODY, publishedAt: day(0, 11) }),
    followup: await addArticle(db, { feedId: feed, key: 'q3f', title: 'Qwen3 capacity problems ease', body: QWEN3_FOLLOWUP_BODY, publishedAt: day(3) }),
    qwen35: await addArticle(db, { feedId: other, key: 'q35', title: 'Alibaba unveils Qwen3.5', body: QWEN35_BODY, publishedAt: day(30) }),
    quiet: await addArticle(db, { feedId: feed, key: 'other', ...QUIET, publishedAt: day(31) }),
  };
}

/** What the classify batcher writes for these articles: their stored texts, extracted and scored. */
async function batchItems(db: Db, ids: readonly number[]): Promise<BatchItem[]> {
  const texts = await readArticlesForExtract(db, ids);
  return ids.map((articleId) => {
    const a = texts.get(articleId)!;
    const ex = extract({ title: a.title, body: articleBody(a), language: a.language }, engine.lex);
    return { articleId, ex, score: scoreArticle(ex), source: a };
  });
}

/** Events, links and articles by natural keys (event ids may differ between the two schemas). */
async function snapshot(db: Db) {
  const q = async (sql: string) => (await db.query(sql)).rows;
  return {
    events: await q(
      `select company, model, version, window_start, first_seen_at, last_seen_at, article_count, independent_sources, friction_score,
              friction_share, categories, top_evidence, top_evidence_article_id, classifier_version, lexicon_version
       from launch_events order by company, model, version, window_start`,
    ),
    links: await q(
      `select e.company, e.model, e.version, e.window_start, ea.article_id, ea.friction, ea.independent
       from event_articles ea join launch_events e on e.id = ea.event_id order by 1, 2, 3, 4, 5`,
    ),
    articles: await q(`select id, status, duplicate_of, classifier_version, lexicon_version from articles order by id`),
  };
}

const markedIds = async (db: Db) => (await db.query<{ event_id: number }>(`select event_id from events_stale order by event_id`)).rows.map((r) => Number(r.event_id));
const eventIds = async (db: Db) => (await db.query<{ id: number }>(`select id from launch_events order by id`)).rows.map((r) => Number(r.id));
const seqOf = async (db: Db, eventId: number) =>
  (await db.query<{ seq: number }>(`select seq from events_stale where event_id = $1`, [eventId])).rows.map((r) => Number(r.seq))[0];

/** Polls until some backend waits on a lock held by `pid` (the refresher's delete on a renewed mark). */
async function waitBlockedBy(db: Db, pid: number): Promise<void> {
  const until = Date.now() + 8_000;
  for (;;) {
    const r = await db.query<{ n: number }>(`select count(*)::int as n from pg_stat_activity where $1::int = any(pg_blocking_pids(pid))`, [pid]);
    if (r.rows[0]!.n > 0) return;
    if (Date.now() > until) throw new Error(`no backend is waiting on pid ${pid}`);
    await new Promise((res) => setTimeout(res, 20));
  }
}

/**
 * Opens a transaction on a connection of its own that marks `eventIds` stale and stays open until
 * commit() is called: a concurrent writer whose mark the refresher cannot see yet.
 */
async function openMarker(t: TestDb, ids: number[]) {
  const own = createPgDb({ connectionString: t.url, schema: t.schema, max: 1 });
  let commit!: () => void;
  const release = new Promise<void>((res) => (commit = res));
  let ready!: (pid: number) => void;
  const pidP = new Promise<number>((res) => (ready = res));
  const done = own
    .tx(async (q) => {
      const pid = Number((await q.query<{ pid: number }>(`select pg_backend_pid() as pid`)).rows[0]!.pid);
      await markEventsStale(q, ids);
      ready(pid);
      await release;
    })
    .finally(() => own.close());
  // A transaction that fails before marking rejects here instead of leaving the test waiting.
  const pid = await Promise.race([pidP, done.then(() => Promise.reject(new Error('the marker ended before marking')))]);
  return {
    pid,
    commit: async () => {
      commit();
      await done;
    },
  };
}

describe('deferred event aggregates (events_stale)', () => {
  let serial: TestDb;
  let batched: TestDb;
  let ids: Awaited<ReturnType<typeof seed>>;

  beforeAll(async () => {
    [serial, batched] = await Promise.all([freshDb(), freshDb()]);
    ids = await seed(serial.db);
    expect(await seed(batched.db)).toEqual(ids);
    await classify(serial.db, Object.values(ids));
  });

  afterAll(async () => {
    await serial?.drop();
    await batched?.drop();
  });

  it('a batch marks every event it touches and leaves their aggregates behind', async () => {
    const out = await writeClassifications(batched.db, await batchItems(batched.db, Object.values(ids)), engine.version);
    expect([...out.values()].every((w) => w !== null)).toBe(true);
    const events = await eventIds(batched.db);
    // Qwen3 (original, reprint, follow-up) and Qwen3.5: at least two events.
    expect(events.length).toBeGreaterThanOrEqual(2);
    expect(await markedIds(batched.db)).toEqual(events);
    expect(await countStaleEvents(batched.db)).toBe(events.length);
    // The one-article path counted the articles at once; the batch left the counts at their defaults.
    const want = await snapshot(serial.db);
    const got = await snapshot(batched.db);
    expect((want.events as { article_count: number }[]).every((e) => e.article_count > 0)).toBe(true);
    expect((got.events as { article_count: number }[]).every((e) => e.article_count === 0)).toBe(true);
    expect(got.events).not.toEqual(want.events);
    // Links and syndication are written by the batch itself.
    expect((want.articles as { duplicate_of: number | null }[]).some((a) => a.duplicate_of !== null)).toBe(true);
    expect(got.articles).toEqual(want.articles);
  });

  it('refreshStaleEvents brings the events to what the one-article path leaves and clears the marks', async () => {
    const marked = await countStaleEvents(batched.db);
    // A limit smaller than the marks: one transaction takes `limit` and says more are left.
    const first = await refreshStaleEvents(batched.db, engine.version, 1);
    expect(first).toEqual({ refreshed: 1, deleted: [], more: true });
    expect(await countStaleEvents(batched.db)).toBe(marked - 1);
    const rest = await refreshStaleEvents(batched.db, engine.version);
    expect(rest).toEqual({ refreshed: marked - 1, deleted: [], more: false });
    expect(await countStaleEvents(batched.db)).toBe(0);
    expect(await snapshot(batched.db)).toEqual(await snapshot(serial.db));
    // Nothing stale: nothing to do.
    expect(await refreshStaleEvents(batched.db, engine.version)).toEqual({ refreshed: 0, deleted: [], more: false });
  });

  it('keeps a mark renewed by a transaction the refresher could not see, and clears it on the next refresh', async () => {
    const [event] = await eventIds(batched.db);
    await markEventsStale(batched.db, [event!]);
    const readSeq = await seqOf(batched.db, event!);
    // A writer renews the mark (new seq, row locked) and stays open.
    const marker = await openMarker(batched, [event!]);
    let settled = false;
    const refreshing = refreshStaleEvents(batched.db, engine.version).finally(() => (settled = true));
    // The refresher read the committed mark and now waits on the renewed row to delete it.
    await waitBlockedBy(batched.db, marker.pid);
    expect(settled).toBe(false);
    await marker.commit();
    expect(await refreshing).toEqual({ refreshed: 1, deleted: [], more: false });
    // The delete found a seq it had not read: the renewed mark is kept.
    expect(await markedIds(batched.db)).toEqual([event]);
    expect(await seqOf(batched.db, event!)).toBeGreaterThan(readSeq!);
    expect(await refreshStaleEvents(batched.db, engine.version)).toEqual({ refreshed: 1, deleted: [], more: false });
    expect(await countStaleEvents(batched.db)).toBe(0);
    expect(await snapshot(batched.db)).toEqual(await snapshot(serial.db));
  });

  it('keeps a mark first inserted by a transaction still open while the refresher runs', async () => {
    const [a, b] = await eventIds(batched.db);
    await markEventsStale(batched.db, [a!]);
    const marker = await openMarker(batched, [b!]);
    // The uncommitted row is invisible to the refresher, and nothing it deletes is locked.
    expect(await refreshStaleEvents(batched.db, engine.version)).toEqual({ refreshed: 1, deleted: [], more: false });
    await marker.commit();
    expect(await markedIds(batched.db)).toEqual([b]);
    expect(await refreshStaleEvents(batched.db, engine.version)).toEqual({ refreshed: 1, deleted: [], more: false });
    expect(await countStaleEvents(batched.db)).toBe(0);
  });

  it('deletes an event whose last article no longer links to it', async () => {
    const eventOf = async (db: Db, articleId: number) =>
      (await db.query<{ event_id: number }>(`select event_id from event_articles where article_id = $1`, [articleId])).rows.map((r) => Number(r.event_id));
    const [gone] = await eventOf(batched.db, ids.qwen35);
    expect(gone).toBeDefined();
    const others = await batched.db.query<{ n: number }>(`select count(*)::int as n from event_articles where event_id = $1 and article_id <> $2`, [gone, ids.qwen35]);
    expect(others.rows[0]!.n).toBe(0);
    // The Qwen3.5 story is replaced by one that reports no launch, in both schemas.
    for (const t of [serial, batched]) await t.db.query(`update articles set title = $2, body = $3 where id = $1`, [ids.qwen35, QUIET.title, QUIET.body]);
    await classify(serial.db, [ids.qwen35]);
    await writeClassifications(batched.db, await batchItems(batched.db, [ids.qwen35]), engine.version);
    expect(await eventOf(batched.db, ids.qwen35)).toEqual([]);
    // Unlinked, marked, but still there until the refresh.
    expect(await markedIds(batched.db)).toEqual([gone]);
    expect(await eventIds(batched.db)).toContain(gone);
    const r = await refreshStaleEvents(batched.db, engine.version);
    expect(r).toEqual({ refreshed: 1, deleted: [gone], more: false });
    expect(await eventIds(batched.db)).not.toContain(gone);
    expect(await countStaleEvents(batched.db)).toBe(0);
    expect(await snapshot(batched.db)).toEqual(await snapshot(serial.db));
  });

  it('does not delete an event read empty that a link step joined before the write', async () => {
    // The refresher reads links before it takes the (company, model) locks: an event it read
    // without links may have been joined by a link step meanwhile. It must survive the write.
    const made = await batched.db.query<{ id: string }>(
      `insert into launch_events (company, model, version, window_start, first_seen_at, last_seen_at, classifier_version, lexicon_version)
       values ('alibaba', 'qwen', '9', $1, $1, $1, 'c', 'l') returning id`,
      [day(90)],
    );
    const id = Number(made.rows[0]!.id);
    const read = await readEvents(batched.db, [id]);
    expect(read.byEvent.size).toBe(0);
    await batched.db.query(`insert into event_articles (event_id, article_id, friction) values ($1, $2, 0)`, [id, ids.quiet]);
    expect(await writeEvents(batched.db, read, engine.version)).toEqual({ deleted: [] });
    expect(await eventIds(batched.db)).toContain(id);
    // Read again, it has its link and is written; with the link gone it is deleted.
    await writeEvents(batched.db, await readEvents(batched.db, [id]), engine.version);
    const row = await batched.db.query<{ article_count: number }>(`select article_count from launch_events where id = $1`, [id]);
    expect(row.rows[0]!.article_count).toBe(1);
    await batched.db.query(`delete from event_articles where event_id = $1`, [id]);
    expect(await writeEvents(batched.db, await readEvents(batched.db, [id]), engine.version)).toEqual({ deleted: [id] });
    expect(await eventIds(batched.db)).not.toContain(id);
  });
});
