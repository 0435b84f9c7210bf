import type { Queryable } from '../db.js';

// Friction evidence (the sentences behind the scores) as the HTTP API reads it. Read-only.

/** One friction sentence with the article it came from. */
export interface ApiEvidence {
  hit_id: number;
  term: string;
  category: string;
  surface: string;
  sentence: string;
  weight: number;
  negated: boolean;
  hedged: boolean;
  companies: string[];
  article: { id: number; title: string; url: string; feed: string | null; published_at: string | null };
}

interface EvidenceRow {
  hit_id: number;
  term: string;
  category: string;
  surface: string;
  sentence: string;
  weight: number;
  negated: boolean;
  hedged: boolean;
  companies: string[];
  article_id: number;
  title: string;
  url: string;
  feed: string | null;
  published_at: Date | null;
}

function toApiEvidence(r: EvidenceRow): ApiEvidence {
  return {
    hit_id: r.hit_id,
    term: r.term,
    category: r.category,
    surface: r.surface,
    sentence: r.sentence,
    weight: r.weight,
    negated: r.negated,
    hedged: r.hedged,
    companies: r.companies,
    article: { id: r.article_id, title: r.title, url: r.url, feed: r.feed, published_at: r.published_at?.toISOString() ?? null },
  };
}

/**
 * The strongest evidence sentences of each event (at most perEvent each): hits in the event's
 * articles attributed to its company, those naming its model first. One row per distinct
 * sentence, so syndicated copies of a story do not repeat it.
 */
export async function listEventEvidence(
  db: Queryable,
  eventIds: readonly number[],
  opts: { perEvent: number; includeNegated: boolean },
): Promise<Map<number, ApiEvidence[]>> {
  const out = new Map<number, ApiEvidence[]>();
  if (eventIds.length === 0 || opts.perEvent <= 0) return out;
  const res = await db.query<EvidenceRow & { event_id: number }>(
    `with hits as (
       select distinct on (ea.event_id, h.sentence_text)
         ea.event_id, h.id as hit_id, h.term, h.category, h.surface, h.sentence_text as sentence,
         h.effective_weight as weight, h.negated, h.hedged, h.target_companies as companies,
         a.id as article_id, a.title, a.url, coalesce(f.title, f.url) as feed, a.published_at,
         (e.model <> '' and h.targets @> jsonb_build_array(jsonb_build_object('company', e.company, 'model', e.model))) as names_model
       from event_articles ea
       join launch_events e on e.id = ea.event_id
       join friction_hits h on h.article_id = ea.article_id
       join articles a on a.id = h.article_id
       left join feeds f on f.id = a.feed_id
       where ea.event_id = any($1::bigint[])
         and e.company = any(h.target_companies)
         and ($3::boolean or not h.negated)
       order by ea.event_id, h.sentence_text, ea.independent desc, h.negated, h.effective_weight desc, h.id
     )
     select * from (
       select hits.*, row_number() over (
         partition by event_id order by negated, names_model desc, weight desc, published_at desc nulls last, hit_id
       ) as rank
       from hits
     ) ranked
     where rank <= $2
     order by event_id, rank`,
    [eventIds, opts.perEvent, opts.includeNegated],
  );
  for (const r of res.rows) {
    const list = out.get(r.event_id) ?? [];
    list.push(toApiEvidence(r));
    out.set(r.event_id, list);
  }
  return out;
}

export interface EvidenceFilter {
  companies: readonly string[] | null;
  categories: readonly string[] | null;
  from: Date | null;
  to: Date | null;
  includeNegated: boolean;
}

/** Position after the last row of a page: the article time in microseconds and the hit id. */
export interface EvidenceCursor {
  key: number;
  id: number;
}

/** One page of friction evidence, newest article first, and the cursor of the next page. */
export async function listEvidence(
  db: Queryable,
  filter: EvidenceFilter,
  page: { limit: number; after: EvidenceCursor | null },
): Promise<{ evidence: ApiEvidence[]; next: EvidenceCursor | null }> {
  // Articles without a publication date sort by when they were fetched.
  const res = await db.query<EvidenceRow & { at_us: number }>(
    `select h.id as hit_id, h.term, h.category, h.surface, h.sentence_text as sentence, h.effective_weight as weight,
            h.negated, h.hedged, h.target_companies as companies,
            a.id as article_id, a.title, a.url, coalesce(f.title, f.url) as feed, a.published_at,
            (extract(epoch from coalesce(a.published_at, a.fetched_at)) * 1000000)::bigint as at_us
     from friction_hits h
     join articles a on a.id = h.article_id
     left join feeds f on f.id = a.feed_id
     where ($1::text[] is null or h.target_companies && $1)
       and ($2::text[] is null or h.category = any($2))
       and ($3::timestamptz is null or coalesce(a.published_at, a.fetched_at) >= $3)
       and ($4::timestamptz is null or coalesce(a.published_at, a.fetched_at) < $4)
       and ($5::boolean or not h.negated)
       and ($6::bigint is null
            or (coalesce(a.published_at, a.fetched_at), h.id) < ('epoch'::timestamptz + $6::bigint * interval '1 microsecond', $7::bigint))
     order by coalesce(a.published_at, a.fetched_at) desc, h.id desc
     limit $8`,
    [filter.companies, filter.categories, filter.from, filter.to, filter.includeNegated, page.after?.key ?? null, page.after?.id ?? null, page.limit + 1],
  );
  const rows = res.rows.slice(0, page.limit);
  const last = rows[rows.length - 1];
  const next = res.rows.length > page.limit && last ? { key: last.at_us, id: last.hit_id } : null;
  return { evidence: rows.map(toApiEvidence), next };
}
