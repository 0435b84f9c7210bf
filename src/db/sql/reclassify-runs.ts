import type { Queryable } from '../db.js';

// Reclassify runs: the run record (how far it enqueued), the event snapshot taken when it
// started, and the comparison with the events as they are now.

export interface ReclassifyRun {
  id: number;
  since: Date | null;
  total: number;
  lastArticleId: number;
  enqueued: number;
}

interface RunRow {
  id: number;
  since: Date | null;
  total: number;
  last_article_id: number;
  enqueued: number;
}

const toRun = (r: RunRow): ReclassifyRun => ({
  id: Number(r.id),
  since: r.since,
  total: r.total,
  lastArticleId: Number(r.last_article_id),
  enqueued: r.enqueued,
});

/** The unfinished run with the same `since`, if a previous run was interrupted. */
export async function findUnfinishedRun(q: Queryable, since: Date | null): Promise<ReclassifyRun | null> {
  const res = await q.query<RunRow>(
    `select id, since, total, last_article_id, enqueued from reclassify_runs
     where finished_at is null and since is not distinct from $1::timestamptz order by id desc limit 1`,
    [since],
  );
  return res.rows[0] ? toRun(res.rows[0]) : null;
}

/** Starts a run: counts its articles and snapshots every event's scores, in one transaction. */
export async function startRun(q: Queryable, since: Date | null): Promise<ReclassifyRun> {
  const res = await q.query<RunRow>(
    `insert into reclassify_runs (since, total)
     select $1, count(*)::int from articles where $1::timestamptz is null or coalesce(published_at, fetched_at) >= $1
     returning id, since, total, last_article_id, enqueued`,
    [since],
  );
  const run = toRun(res.rows[0]!);
  await q.query(
    `insert into reclassify_snapshots (run_id, event_id, company, model, version, window_start, article_count, independent_sources, friction_score, friction_share)
     select $1, id, company, model, version, window_start, article_count, independent_sources, friction_score, friction_share from launch_events`,
    [run.id],
  );
  return run;
}

/** The next batch of article ids of a run, after `afterId`. */
export async function nextArticleBatch(q: Queryable, since: Date | null, afterId: number, limit: number): Promise<number[]> {
  const res = await q.query<{ id: number }>(
    `select id from articles
     where id > $2 and ($1::timestamptz is null or coalesce(published_at, fetched_at) >= $1)
     order by id limit $3`,
    [since, afterId, limit],
  );
  return res.rows.map((r) => Number(r.id));
}

/** Records that a run enqueued up to `lastArticleId` (the resume point). */
export async function recordProgress(q: Queryable, runId: number, lastArticleId: number, count: number): Promise<void> {
  await q.query(`update reclassify_runs set last_article_id = $2, enqueued = enqueued + $3 where id = $1`, [runId, lastArticleId, count]);
}

export async function finishRun(q: Queryable, runId: number): Promise<void> {
  await q.query(`update reclassify_runs set finished_at = now() where id = $1`, [runId]);
}

export interface EventScores {
  articleCount: number;
  independentSources: number;
  frictionScore: number;
  frictionShare: number;
}

export interface EventDiffRow {
  eventId: number;
  company: string;
  model: string;
  version: string;
  windowStart: Date;
  before: EventScores | null;
  after: EventScores | null;
}

interface DiffRow {
  event_id: number;
  company: string;
  model: string;
  version: string;
  window_start: Date;
  b_n: number | null;
  b_ind: number | null;
  b_score: number | null;
  b_share: number | null;
  a_n: number | null;
  a_ind: number | null;
  a_score: number | null;
  a_share: number | null;
}

/** Events whose scores differ from the run's snapshot, and events created or deleted since. */
export async function diffAgainstSnapshot(q: Queryable, runId: number): Promise<EventDiffRow[]> {
  const res = await q.query<DiffRow>(
    `select coalesce(e.id, s.event_id) as event_id, coalesce(e.company, s.company) as company, coalesce(e.model, s.model) as model,
            coalesce(e.version, s.version) as version, coalesce(e.window_start, s.window_start) as window_start,
            s.article_count as b_n, s.independent_sources as b_ind, s.friction_score as b_score, s.friction_share as b_share,
            e.article_count as a_n, e.independent_sources as a_ind, e.friction_score as a_score, e.friction_share as a_share
     from (select * from reclassify_snapshots where run_id = $1) s
     full join launch_events e on e.id = s.event_id
     where (s.article_count, s.independent_sources, s.friction_score, s.friction_share)
           is distinct from (e.article_count, e.independent_sources, e.friction_score, e.friction_share)
     order by 1`,
    [runId],
  );
  const scores = (n: number | null, ind: number | null, score: number | null, share: number | null): EventScores | null =>
    n === null ? null : { articleCount: n, independentSources: ind!, frictionScore: score!, frictionShare: share! };
  return res.rows.map((r) => ({
    eventId: Number(r.event_id),
    company: r.company,
    model: r.model,
    version: r.version,
    windowStart: r.window_start,
    before: scores(r.b_n, r.b_ind, r.b_score, r.b_share),
    after: scores(r.a_n, r.a_ind, r.a_score, r.a_share),
  }));
}

/**
 * Refreshes the planner's statistics of the tables a reclassification rewrites. Replacing an
 * article's results deletes them by article id; without statistics (a young or freshly loaded
 * database, before autovacuum's first ANALYZE) the planner reads those deletes as half the table
 * and scans all of it, once per batch: ~0.5 ms per article at 30 000 articles, growing with the
 * table. Only the article_id columns, which those lookups filter on: sampled, and 7–9× quicker
 * than analysing every column (0.12 against 0.8–1.1 s at 22 000 articles); the statistics of
 * the other columns stay as autovacuum or an analyst's ANALYZE left them.
 */
export async function analyzeForReclassify(q: Queryable): Promise<void> {
  await q.query(`analyze mention_groups (article_id), friction_hits (article_id), article_scores (article_id), event_articles (article_id)`);
}
