import type { Db } from '../../../src/db/db.js';
import { insertArticles } from '../../../src/db/sql/articles.js';
import { loadConfig } from '../../../src/config.js';
import { loadEngine, type Engine } from '../../../src/runtime/context.js';
import { classifyArticle } from '../../../workers/classify.js';
import { silentLogger } from '../../../src/logger.js';
import type { LaunchEventRow } from '../../../src/db/sql/event-row.js';

// Shared set-up of the event tests: feeds, articles, and the real classifier over them.

let engine: Engine | null = null;
/** The real catalogue and lexicon from config/, compiled once per test file. */
export function realEngine(): Engine {
  engine ??= loadEngine(loadConfig({}));
  return engine;
}

/** Creates a feed and returns its id. */
export async function addFeed(db: Db, url: string, title: string): Promise<number> {
  const r = await db.query<{ id: number }>(`insert into feeds (url, title, language) values ($1, $2, 'en') returning id`, [url, title]);
  return Number(r.rows[0]!.id);
}

export interface StoryInput {
  feedId: number | null;
  key: string;
  title: string;
  body: string;
  publishedAt: Date;
  language?: string;
}

/** Stores one article (pending) and returns its id. */
export async function addArticle(db: Db, s: StoryInput): Promise<number> {
  const [a] = await insertArticles(db, s.feedId, [
    {
      key: s.key,
      url: `https://${s.key}.news.test/story`,
      guid: null,
      title: s.title,
      summary: '',
      body: s.body,
      language: s.language ?? 'en',
      publishedAt: s.publishedAt,
      contentHash: `${s.key}-hash`,
    },
  ]);
  return a!.id;
}

/** Classifies articles with the real extractor, scorer and writeClassification, in order. */
export async function classify(db: Db, ids: readonly number[], eng: Engine = realEngine()): Promise<void> {
  for (const id of ids) await classifyArticle({ db, lex: eng.lex, version: eng.version, log: silentLogger }, id);
}

export const day = (n: number, hour = 8) => new Date(Date.UTC(2026, 2, 2 + n, hour));

export type EventRow = Pick<
  LaunchEventRow,
  'id' | 'company' | 'model' | 'version' | 'article_count' | 'independent_sources' | 'friction_score' | 'friction_share' | 'categories' | 'top_evidence' | 'top_evidence_article_id'
>;

/** Every event, oldest window first. */
export async function events(db: Db): Promise<EventRow[]> {
  const r = await db.query<EventRow>(
    `select id, company, model, version, article_count, independent_sources, friction_score, friction_share, categories,
            top_evidence, top_evidence_article_id
     from launch_events order by window_start, id`,
  );
  return r.rows;
}
