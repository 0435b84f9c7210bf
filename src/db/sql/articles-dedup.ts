import type { Queryable } from '../db.js';
import type { DedupArticle } from '../../events/dedup.js';
import type { LockKey } from '../../events/lock-keys.js';

// Syndicated-copy bookkeeping on articles: the row lock a classification takes, the band/hash
// lookup of look-alike articles, and the duplicate_of updates. Decisions are in src/events/dedup.ts.

/** How far apart in time two copies of one story may be published. */
export const DEDUP_WINDOW_DAYS = 14;

/** Takes transaction-scoped advisory locks, in the order given (callers pass them sorted). */
export async function lockKeys(q: Queryable, keys: readonly LockKey[]): Promise<void> {
  if (keys.length === 0) return;
  await q.query(
    `select pg_advisory_xact_lock(k.ns, k.key)
     from unnest($1::int[], $2::int[]) with ordinality as k(ns, key, ord) order by k.ord`,
    lockKeyParams(keys),
  );
}

/**
 * A condition that takes the advisory locks whose namespaces and keys are the int[] parameters
 * `ns` and `key` (lockKeyParams), in array order, and is always true. An uncorrelated subquery:
 * Postgres runs it once, as an InitPlan, before the statement reads its first row, so a
 * statement's locks and its first read go in one round trip.
 */
export function takesLocks(ns: string, key: string): string {
  return `(select count(pg_advisory_xact_lock(k.ns, k.key)) from unnest(${ns}::int[], ${key}::int[]) as k(ns, key)) >= 0`;
}

/** The two array parameters (namespaces, keys) of lockKeys and takesLocks. */
export function lockKeyParams(keys: readonly LockKey[]): [number[], number[]] {
  return [keys.map((k) => k[0]), keys.map((k) => k[1])];
}

export interface LockedArticle extends DedupArticle {
  title: string;
  body: string;
  summary: string;
}

interface LockedRow {
  id: number;
  title: string;
  body: string;
  summary: string;
  content_hash: string | null;
  at: Date;
  simhash: string | null;
  duplicate_of: number | null;
}

export const toDedup = (r: Omit<LockedRow, 'title' | 'body' | 'summary'>): DedupArticle => ({
  id: Number(r.id),
  at: r.at,
  contentHash: r.content_hash,
  simhash: r.simhash === null ? null : BigInt(r.simhash),
  duplicateOf: r.duplicate_of === null ? null : Number(r.duplicate_of),
});

/**
 * The article's text and dedup state; `lock` takes its row lock. The dedup steps lock articles FOR
 * NO KEY UPDATE, not FOR UPDATE: that serialises them with each other and with every update of
 * the row, but not with foreign-key checks (FOR KEY SHARE) of rows that point at the article. A
 * FOR UPDATE here deadlocked with the event refresher, whose update of launch_events'
 * top_evidence_article_id takes KEY SHARE locks on articles in event order while a batch took its
 * row locks in article order (seen four times in ~60 bench runs, a 1 s stall each, until
 * Postgres' deadlock_timeout broke it).
 */
export async function readArticleForClassify(q: Queryable, id: number, lock: boolean): Promise<LockedArticle | null> {
  const res = await q.query<LockedRow>(
    `select ${dedupColumns()}, title, body, summary
     from articles where id = $1 ${lock ? 'for no key update' : ''}`,
    [id],
  );
  const r = res.rows[0];
  return r ? { ...toDedup(r), title: r.title, body: r.body, summary: r.summary } : null;
}

/**
 * Stored articles that may be copies of one with this hash and bands, published within the
 * dedup window of `at`: one probe of the content-hash index, one of article_bands for all four
 * bands (confirmed in JS).
 */
export async function findNearArticles(
  q: Queryable,
  self: { id: number; at: Date; contentHash: string | null; bands: readonly number[] | null },
): Promise<DedupArticle[]> {
  const res = await q.query<LockedRow>(
    `select ${dedupColumns()}
     from articles
     where id <> $1 and content_hash = $3
       and coalesce(published_at, fetched_at) between $2::timestamptz - make_interval(days => $5) and $2::timestamptz + make_interval(days => $5)
     union
     select ${dedupColumns('a')}
     from article_bands b join articles a on a.id = b.article_id
     where b.band_key = any($4::int[]) and b.article_id <> $1 and a.simhash is not null
       and b.at between $2::timestamptz - make_interval(days => $5) and $2::timestamptz + make_interval(days => $5)`,
    [self.id, self.at, self.contentHash, self.bands ? bandKeys(self.bands) : [], DEDUP_WINDOW_DAYS],
  );
  return res.rows.map(toDedup);
}

/** article_bands keys of an article's four bands: (band number << 16) | band value. */
export function bandKeys(bands: readonly number[]): number[] {
  return bands.map((b, i) => (i << 16) | b);
}

/**
 * What the syndication decisions read of an article (toDedup's columns), of the articles row
 * named `a` when the statement joins other tables.
 */
export function dedupColumns(a?: string): string {
  const c = a ? `${a}.` : '';
  return `${c}id, ${c}content_hash, coalesce(${c}published_at, ${c}fetched_at) as at, ${c}simhash::text as simhash, ${c}duplicate_of`;
}

/**
 * SQL of the articles whose id is in `roots` (a relation with a bigint `id` column) and of those
 * pointing at one of them: two index probes per id. The plain `id = any(…) or duplicate_of =
 * any(…)` was planned as a scan of the whole table whenever its statistics were stale or it was
 * small (a few ms per batch at 10 000 rows, growing with them); `offset 0` keeps the laterals from
 * being flattened.
 */
export function relatedSql(roots: string): string {
  return `select a.* from ${roots} r cross join lateral (select ${dedupColumns()} from articles where id = r.id offset 0) a
     union
     select a.* from ${roots} r cross join lateral (
       select ${dedupColumns()} from articles where duplicate_of = r.id and duplicate_of is not null offset 0) a`;
}

/** Originals (ids) and every article pointing at one of `originals` (their copies). */
export async function findRelated(q: Queryable, originals: readonly number[]): Promise<DedupArticle[]> {
  if (originals.length === 0) return [];
  const res = await q.query<LockedRow>(`with roots as (select unnest($1::bigint[]) as id) ${relatedSql('roots')}`, [originals]);
  return res.rows.map(toDedup);
}

/**
 * Takes the advisory locks `keys` (in the order given), then locks the rows of `ids` (FOR NO KEY
 * UPDATE, see readArticleForClassify; in id order) and reads their dedup state, with the page
 * fetch's outcome (the texts change only with it): the batch writer's syndication step. One
 * statement: the keys are the batch's dedup keys, and every round trip made while holding them
 * keeps other batches waiting on them.
 */
export async function lockDedupStates(
  q: Queryable,
  ids: readonly number[],
  keys: readonly LockKey[] = [],
): Promise<Map<number, DedupArticle & { pageStatus: string | null }>> {
  const res = await q.query<Omit<LockedRow, 'title' | 'body' | 'summary'> & { page_status: string | null }>(
    // The keys are taken before the first row is read (and locked).
    `select ${dedupColumns()}, page_status
     from articles
     where id = any($1::bigint[]) and ${takesLocks('$2', '$3')}
     order by id for no key update`,
    [ids, ...lockKeyParams(keys)],
  );
  return new Map(res.rows.map((r) => [Number(r.id), { ...toDedup(r), pageStatus: r.page_status }]));
}

/** Locks the rows of other articles whose duplicate_of changes, in id order (a fixed order; FOR NO KEY UPDATE). */
export async function lockArticles(q: Queryable, ids: readonly number[]): Promise<void> {
  if (ids.length === 0) return;
  await q.query(`select id from articles where id = any($1::bigint[]) order by id for no key update`, [ids]);
}

/** Writes duplicate_of for each change (one statement) and the article's own simhash. */
export async function applyDuplicates(
  q: Queryable,
  self: { id: number; simhash: bigint | null },
  changes: readonly { id: number; duplicateOf: number | null }[],
): Promise<void> {
  await q.query(
    `update articles a set duplicate_of = c.dup,
            simhash = case when a.id = $3 then $4::bigint else a.simhash end
     from unnest($1::bigint[], $2::bigint[]) as c(id, dup)
     where a.id = c.id`,
    [changes.map((c) => c.id), changes.map((c) => c.duplicateOf), self.id, self.simhash === null ? null : self.simhash.toString()],
  );
}
