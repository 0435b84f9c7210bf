import type { Db } from '../../../src/db/db.js';
import { insertArticles } from '../../../src/db/sql/articles.js';
import { writeClassification } from '../../../src/db/sql/results.js';
import { fakeClassification, type FakeArticle } from './fake.js';

// A small known world for the analyst questions of docs/queries.md, relative to `now`.

export const SEED_VERSION = { classifier: 'c-test', lexicon: 'l-test' };
const DAY = 86_400_000;

export interface AnalystWorld {
  events: { doubao: number; qwen: number; gpt: number; seedanceOld: number };
  articles: Record<string, number>;
  feeds: { wire: number; daily: number; quiet: number };
}

async function feed(db: Db, url: string, title: string, failures: number, now: Date): Promise<number> {
  const r = await db.query<{ id: number }>(
    `insert into feeds (url, title, language, last_polled_at, last_status, consecutive_failures, last_success_at, last_error)
     values ($1, $2, 'en', $3, $4, $5, $6, $7) returning id`,
    [url, title, now, failures ? 'error' : 'ok', failures, failures ? new Date(now.getTime() - 9 * DAY) : now, failures ? 'HTTP 503' : null],
  );
  return Number(r.rows[0]!.id);
}

interface Item extends FakeArticle {
  key: string;
  feed: number;
  daysAgo: number;
  contentHash?: string;
}

/** Seeds feeds, articles and their classifications through writeClassification. */
export async function seedAnalystWorld(db: Db, now: Date = new Date()): Promise<AnalystWorld> {
  const feeds = {
    wire: await feed(db, 'https://wire.test/rss', 'Wire', 0, now),
    daily: await feed(db, 'https://daily.test/rss', 'Daily', 0, now),
    quiet: await feed(db, 'https://quiet.test/rss', 'Quiet', 3, now),
  };
  const capacity = { term: 'throttled', category: 'capacity' as const, weight: 0.6 };
  const items: Item[] = [
    { key: 'doubao-1', feed: feeds.wire, daysAgo: 3, contentHash: 'doubao-story', title: 'ByteDance launches Doubao 1.5', company: 'bytedance', model: 'doubao', version: '1.5',
      hits: [{ ...capacity, sentence: 'Doubao sign-ups were throttled within hours.' }] },
    { key: 'doubao-1-copy', feed: feeds.daily, daysAgo: 2.9, contentHash: 'doubao-story', title: 'ByteDance launches Doubao 1.5 (reprint)', company: 'bytedance', model: 'doubao', version: '1.5',
      hits: [{ ...capacity, sentence: 'Doubao sign-ups were throttled within hours.' }] },
    { key: 'doubao-2', feed: feeds.daily, daysAgo: 2, title: 'Doubao 1.5 hands-on', company: 'bytedance', model: 'doubao', version: '1.5', hits: [] },
    { key: 'qwen-1', feed: feeds.wire, daysAgo: 10, title: 'Alibaba releases Qwen3', company: 'alibaba', model: 'qwen', version: '3',
      hits: [
        { sentence: 'The Qwen3 release was delayed by a day.', term: 'delayed', category: 'delay', weight: 0.5 },
        { sentence: 'The API could be throttled, some said.', term: 'throttled', category: 'capacity', weight: 0.4, hedged: true },
      ] },
    { key: 'qwen-2', feed: feeds.daily, daysAgo: 9, title: 'Qwen3 down for hours', company: 'alibaba', model: 'qwen', version: '3',
      hits: [{ sentence: 'Qwen3 suffered an outage on its second day.', term: 'outage', category: 'outage', weight: 0.7 }] },
    { key: 'gpt-1', feed: feeds.wire, daysAgo: 5, title: 'OpenAI ships GPT-5', company: 'openai', model: 'gpt', version: '5',
      hits: [{ sentence: 'The GPT-5 rollout was not delayed, OpenAI said.', term: 'delayed', category: 'delay', weight: 0.5, negated: true }] },
    { key: 'seedance-old', feed: feeds.wire, daysAgo: 60, title: 'ByteDance launches Seedance 2', company: 'bytedance', model: 'seedance', version: '2',
      hits: [{ ...capacity, weight: 0.8, sentence: 'Seedance 2 generation was throttled for free users.' }] },
    { key: 'chatgpt-outage', feed: feeds.daily, daysAgo: 1, title: 'ChatGPT outage', company: 'openai', model: 'chatgpt', version: null, launch: false,
      hits: [{ sentence: 'ChatGPT had an outage for two hours.', term: 'outage', category: 'outage', weight: 0.7 }] },
  ];
  const articles: Record<string, number> = {};
  for (const it of items) {
    const [row] = await insertArticles(db, it.feed, [
      { key: it.key, url: `https://news.test/${it.key}`, guid: null, title: it.title, summary: '', body: it.title, language: 'en',
        publishedAt: new Date(now.getTime() - it.daysAgo * DAY), contentHash: it.contentHash ?? it.key },
    ]);
    articles[it.key] = row!.id;
    const { ex, score } = fakeClassification(it);
    await writeClassification(db, row!.id, ex, score, SEED_VERSION);
  }
  const ev = async (model: string) =>
    Number((await db.query<{ id: number }>(`select id from launch_events where model = $1`, [model])).rows[0]!.id);
  return { events: { doubao: await ev('doubao'), qwen: await ev('qwen'), gpt: await ev('gpt'), seedanceOld: await ev('seedance') }, articles, feeds };
}
