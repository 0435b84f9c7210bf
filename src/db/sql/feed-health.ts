import type { Queryable } from '../db.js';

// Feed health as the dashboard, the API and /metrics read it. The rule that names a feed's
// health lives here once (HEALTH), so the three agree.

export type FeedHealth = 'ok' | 'failing' | 'never_polled' | 'disabled';

const HEALTH = `case
  when not f.enabled then 'disabled'
  when f.last_polled_at is null then 'never_polled'
  when f.consecutive_failures > 0 then 'failing'
  else 'ok' end`;

/** One feed's health with its recent yield. */
export interface ApiFeedHealth {
  id: number;
  url: string;
  title: string | null;
  language: string | null;
  enabled: boolean;
  health: FeedHealth;
  last_status: string | null;
  last_http_status: number | null;
  last_error: string | null;
  consecutive_failures: number;
  last_polled_at: string | null;
  last_success_at: string | null;
  next_check_at: string | null;
  articles_total: number;
  articles_24h: number;
}

interface FeedHealthRow {
  id: number;
  url: string;
  title: string | null;
  language: string | null;
  enabled: boolean;
  health: FeedHealth;
  last_status: string | null;
  last_http_status: number | null;
  last_error: string | null;
  consecutive_failures: number;
  last_polled_at: Date | null;
  last_success_at: Date | null;
  next_check_at: Date | null;
  articles_total: number;
  articles_24h: number;
}

const iso = (d: Date | null) => d?.toISOString() ?? null;

/** Every feed with its health, failing ones first. */
export async function listFeedHealth(db: Queryable, opts: { health: FeedHealth | null }): Promise<ApiFeedHealth[]> {
  const res = await db.query<FeedHealthRow>(
    `select * from (
       select f.id, f.url, f.title, f.language, f.enabled, ${HEALTH} as health,
              f.last_status, f.last_http_status, f.last_error, f.consecutive_failures,
              f.last_polled_at, f.last_success_at, f.next_check_at,
              coalesce(c.total, 0)::int as articles_total, coalesce(c.recent, 0)::int as articles_24h
       from feeds f
       left join lateral (
         select count(*) as total, count(*) filter (where a.fetched_at > now() - interval '24 hours') as recent
         from articles a where a.feed_id = f.id
       ) c on true
     ) h
     where ($1::text is null or h.health = $1)
     order by case h.health when 'failing' then 0 when 'never_polled' then 1 when 'ok' then 2 else 3 end,
              h.consecutive_failures desc, h.id`,
    [opts.health],
  );
  return res.rows.map((r) => ({
    ...r,
    last_polled_at: iso(r.last_polled_at),
    last_success_at: iso(r.last_success_at),
    next_check_at: iso(r.next_check_at),
  }));
}

/** Number of feeds in each health state. */
export async function countFeedsByHealth(db: Queryable): Promise<Record<string, number>> {
  const res = await db.query<{ health: string; n: number }>(`select ${HEALTH} as health, count(*)::int as n from feeds f group by 1`);
  return Object.fromEntries(res.rows.map((r) => [r.health, r.n]));
}
