import { Writable } from 'node:stream';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshDb, type TestDb } from '../../helpers/db.js';
import { loadConfig } from '../../../src/config.js';
import { loadEngine } from '../../../src/runtime/context.js';
import { silentLogger } from '../../../src/logger.js';
import { classifyArticle, classifyMany, type ClassifyResult } from '../../../workers/classify.js';
import { addArticle, addFeed, day } from '../events/world.js';
import { QWEN3_BODY, QWEN3_FOLLOWUP_BODY, QWEN35_BODY } from '../../unit/events/stories.js';

// A many-article classify job: every article goes through the real classifier, except one chosen
// article whose classification rejects. The job fails (and is retried) unless it is the last
// attempt, where the failing article is marked failed in Postgres and the job completes.

const engine = loadEngine(loadConfig({}));
const MISSING = 999_999;

describe('classifyMany', () => {
  let t: TestDb;
  const feeds: number[] = [];

  beforeAll(async () => {
    t = await freshDb();
    feeds.push(await addFeed(t.db, 'https://wire.test/rss', 'Wire'));
  });
  afterAll(async () => t?.drop());

  /** Three fresh pending articles (a launch, its follow-up, another launch). */
  const addStories = async (tag: string) => [
    await addArticle(t.db, { feedId: feeds[0]!, key: `${tag}-q3`, title: "Alibaba's Qwen3 launch gets off to a rocky start", body: QWEN3_BODY, publishedAt: day(0) }),
    await addArticle(t.db, { feedId: feeds[0]!, key: `${tag}-q3f`, title: 'Qwen3 capacity problems ease', body: QWEN3_FOLLOWUP_BODY, publishedAt: day(3) }),
    await addArticle(t.db, { feedId: feeds[0]!, key: `${tag}-q35`, title: 'Alibaba unveils Qwen3.5', body: QWEN35_BODY, publishedAt: day(30) }),
  ];

  /** Classifies for real, except `bad`, whose classification rejects with `reason`. */
  const classifyOneExcept = (bad: number | null, reason = 'extractor crashed') => (id: number): Promise<ClassifyResult> =>
    id === bad ? Promise.reject(new Error(reason)) : classifyArticle({ db: t.db, lex: engine.lex, version: engine.version, log: silentLogger }, id);

  const articles = async (ids: readonly number[]) =>
    (await t.db.query<{ id: number; status: string; last_error: string | null }>(`select id, status, last_error from articles where id = any($1::bigint[]) order by id`, [ids])).rows.map(
      (r) => ({ ...r, id: Number(r.id) }),
    );

  it('classifies every article and sums their counts', async () => {
    const ids = await addStories('ok');
    const res = await classifyMany({ db: t.db, log: silentLogger }, [...ids, MISSING], classifyOneExcept(null), false);
    const events = await t.db.query<{ n: number }>(`select count(*)::int as n from launch_events`);
    expect(res).toMatchObject({ status: 'classified', articles: 3, missing: 1, failed: 0 });
    // Each event is created by exactly one of the articles: the sum of what they created.
    expect(res.eventsCreated).toBe(events.rows[0]!.n);
    expect(res.eventsCreated).toBeGreaterThanOrEqual(2);
    expect((await articles(ids)).map((a) => a.status)).toEqual(['classified', 'classified', 'classified']);
  });

  it('throws when some article fails and it is not the last attempt, naming the first failure', async () => {
    const ids = await addStories('retry');
    const bad = ids[1]!;
    const job = classifyMany({ db: t.db, log: silentLogger }, ids, classifyOneExcept(bad, 'lexicon not loaded'), false);
    await expect(job).rejects.toThrow(`classify: 1 of 3 articles failed (first: ${bad}: lexicon not loaded)`);
    await expect(job).rejects.toMatchObject({ cause: { message: 'lexicon not loaded' } });
    // The others were written (the retry rewrites them idempotently); the failed one waits for the retry.
    expect(await articles(ids)).toEqual([
      { id: ids[0], status: 'classified', last_error: null },
      { id: bad, status: 'pending', last_error: null },
      { id: ids[2], status: 'classified', last_error: null },
    ]);
  });

  it('on the last attempt marks the failing article failed with its reason, logs it and completes', async () => {
    const ids = await addStories('last');
    const bad = ids[2]!;
    const lines: { level: number; msg: string; articleId?: number; err?: { message: string } }[] = [];
    const log = pino(
      { level: 'info' },
      new Writable({
        write(chunk: Buffer, _enc, cb) {
          lines.push(JSON.parse(chunk.toString()));
          cb();
        },
      }),
    );
    const res = await classifyMany({ db: t.db, log }, [...ids, MISSING], classifyOneExcept(bad, 'body too large to extract'), true);
    expect(res).toMatchObject({ status: 'classified', articles: 2, missing: 1, failed: 1 });
    expect(await articles(ids)).toEqual([
      { id: ids[0], status: 'classified', last_error: null },
      { id: ids[1], status: 'classified', last_error: null },
      { id: bad, status: 'failed', last_error: 'body too large to extract' },
    ]);
    const warns = lines.filter((l) => l.level === 40);
    expect(warns).toHaveLength(1);
    expect(warns[0]).toMatchObject({ articleId: bad, err: { message: 'body too large to extract' } });
  });

  it('on the last attempt with every article failing, marks them all failed', async () => {
    const ids = await addStories('all');
    const res = await classifyMany({ db: t.db, log: silentLogger }, ids, () => Promise.reject(new Error('database is shutting down')), true);
    expect(res).toEqual({ status: 'classified', articles: 0, missing: 0, failed: 3, eventsCreated: 0, eventsUpdated: 0 });
    expect((await articles(ids)).map((a) => [a.status, a.last_error])).toEqual(ids.map(() => ['failed', 'database is shutting down']));
  });
});
