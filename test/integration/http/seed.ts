import type { Queryable } from '../../../src/db/db.js';

// Seeds a small, known world for the HTTP tests and the dashboard test: three feeds (one
// failing), articles, friction hits and launch events at times relative to `now`.

export interface Seeded {
  feeds: { ok: number; failing: number; never: number };
  events: { gpt: number; qwen: number; gemini: number; claude: number; oldLlama: number };
  articles: { gpt1: number; gpt2: number; qwen: number; gemini: number };
}

export const GPT_SENTENCE = 'OpenAI delayed the GPT-5 rollout after capacity problems throttled sign-ups.';
export const QWEN_SENTENCE = '阿里巴巴的通义千问3发布后因需求过大而限流。';
export const GEMINI_NEGATED = 'The Gemini 2.5 launch was not delayed, Google said.';

const HOUR = 3_600_000;

async function one<T>(q: Queryable, sql: string, params: unknown[]): Promise<T> {
  const res = await q.query<T>(sql, params);
  return res.rows[0]!;
}

async function feed(q: Queryable, f: { url: string; title: string; polled: Date | null; failures: number; error?: string; success: Date | null }): Promise<number> {
  const r = await one<{ id: number }>(
    q,
    `insert into feeds (url, title, language, last_polled_at, last_status, last_error, consecutive_failures, last_success_at)
     values ($1, $2, 'en', $3, $4, $5, $6, $7) returning id`,
    [f.url, f.title, f.polled, f.polled ? (f.failures ? 'error' : 'ok') : null, f.error ?? null, f.failures, f.success],
  );
  return r.id;
}

async function article(q: Queryable, feedId: number, key: string, title: string, at: Date): Promise<number> {
  const r = await one<{ id: number }>(
    q,
    `insert into articles (article_key, feed_id, url, title, body, published_at, fetched_at, status, classifier_version)
     values ($1, $2, $3, $4, $4, $5, $5, 'classified', 'test') returning id`,
    [key, feedId, `https://news.example/${key}`, title, at],
  );
  return r.id;
}

interface HitSeed {
  article: number;
  term: string;
  category: string;
  surface: string;
  sentence: string;
  company: string;
  model: string | null;
  weight: number;
  negated?: boolean;
  hedged?: boolean;
}

async function hit(q: Queryable, h: HitSeed): Promise<void> {
  const start = Math.max(0, h.sentence.indexOf(h.surface));
  await q.query(
    `insert into friction_hits (article_id, term, category, weight, effective_weight, negated, hedged, surface, char_start, char_end,
                                sentence, sentence_text, targets, target_companies, classifier_version, lexicon_version)
     values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, 0, $11, $12, $13, 'test', 'test')`,
    [
      h.article, h.term, h.category, h.weight, h.negated ? 0 : h.weight, h.negated ?? false, h.hedged ?? false, h.surface, start,
      start + h.surface.length, h.sentence, JSON.stringify([{ company: h.company, model: h.model, indirect: false }]), [h.company],
    ],
  );
}

interface EventSeed {
  company: string;
  model: string;
  version: string;
  first: Date;
  last: Date;
  score: number;
  articles: number[];
  categories: string[];
  evidence: string | null;
}

async function event(q: Queryable, e: EventSeed): Promise<number> {
  const r = await one<{ id: number }>(
    q,
    `insert into launch_events (company, model, version, window_start, first_seen_at, last_seen_at, article_count, independent_sources,
                                friction_score, friction_share, categories, top_evidence, top_evidence_article_id, classifier_version)
     values ($1, $2, $3, date_trunc('day', $4::timestamptz), $4, $5, $6, $6, $7, $8, $9, $10, $11, 'test') returning id`,
    [e.company, e.model, e.version, e.first, e.last, e.articles.length, e.score, e.score > 0 ? 0.5 : 0, e.categories, e.evidence, e.articles[0] ?? null],
  );
  for (const a of e.articles) {
    await q.query(`insert into event_articles (event_id, article_id, friction) values ($1, $2, $3)`, [r.id, a, e.score / 100]);
  }
  return r.id;
}

/** Inserts the test world into a migrated schema; times are relative to now. */
export async function seedWorld(q: Queryable, now: Date = new Date()): Promise<Seeded> {
  const ago = (h: number) => new Date(now.getTime() - h * HOUR);
  const feeds = {
    ok: await feed(q, { url: 'https://news.example/rss', title: 'Example Tech News', polled: ago(0.2), failures: 0, success: ago(0.2) }),
    failing: await feed(q, { url: 'https://wire.example/feed', title: 'AI Wire', polled: ago(0.5), failures: 3, error: 'HTTP 503 Service Unavailable', success: ago(30) }),
    never: await feed(q, { url: 'https://cn.example/atom', title: '科技快讯', polled: null, failures: 0, success: null }),
  };
  const articles = {
    gpt1: await article(q, feeds.ok, 'gpt-1', 'GPT-5 rollout delayed', ago(50)),
    gpt2: await article(q, feeds.failing, 'gpt-2', 'GPT-5 sign-ups throttled', ago(48)),
    qwen: await article(q, feeds.ok, 'qwen-1', '通义千问3 发布', ago(100)),
    gemini: await article(q, feeds.ok, 'gemini-1', 'Gemini 2.5 arrives on time', ago(200)),
  };
  await hit(q, { article: articles.gpt1, term: 'delay', category: 'delay', surface: 'delayed', sentence: GPT_SENTENCE, company: 'openai', model: 'gpt', weight: 0.6 });
  await hit(q, { article: articles.gpt1, term: 'throttle', category: 'capacity', surface: 'throttled', sentence: GPT_SENTENCE, company: 'openai', model: 'gpt', weight: 0.5 });
  // The same sentence syndicated in a second article: the API shows it once.
  await hit(q, { article: articles.gpt2, term: 'delay', category: 'delay', surface: 'delayed', sentence: GPT_SENTENCE, company: 'openai', model: 'gpt', weight: 0.6 });
  await hit(q, { article: articles.qwen, term: '限流', category: 'capacity', surface: '限流', sentence: QWEN_SENTENCE, company: 'alibaba', model: 'qwen', weight: 0.55 });
  await hit(q, { article: articles.gemini, term: 'delay', category: 'delay', surface: 'delayed', sentence: GEMINI_NEGATED, company: 'google', model: 'gemini', weight: 0.6, negated: true });

  const events = {
    gpt: await event(q, { company: 'openai', model: 'gpt', version: '5', first: ago(50), last: ago(48), score: 72.5, articles: [articles.gpt1, articles.gpt2], categories: ['delay', 'capacity'], evidence: GPT_SENTENCE }),
    qwen: await event(q, { company: 'alibaba', model: 'qwen', version: '3', first: ago(100), last: ago(100), score: 55, articles: [articles.qwen], categories: ['capacity'], evidence: QWEN_SENTENCE }),
    gemini: await event(q, { company: 'google', model: 'gemini', version: '2.5', first: ago(200), last: ago(190), score: 0, articles: [articles.gemini], categories: [], evidence: null }),
    claude: await event(q, { company: 'anthropic', model: 'claude', version: '4', first: ago(300), last: ago(290), score: 18, articles: [], categories: ['reception'], evidence: null }),
    oldLlama: await event(q, { company: 'meta', model: 'llama', version: '3', first: ago(24 * 100), last: ago(24 * 99), score: 40, articles: [], categories: ['quality'], evidence: null }),
  };
  return { feeds, events, articles };
}
