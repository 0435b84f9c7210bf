import type { Queryable } from '../db.js';

// Whole-table counts for /metrics and the dashboard's summary tiles. Read-only.

/** Stored articles per status, and the launch-event total, in one round trip. */
export async function countStored(db: Queryable): Promise<{ articles: Record<string, number>; launchEvents: number }> {
  const res = await db.query<{ articles: Record<string, number>; events: number }>(
    `select coalesce((select jsonb_object_agg(status, n) from (select status, count(*)::int as n from articles group by status) s), '{}') as articles,
            (select count(*)::int from launch_events) as events`,
  );
  const row = res.rows[0];
  return { articles: row?.articles ?? {}, launchEvents: row?.events ?? 0 };
}

/** Totals of a period for the dashboard header. */
export interface PeriodSummary {
  events: number;
  rocky_events: number;
  companies: number;
  articles: number;
  articles_pending: number;
  articles_failed: number;
  feeds: number;
  feeds_failing: number;
}

/** Counts of a period: events overlapping [from, to), rocky ones (score >= rockyScore), articles fetched in it, feeds. */
export async function periodSummary(db: Queryable, p: { from: Date | null; to: Date | null; rockyScore: number }): Promise<PeriodSummary> {
  const res = await db.query<PeriodSummary>(
    `select
       (select count(*)::int from launch_events e
          where ($1::timestamptz is null or e.last_seen_at >= $1) and ($2::timestamptz is null or e.first_seen_at < $2)) as events,
       (select count(*)::int from launch_events e
          where ($1::timestamptz is null or e.last_seen_at >= $1) and ($2::timestamptz is null or e.first_seen_at < $2)
            and e.friction_score >= $3) as rocky_events,
       (select count(distinct e.company)::int from launch_events e
          where ($1::timestamptz is null or e.last_seen_at >= $1) and ($2::timestamptz is null or e.first_seen_at < $2)) as companies,
       (select count(*)::int from articles a
          where ($1::timestamptz is null or a.fetched_at >= $1) and ($2::timestamptz is null or a.fetched_at < $2)) as articles,
       (select count(*)::int from articles a where a.status = 'pending') as articles_pending,
       (select count(*)::int from articles a where a.status = 'failed') as articles_failed,
       (select count(*)::int from feeds f where f.enabled) as feeds,
       (select count(*)::int from feeds f where f.enabled and f.consecutive_failures > 0) as feeds_failing`,
    [p.from, p.to, p.rockyScore],
  );
  return res.rows[0]!;
}
