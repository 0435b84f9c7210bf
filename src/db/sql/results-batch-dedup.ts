import type { Queryable } from '../db.js';
import type { ClassifierVersion } from '../../extract/types.js';
import { isCopy, planDedup, type DedupArticle } from '../../events/dedup.js';
import { simhashBands } from '../../events/simhash.js';
import { bandKeys, dedupColumns, DEDUP_WINDOW_DAYS, lockArticles, relatedSql, toDedup } from './articles-dedup.js';

// Syndicated-copy bookkeeping of a classify batch (results-batch.ts): the band/hash probe for
// every article at once, the decisions in memory article after article, one update at the end.

/**
 * The stored look-alikes of each article (the hash and band probe of findNearArticles, for many
 * at once) and, in the same statement, the related rows of every root: the ids in `roots` and the
 * originals of the look-alikes found, with the copies pointing at them (findRelated). One round
 * trip instead of two, under the batch's dedup locks.
 */
async function probeBatch(
  q: Queryable,
  arts: readonly DedupArticle[],
  roots: readonly number[],
): Promise<{ near: Map<number, DedupArticle[]>; related: DedupArticle[] }> {
  const near = new Map<number, DedupArticle[]>(arts.map((a) => [a.id, []]));
  const related: DedupArticle[] = [];
  // Band keys as one text array per article ('{k0,k1,k2,k3}'): unnest cannot take a 2-D array.
  const keys = arts.map((a) => (a.simhash === null ? '{}' : `{${bandKeys(simhashBands(a.simhash)).join(',')}}`));
  const res = await q.query<{ sid: number | null; id: number; content_hash: string | null; at: Date; simhash: string | null; duplicate_of: number | null }>(
    // Two lateral probes per article, each an index lookup whatever the planner believes of the
    // tables (stale statistics after a bulk load); `offset 0` keeps the planner from flattening
    // the laterals into hash joins over whole indexes. Near rows carry the article (sid) they
    // are near; related rows have none.
    `with s as (select * from unnest($1::bigint[], $2::timestamptz[], $3::text[], $4::text[]) as s(sid, at, ch, keys)),
     near as (
       select s.sid, a.* from s cross join lateral (
         select ${dedupColumns('a')} from articles a
         where a.content_hash = s.ch and a.id <> s.sid
           and coalesce(a.published_at, a.fetched_at) between s.at - make_interval(days => $5) and s.at + make_interval(days => $5)
         offset 0) a
       union
       select s.sid, a.* from s cross join lateral (
         select ${dedupColumns('a')}
         from article_bands b join articles a on a.id = b.article_id
         where b.band_key = any(s.keys::int[]) and b.article_id <> s.sid and a.simhash is not null
           and b.at between s.at - make_interval(days => $5) and s.at + make_interval(days => $5)
         offset 0) a),
     roots as (select unnest($6::bigint[]) as id union select coalesce(duplicate_of, id) from near)
     select * from near
     union all
     select null::bigint, x.* from (${relatedSql('roots')}) x`,
    [arts.map((a) => a.id), arts.map((a) => a.at), arts.map((a) => a.contentHash), keys, DEDUP_WINDOW_DAYS, roots],
  );
  for (const r of res.rows) {
    const row = toDedup(r);
    if (r.sid === null) related.push(row);
    else near.get(Number(r.sid))!.push(row);
  }
  return { near, related };
}

/** The near probe of probeBatch, in memory: whether stored row `b` would be found as near `a`. */
function nearInMemory(a: DedupArticle, b: DedupArticle): boolean {
  if (Math.abs(a.at.getTime() - b.at.getTime()) > DEDUP_WINDOW_DAYS * 86_400_000) return false;
  if (a.contentHash && a.contentHash === b.contentHash) return true;
  if (a.simhash === null || b.simhash === null) return false;
  const x = simhashBands(a.simhash);
  const y = simhashBands(b.simhash);
  return x.some((band, i) => band === y[i]);
}

/**
 * Syndication for a batch (articles in id order, with their new fingerprints): the decisions
 * writeClassification makes, taken one article after another — each seeing the fingerprints and
 * duplicate_of values the previous ones set — from two probes for the whole batch, then written
 * in one statement, which also marks the batch's articles classified (one new row version per
 * article, not two). Returns, per article, the other articles whose duplicate_of it changed.
 */
export async function dedupBatch(
  q: Queryable,
  batch: readonly DedupArticle[],
  stored: ReadonlyMap<number, DedupArticle>,
  v: ClassifierVersion,
): Promise<Map<number, number[]>> {
  // Roots: the batch's articles, their stored originals, and (added in SQL) the originals of
  // their look-alikes.
  const roots = new Set<number>();
  for (const a of batch) {
    roots.add(a.id);
    const s = stored.get(a.id);
    if (s?.duplicateOf) roots.add(s.duplicateOf);
  }
  const { near: nearDb, related } = await probeBatch(q, batch, [...roots]);
  // Rows as stored when the transaction began; `state` holds what this batch has changed since.
  const known = new Map<number, DedupArticle>();
  for (const r of related) known.set(r.id, r);
  for (const list of nearDb.values()) for (const r of list) known.set(r.id, r);
  for (const [id, r] of stored) known.set(id, r);
  const state = new Map<number, DedupArticle>();
  const current = (id: number) => state.get(id) ?? known.get(id)!;
  // Indexes that keep the loop below linear in the batch: who points at whom (duplicate_of), and
  // which processed batch members carry each band or content hash.
  const children = new Map<number, Set<number>>();
  const point = (id: number, from: number | null, to: number | null) => {
    if (from !== null) children.get(from)?.delete(id);
    if (to !== null) children.set(to, (children.get(to) ?? new Set()).add(id));
  };
  for (const r of known.values()) point(r.id, null, r.duplicateOf);
  const doneBySignal = new Map<string, number[]>();
  const signals = (a: DedupArticle) => [...(a.simhash === null ? [] : bandKeys(simhashBands(a.simhash)).map((k) => `b${k}`)), ...(a.contentHash ? [`h${a.contentHash}`] : [])];
  const doneIds = new Set<number>();
  const othersOf = new Map<number, number[]>();
  const batchIds = new Set(batch.map((a) => a.id));
  for (const self of batch) {
    const near = new Map<number, DedupArticle>();
    // Batch members already processed have new fingerprints the probe did not see: test them here.
    for (const r of nearDb.get(self.id)!) if (!doneIds.has(r.id)) near.set(r.id, current(r.id));
    for (const sig of signals(self)) {
      for (const id of doneBySignal.get(sig) ?? []) if (nearInMemory(self, state.get(id)!)) near.set(id, state.get(id)!);
    }
    const r0 = new Set<number>([self.id]);
    for (const c of near.values()) if (isCopy(self, c)) r0.add(c.duplicateOf ?? c.id);
    const relatedIds = new Set<number>();
    for (const root of r0) {
      if (state.has(root) || known.has(root)) relatedIds.add(root);
      for (const child of children.get(root) ?? []) relatedIds.add(child);
    }
    const plan = planDedup(self, [...near.values()], [...relatedIds].map(current));
    for (const c of plan.changes) {
      const before = current(c.id) ?? self;
      state.set(c.id, { ...(c.id === self.id ? self : before), duplicateOf: c.duplicateOf });
      point(c.id, before.duplicateOf, c.duplicateOf);
    }
    if (!state.has(self.id)) state.set(self.id, self);
    doneIds.add(self.id);
    for (const sig of signals(self)) doneBySignal.set(sig, [...(doneBySignal.get(sig) ?? []), self.id]);
    othersOf.set(self.id, plan.changes.filter((c) => c.id !== self.id).map((c) => c.id));
  }
  const others = [...state.keys()].filter((id) => !batchIds.has(id)).sort((a, b) => a - b);
  await lockArticles(q, others);
  const ids = [...state.keys()];
  await q.query(
    `update articles a set duplicate_of = c.dup,
            simhash = case when c.own then c.sh::bigint else a.simhash end,
            status = case when c.own then 'classified' else a.status end,
            classifier_version = case when c.own then $5 else a.classifier_version end,
            lexicon_version = case when c.own then $6 else a.lexicon_version end,
            classified_at = case when c.own then now() else a.classified_at end,
            last_error = case when c.own then null else a.last_error end
     from unnest($1::bigint[], $2::bigint[], $3::boolean[], $4::text[]) as c(id, dup, own, sh)
     where a.id = c.id`,
    [
      ids,
      ids.map((id) => state.get(id)!.duplicateOf),
      ids.map((id) => batchIds.has(id)),
      ids.map((id) => (batchIds.has(id) ? (state.get(id)!.simhash?.toString() ?? null) : null)),
      v.classifier,
      v.lexicon,
    ],
  );
  return othersOf;
}
