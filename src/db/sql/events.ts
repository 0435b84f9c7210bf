import type { Queryable } from '../db.js';
import type { LaunchEventRow } from './event-row.js';
import { aggregateEvent, type EventLink } from '../../events/aggregate.js';
import { WINDOW_GAP_MS, WINDOW_MAX_SPAN_MS, type EventCandidate, type SubjectKey } from '../../events/window.js';
import type { ClassifierVersion } from '../../extract/types.js';

// Launch events and their article links, as the classify transaction writes them. Decisions
// (window rule, aggregation) are pure, in src/events/.

/** (company, model) of the events the given articles are linked to. */
export async function eventsOfArticles(q: Queryable, articleIds: readonly number[]): Promise<{ id: number; company: string; model: string }[]> {
  if (articleIds.length === 0) return [];
  const res = await q.query<{ id: number; company: string; model: string }>(
    `select distinct e.id, e.company, e.model
     from event_articles ea join launch_events e on e.id = ea.event_id
     where ea.article_id = any($1::bigint[])`,
    [articleIds],
  );
  return res.rows.map((r) => ({ ...r, id: Number(r.id) }));
}

type CandidateRow = Pick<LaunchEventRow, 'id' | 'company' | 'model' | 'version' | 'window_start' | 'first_seen_at' | 'last_seen_at'>;

/** Events of these (company, model) pairs whose window could hold an article at `at`. */
export async function findEventCandidates(
  q: Queryable,
  pairs: readonly { company: string; model: string }[],
  at: Date,
): Promise<Map<string, EventCandidate[]>> {
  const out = new Map<string, EventCandidate[]>();
  if (pairs.length === 0) return out;
  const res = await q.query<CandidateRow>(
    `select e.id, e.company, e.model, e.version, e.window_start, e.first_seen_at, e.last_seen_at
     from launch_events e
     join unnest($1::text[], $2::text[]) as p(company, model) on p.company = e.company and p.model = e.model
     where e.last_seen_at >= $3::timestamptz - $4 * interval '1 millisecond'
       and e.window_start >= $3::timestamptz - $5 * interval '1 millisecond'
       and e.first_seen_at <= $3::timestamptz + $4 * interval '1 millisecond'`,
    [pairs.map((p) => p.company), pairs.map((p) => p.model), at, WINDOW_GAP_MS, WINDOW_MAX_SPAN_MS],
  );
  for (const r of res.rows) {
    const k = `${r.company}/${r.model}`;
    const list = out.get(k) ?? [];
    list.push({ id: Number(r.id), version: r.version, windowStart: r.window_start, firstSeenAt: r.first_seen_at, lastSeenAt: r.last_seen_at });
    out.set(k, list);
  }
  return out;
}

/** Creates the event of a new window (or finds the one with this exact key); returns its id. */
export async function createEvent(q: Queryable, s: SubjectKey, at: Date, v: ClassifierVersion): Promise<{ id: number; created: boolean }> {
  const res = await q.query<{ id: number; created: boolean }>(
    `insert into launch_events (company, model, version, window_start, first_seen_at, last_seen_at, classifier_version, lexicon_version)
     values ($1, $2, $3, $4, $4, $4, $5, $6)
     on conflict (company, model, version, window_start) do update set updated_at = launch_events.updated_at
     returning id, (xmax = 0) as created`,
    [s.company, s.model, s.version, at, v.classifier, v.lexicon],
  );
  const r = res.rows[0]!;
  return { id: Number(r.id), created: r.created };
}

/** Links the article to events with its friction for each (0..1); independence comes later. */
export async function linkArticle(q: Queryable, articleId: number, links: readonly { eventId: number; friction: number }[]): Promise<void> {
  if (links.length === 0) return;
  await q.query(
    `insert into event_articles (event_id, article_id, friction)
     select e, $1, f from unnest($2::bigint[], $3::real[]) as l(e, f)
     on conflict (event_id, article_id) do update set friction = excluded.friction`,
    [articleId, links.map((l) => l.eventId), links.map((l) => l.friction)],
  );
}

/** Removes an article's links to events (its events are recomputed after). */
export async function unlinkArticle(q: Queryable, articleId: number): Promise<void> {
  await q.query(`delete from event_articles where article_id = $1`, [articleId]);
}

interface LinkRow {
  event_id: number;
  article_id: number;
  at: Date;
  story_id: number;
  friction: number;
  categories: string[] | null;
  evidence: string | null;
  evidence_weight: number | null;
  independent: boolean;
}

/** What recomputing some events will write: their links, read and grouped by event. */
export interface EventsRead {
  ids: readonly number[];
  byEvent: Map<number, { links: EventLink[]; was: Map<number, boolean> }>;
}

/**
 * Recomputes the aggregates of the given events from their links (copies count once) and
 * deletes those left without articles. Returns the ids deleted.
 */
export async function recomputeEvents(q: Queryable, eventIds: readonly number[], v: ClassifierVersion): Promise<{ deleted: number[] }> {
  return writeEvents(q, await readEvents(q, eventIds), v);
}

/**
 * Reads every link of the given events with what their aggregates are made of. The refresher
 * reads before it takes the events' (company, model) locks (events-stale.ts), so link steps do
 * not wait for this, its longest statement.
 */
export async function readEvents(q: Queryable, eventIds: readonly number[]): Promise<EventsRead> {
  const byEvent: EventsRead['byEvent'] = new Map();
  if (eventIds.length === 0) return { ids: eventIds, byEvent };
  // Every link of the events, its article's time and story, and its entity score: primary-key
  // lookups per link (laterals kept apart by `offset 0`). Left to itself the planner hash-joins
  // the whole of articles and article_scores, a cost that grows with the tables, not the events.
  const res = await q.query<LinkRow>(
    `select ea.event_id, ea.article_id, a.at, a.story_id, ea.friction, s.categories, s.evidence, s.evidence_weight, ea.independent
     from launch_events e
     join event_articles ea on ea.event_id = e.id
     cross join lateral (
       select coalesce(a.published_at, a.fetched_at) as at, coalesce(a.duplicate_of, a.id) as story_id
       from articles a where a.id = ea.article_id offset 0) a
     left join lateral (
       select s.categories, s.evidence, s.evidence_weight
       from article_scores s where s.article_id = ea.article_id and s.company = e.company and s.model = e.model offset 0) s on true
     where e.id = any($1::bigint[])`,
    [eventIds],
  );
  for (const r of res.rows) {
    const id = Number(r.event_id);
    const g = byEvent.get(id) ?? { links: [] as EventLink[], was: new Map<number, boolean>() };
    g.links.push({
      articleId: Number(r.article_id),
      at: r.at,
      storyId: Number(r.story_id),
      friction: r.friction,
      categories: r.categories ?? [],
      evidence: r.evidence,
      evidenceWeight: r.evidence_weight ?? 0,
    });
    g.was.set(Number(r.article_id), r.independent);
    byEvent.set(id, g);
  }
  return { ids: eventIds, byEvent };
}

/**
 * Writes the aggregates of what readEvents read, and deletes the events it found without links
 * that still have none (a link step may have joined one since the read). Returns the ids deleted.
 */
export async function writeEvents(q: Queryable, read: EventsRead, v: ClassifierVersion): Promise<{ deleted: number[] }> {
  const { ids: eventIds, byEvent } = read;
  if (eventIds.length === 0) return { deleted: [] };
  const empty = eventIds.filter((id) => !byEvent.has(id));
  let deleted: number[] = [];
  if (empty.length > 0) {
    const res = await q.query<{ id: string }>(
      `delete from launch_events e where e.id = any($1::bigint[]) and not exists (select 1 from event_articles ea where ea.event_id = e.id) returning e.id`,
      [empty],
    );
    deleted = res.rows.map((r) => Number(r.id)).sort((a, b) => a - b);
  }
  if (byEvent.size === 0) return { deleted };

  // Columns as plain arrays, not fields of object literals: TurboFan's escape analysis kept such
  // literals' fields in registers across the loop and spent most of this function's compile
  // time doing so (docs/performance.md, item 33).
  const ids: number[] = [], counts: number[] = [], independents: number[] = [], scores: number[] = [], shares: number[] = [];
  const cats: string[] = [], tops: (string | null)[] = [], topIds: (number | null)[] = [], firsts: Date[] = [], lasts: Date[] = [];
  const flipEvents: number[] = [], flipArticles: number[] = [], flipIndependent: boolean[] = [];
  for (const [id, g] of byEvent) {
    const agg = aggregateEvent(g.links);
    ids.push(id);
    counts.push(agg.articleCount);
    independents.push(agg.independentSources);
    scores.push(agg.frictionScore);
    shares.push(agg.frictionShare);
    cats.push(agg.categories.join(','));
    tops.push(agg.topEvidence);
    topIds.push(agg.topEvidenceArticleId);
    firsts.push(agg.firstSeenAt!);
    lasts.push(agg.lastSeenAt!);
    for (const [articleId, independent] of agg.independent) {
      if (g.was.get(articleId) === independent) continue;
      flipEvents.push(id);
      flipArticles.push(articleId);
      flipIndependent.push(independent);
    }
  }
  // Only rows whose values change are written, so recomputing an unchanged event is a no-op.
  await q.query(
    `update launch_events e set article_count = u.n, independent_sources = u.ind, friction_score = u.score,
            friction_share = u.share, categories = string_to_array(u.cats, ','), top_evidence = u.top,
            top_evidence_article_id = u.top_id, first_seen_at = u.first, last_seen_at = u.last,
            classifier_version = $11, lexicon_version = $12, updated_at = now()
     from unnest($1::bigint[], $2::int[], $3::int[], $4::real[], $5::real[], $6::text[], $7::text[], $8::bigint[],
                 $9::timestamptz[], $10::timestamptz[]) as u(id, n, ind, score, share, cats, top, top_id, first, last)
     where e.id = u.id
       and (e.article_count, e.independent_sources, e.friction_score, e.friction_share, e.categories, e.top_evidence,
            e.top_evidence_article_id, e.first_seen_at, e.last_seen_at, e.classifier_version, e.lexicon_version)
           is distinct from
           (u.n, u.ind, u.score, u.share, string_to_array(u.cats, ','), u.top, u.top_id, u.first, u.last, $11, $12)`,
    [ids, counts, independents, scores, shares, cats, tops, topIds, firsts, lasts, v.classifier, v.lexicon],
  );
  if (flipEvents.length > 0) {
    await q.query(
      `update event_articles ea set independent = f.ind
       from unnest($1::bigint[], $2::bigint[], $3::boolean[]) as f(e, a, ind)
       where ea.event_id = f.e and ea.article_id = f.a`,
      [flipEvents, flipArticles, flipIndependent],
    );
  }
  return { deleted };
}
