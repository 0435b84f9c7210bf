import type { Queryable } from '../db.js';
import type { LaunchEventRow } from './event-row.js';

// Launch events as the HTTP API reads them: filtered, keyset-paginated lists and one event with
// its articles. Read-only.

export type EventOrder = 'recent' | 'friction';

export interface EventFilter {
  companies: readonly string[] | null;
  models: readonly string[] | null;
  /** Events seen at or after this instant (last_seen_at >= from). */
  from: Date | null;
  /** Events first seen before this instant (first_seen_at < to). */
  to: Date | null;
  minScore: number | null;
}

/** Position after the last row of a page: the sort key and the id that breaks ties. */
export interface EventCursor {
  order: EventOrder;
  key: number;
  id: number;
}

interface EventRow extends Omit<LaunchEventRow, 'lexicon_version'> {
  /** first_seen_at in whole microseconds since the epoch: an exact cursor key (a JS Date has ms only). */
  seen_us: number;
}

/** A launch event as the API returns it. */
export interface ApiEvent {
  id: number;
  company: string;
  model: string | null;
  version: string | null;
  window_start: string;
  first_seen_at: string;
  last_seen_at: string;
  article_count: number;
  independent_sources: number;
  friction_score: number;
  friction_share: number;
  categories: string[];
  top_evidence: string | null;
  top_evidence_article_id: number | null;
  classifier_version: string;
}

function toApiEvent(r: EventRow): ApiEvent {
  return {
    id: r.id,
    company: r.company,
    model: r.model || null,
    version: r.version || null,
    window_start: r.window_start.toISOString(),
    first_seen_at: r.first_seen_at.toISOString(),
    last_seen_at: r.last_seen_at.toISOString(),
    article_count: r.article_count,
    independent_sources: r.independent_sources,
    friction_score: r.friction_score,
    friction_share: r.friction_share,
    categories: r.categories,
    top_evidence: r.top_evidence,
    top_evidence_article_id: r.top_evidence_article_id,
    classifier_version: r.classifier_version,
  };
}

const COLUMNS = `e.id, e.company, e.model, e.version, e.window_start, e.first_seen_at, e.last_seen_at,
  e.article_count, e.independent_sources, e.friction_score, e.friction_share, e.categories,
  e.top_evidence, e.top_evidence_article_id, e.classifier_version,
  ((extract(epoch from e.first_seen_at) * 1000000)::bigint) as seen_us`;

const FILTERS = `($1::text[] is null or e.company = any($1))
  and ($2::text[] is null or e.model = any($2))
  and ($3::timestamptz is null or e.last_seen_at >= $3)
  and ($4::timestamptz is null or e.first_seen_at < $4)
  and ($5::real is null or e.friction_score >= $5)`;

// One constant statement per order; $6/$7 are the cursor (null on the first page), $8 the limit.
const LIST_SQL: Record<EventOrder, string> = {
  recent: `select ${COLUMNS} from launch_events e
    where ${FILTERS}
      and ($6::bigint is null or (e.first_seen_at, e.id) < ('epoch'::timestamptz + $6::bigint * interval '1 microsecond', $7::bigint))
    order by e.first_seen_at desc, e.id desc limit $8`,
  friction: `select ${COLUMNS} from launch_events e
    where ${FILTERS}
      and ($6::real is null or (e.friction_score, e.id) < ($6::real, $7::bigint))
    order by e.friction_score desc, e.id desc limit $8`,
};

/** One page of launch events, newest first or rockiest first, and the cursor of the next page. */
export async function listEvents(
  db: Queryable,
  filter: EventFilter,
  page: { order: EventOrder; limit: number; after: EventCursor | null },
): Promise<{ events: ApiEvent[]; next: EventCursor | null }> {
  const res = await db.query<EventRow>(LIST_SQL[page.order], [
    filter.companies,
    filter.models,
    filter.from,
    filter.to,
    filter.minScore,
    page.after?.key ?? null,
    page.after?.id ?? null,
    page.limit + 1, // one extra row tells whether a next page exists
  ]);
  const rows = res.rows.slice(0, page.limit);
  const last = rows[rows.length - 1];
  const next =
    res.rows.length > page.limit && last
      ? { order: page.order, key: page.order === 'recent' ? last.seen_us : last.friction_score, id: last.id }
      : null;
  return { events: rows.map(toApiEvent), next };
}

/** One launch event by id, or null. */
export async function getEvent(db: Queryable, id: number): Promise<ApiEvent | null> {
  const res = await db.query<EventRow>(`select ${COLUMNS} from launch_events e where e.id = $1`, [id]);
  return res.rows[0] ? toApiEvent(res.rows[0]) : null;
}

/** An article that counted toward an event. */
export interface ApiEventArticle {
  id: number;
  title: string;
  url: string;
  feed: string | null;
  language: string | null;
  published_at: string | null;
  friction: number;
  independent: boolean;
}

interface EventArticleRow {
  id: number;
  title: string;
  url: string;
  feed: string | null;
  language: string | null;
  published_at: Date | null;
  friction: number;
  independent: boolean;
}

/** The articles of an event, rockiest first. */
export async function listEventArticles(db: Queryable, eventId: number): Promise<ApiEventArticle[]> {
  const res = await db.query<EventArticleRow>(
    `select a.id, a.title, a.url, coalesce(f.title, f.url) as feed, a.language, a.published_at, ea.friction, ea.independent
     from event_articles ea
     join articles a on a.id = ea.article_id
     left join feeds f on f.id = a.feed_id
     where ea.event_id = $1
     order by ea.friction desc, a.published_at desc nulls last, a.id`,
    [eventId],
  );
  return res.rows.map((r) => ({ ...r, published_at: r.published_at?.toISOString() ?? null }));
}
