import type { Queryable } from '../db.js';

export interface FeedRow {
  id: number;
  url: string;
  title: string | null;
  language: string | null;
  enabled: boolean;
  poll_interval_s: number;
  min_text_chars: number | null;
  etag: string | null;
  last_modified: string | null;
  next_check_at: Date | null;
  last_polled_at: Date | null;
  last_status: string | null;
  last_http_status: number | null;
  last_error: string | null;
  consecutive_failures: number;
  last_success_at: Date | null;
}

export interface FeedInput {
  url: string;
  title?: string | null | undefined;
  language?: string | null | undefined;
  enabled?: boolean | undefined;
  pollIntervalS?: number | undefined;
  minTextChars?: number | null | undefined;
}

/** Inserts or updates feeds by URL (the configured list is the source of their settings). */
export async function upsertFeeds(db: Queryable, feeds: readonly FeedInput[]): Promise<FeedRow[]> {
  if (feeds.length === 0) return [];
  const res = await db.query<FeedRow>(
    `insert into feeds (url, title, language, enabled, poll_interval_s, min_text_chars)
     select * from unnest($1::text[], $2::text[], $3::text[], $4::boolean[], $5::int[], $6::int[])
     on conflict (url) do update set
       title = coalesce(excluded.title, feeds.title), language = coalesce(excluded.language, feeds.language),
       enabled = excluded.enabled, poll_interval_s = excluded.poll_interval_s,
       min_text_chars = excluded.min_text_chars, updated_at = now()
     returning *`,
    [
      feeds.map((f) => f.url),
      feeds.map((f) => f.title ?? null),
      feeds.map((f) => f.language ?? null),
      feeds.map((f) => f.enabled ?? true),
      feeds.map((f) => f.pollIntervalS ?? 900),
      feeds.map((f) => f.minTextChars ?? null),
    ],
  );
  return res.rows;
}

/** All feeds, enabled ones only when asked. */
export async function listFeeds(db: Queryable, opts: { enabledOnly?: boolean } = {}): Promise<FeedRow[]> {
  const res = await db.query<FeedRow>(
    `select * from feeds where ($1::boolean is not true or enabled) order by id`,
    [opts.enabledOnly ?? false],
  );
  return res.rows;
}

export async function getFeed(db: Queryable, id: number): Promise<FeedRow | null> {
  const res = await db.query<FeedRow>(`select * from feeds where id = $1`, [id]);
  return res.rows[0] ?? null;
}

export async function deleteFeedByUrl(db: Queryable, url: string): Promise<boolean> {
  const res = await db.query(`delete from feeds where url = $1`, [url]);
  return res.rowCount > 0;
}

export interface PollSuccess {
  status: 'ok' | 'not_modified';
  httpStatus: number;
  etag: string | null;
  lastModified: string | null;
  nextCheckAt: Date;
  title?: string | null | undefined;
  rejectedItems?: string | null;
}

/** Records a successful poll: validators for the next conditional GET, failures reset. */
export async function recordPollSuccess(db: Queryable, id: number, p: PollSuccess): Promise<void> {
  await db.query(
    `update feeds set last_status = $2, last_http_status = $3, etag = coalesce($4, etag),
       last_modified = coalesce($5, last_modified), next_check_at = $6, last_polled_at = now(),
       last_success_at = now(), consecutive_failures = 0, last_error = $7,
       title = coalesce(title, $8), updated_at = now()
     where id = $1`,
    [id, p.status, p.httpStatus, p.etag, p.lastModified, p.nextCheckAt, p.rejectedItems ?? null, p.title ?? null],
  );
}

/** Records a failed poll and returns the new count of consecutive failures. */
export async function recordPollFailure(
  db: Queryable,
  id: number,
  f: { httpStatus: number | null; error: string; nextCheckAt: (failures: number) => Date },
): Promise<number> {
  const res = await db.query<{ consecutive_failures: number }>(
    `update feeds set consecutive_failures = consecutive_failures + 1, last_status = 'error',
       last_http_status = $2, last_error = $3, last_polled_at = now(), updated_at = now()
     where id = $1 returning consecutive_failures`,
    [id, f.httpStatus, f.error.slice(0, 2000)],
  );
  const failures = res.rows[0]?.consecutive_failures ?? 1;
  await db.query(`update feeds set next_check_at = $2 where id = $1`, [id, f.nextCheckAt(failures)]);
  return failures;
}
