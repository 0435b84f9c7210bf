import type { Queryable } from '../db.js';
import type { LaunchEventRow } from './event-row.js';

// Read-only queries behind `launchwatch explain`: everything that produced a score.

export interface ExplainArticle {
  id: number;
  title: string;
  url: string;
  feed: string | null;
  published_at: Date | null;
  at: Date;
  status: string;
  classifier_version: string | null;
  lexicon_version: string | null;
  duplicate_of: number | null;
  simhash: string | null;
}

export interface ExplainHit {
  id: number;
  article_id: number;
  term: string;
  category: string;
  surface: string;
  sentence: number;
  sentence_text: string;
  weight: number;
  effective_weight: number;
  negated: boolean;
  hedged: boolean;
  targets: { company: string; model: string | null; indirect: boolean; weight?: number }[];
}

export interface ExplainScore {
  article_id: number;
  company: string;
  model: string;
  version: string;
  friction: number;
  categories: string[];
  hit_count: number;
  evidence: string | null;
  is_launch_subject: boolean;
}

export type ExplainEvent = LaunchEventRow;

export interface ExplainLink {
  event_id: number;
  article_id: number;
  friction: number;
  independent: boolean;
}

const ARTICLE = `select a.id, a.title, a.url, coalesce(f.title, f.url) as feed, a.published_at, coalesce(a.published_at, a.fetched_at) as at,
  a.status, a.classifier_version, a.lexicon_version, a.duplicate_of, a.simhash::text as simhash
  from articles a left join feeds f on f.id = a.feed_id`;

export async function explainArticles(q: Queryable, ids: readonly number[]): Promise<ExplainArticle[]> {
  const res = await q.query<ExplainArticle>(`${ARTICLE} where a.id = any($1::bigint[]) order by at, a.id`, [ids]);
  return res.rows.map((r) => ({ ...r, id: Number(r.id), duplicate_of: r.duplicate_of === null ? null : Number(r.duplicate_of) }));
}

export async function explainMentions(q: Queryable, articleId: number) {
  const res = await q.query<{ kind: string; entity: string; company: string; version: string | null; surface: string; sentence: number }>(
    `select kind, entity, company, version, surface, sentence from mentions where article_id = $1 order by char_start, kind`,
    [articleId],
  );
  return res.rows;
}

export async function explainHits(q: Queryable, articleIds: readonly number[]): Promise<ExplainHit[]> {
  const res = await q.query<ExplainHit>(
    `select id, article_id, term, category, surface, sentence, sentence_text, weight, effective_weight, negated, hedged, targets
     from friction_hits where article_id = any($1::bigint[]) order by article_id, char_start`,
    [articleIds],
  );
  return res.rows.map((r) => ({ ...r, id: Number(r.id), article_id: Number(r.article_id) }));
}

export async function explainScores(q: Queryable, articleIds: readonly number[]): Promise<ExplainScore[]> {
  const res = await q.query<ExplainScore>(
    `select article_id, company, model, version, friction, categories, hit_count, evidence, is_launch_subject
     from article_scores where article_id = any($1::bigint[]) order by article_id, is_launch_subject desc, friction desc, company, model`,
    [articleIds],
  );
  return res.rows.map((r) => ({ ...r, article_id: Number(r.article_id) }));
}

export async function explainEvent(q: Queryable, id: number): Promise<ExplainEvent | null> {
  const res = await q.query<ExplainEvent>(
    `select id, company, model, version, window_start, first_seen_at, last_seen_at, article_count, independent_sources,
            friction_score, friction_share, categories, top_evidence, top_evidence_article_id, classifier_version, lexicon_version
     from launch_events where id = $1`,
    [id],
  );
  const r = res.rows[0];
  return r ? { ...r, id: Number(r.id), top_evidence_article_id: r.top_evidence_article_id === null ? null : Number(r.top_evidence_article_id) } : null;
}

/** Links of an event (eventId) or of an article (articleId). */
export async function explainLinks(q: Queryable, by: { eventId?: number; articleId?: number }): Promise<(ExplainLink & { company: string; model: string; version: string })[]> {
  const res = await q.query<ExplainLink & { company: string; model: string; version: string }>(
    `select ea.event_id, ea.article_id, ea.friction, ea.independent, e.company, e.model, e.version
     from event_articles ea join launch_events e on e.id = ea.event_id
     where ($1::bigint is null or ea.event_id = $1) and ($2::bigint is null or ea.article_id = $2)
     order by ea.event_id, ea.article_id`,
    [by.eventId ?? null, by.articleId ?? null],
  );
  return res.rows.map((r) => ({ ...r, event_id: Number(r.event_id), article_id: Number(r.article_id) }));
}
