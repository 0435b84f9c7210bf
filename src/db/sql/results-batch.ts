import type { Db, Queryable } from '../db.js';
import type { ArticleScore, ClassifierVersion, EntityScore, Extraction, FrictionHit } from '../../extract/types.js';
import { targetWeight } from '../../extract/attribution.js';
import { isCopy, planDedup, type DedupArticle } from '../../events/dedup.js';
import { eventKeyLock, LOCK_NS, lockHash, sortedKeys, type LockKey } from '../../events/lock-keys.js';
import { simhash64, simhashBands } from '../../events/simhash.js';
import { chooseEvent, normalizeVersion, WINDOW_GAP_MS, WINDOW_MAX_SPAN_MS, type EventCandidate, type SubjectKey } from '../../events/window.js';
import { DEDUP_WINDOW_DAYS, findRelated, lockArticles, lockKeys } from './articles-dedup.js';
import { recomputeEvents } from './events.js';
import type { WriteResult } from './results.js';

// The classify transaction for many articles at once: what writeClassification (results.ts) does
// for one, done for a batch in ONE transaction, so a batch costs one commit, one statement per
// result table and one recomputation of each event touched instead of one of each per article.
// The same lock order as every writer — dedup keys → article rows → rows whose duplicate_of
// changes → (company, model) keys — each level taken for the whole batch, sorted.

export interface BatchItem {
  articleId: number;
  ex: Extraction;
  score: ArticleScore;
}

/** Articles of a batch as read for classification, with their dedup state. */
interface Row extends DedupArticle {
  title: string;
  body: string;
  summary: string;
}

async function readArticles(q: Queryable, ids: readonly number[], lock: boolean): Promise<Map<number, Row>> {
  const res = await q.query<{ id: number; title: string; body: string; summary: string; content_hash: string | null; at: Date; simhash: string | null; duplicate_of: number | null }>(
    `select id, title, body, summary, content_hash, coalesce(published_at, fetched_at) as at, simhash::text as simhash, duplicate_of
     from articles where id = any($1::bigint[]) order by id ${lock ? 'for update' : ''}`,
    [ids],
  );
  const out = new Map<number, Row>();
  for (const r of res.rows) {
    const id = Number(r.id);
    out.set(id, {
      id,
      at: r.at,
      contentHash: r.content_hash,
      simhash: r.simhash === null ? null : BigInt(r.simhash),
      duplicateOf: r.duplicate_of === null ? null : Number(r.duplicate_of),
      title: r.title,
      body: r.body,
      summary: r.summary,
    });
  }
  return out;
}

// The three helpers below mirror results.ts (not exported there): fingerprint, dedup keys, subjects.
function fingerprintText(a: { title: string; body: string; summary: string }): bigint | null {
  const text = a.body.length >= a.summary.length ? a.body : a.summary;
  return simhash64(text) ?? simhash64(`${a.title}\n${text}`);
}

function dedupKeys(simhash: bigint | null, contentHash: string | null): LockKey[] {
  const keys: LockKey[] = [];
  if (simhash !== null) simhashBands(simhash).forEach((b, i) => keys.push([LOCK_NS.simhashBand, (i << 16) | b]));
  if (contentHash) keys.push([LOCK_NS.contentHash, lockHash(contentHash)]);
  return keys;
}

function launchSubjects(ex: Extraction, score: ArticleScore): { key: SubjectKey; friction: number }[] {
  if (!ex.launch) return [];
  return score.entities
    .filter((e) => e.isLaunchSubject)
    .map((e) => ({ key: { company: e.company, model: e.model ?? '', version: normalizeVersion(e.version) }, friction: e.friction }));
}

/** Events each article is linked to, by article. */
async function eventsByArticle(q: Queryable, ids: readonly number[]): Promise<Map<number, { id: number; company: string; model: string }[]>> {
  const out = new Map<number, { id: number; company: string; model: string }[]>();
  if (ids.length === 0) return out;
  const res = await q.query<{ article_id: number; id: number; company: string; model: string }>(
    `select ea.article_id, e.id, e.company, e.model
     from event_articles ea join launch_events e on e.id = ea.event_id
     where ea.article_id = any($1::bigint[])`,
    [ids],
  );
  for (const r of res.rows) {
    const list = out.get(Number(r.article_id)) ?? [];
    list.push({ id: Number(r.id), company: r.company, model: r.model });
    out.set(Number(r.article_id), list);
  }
  return out;
}

/**
 * Writes the classification of every item in one transaction — the rows writeClassification
 * writes for each, as if the articles were classified one after another in id order. Returns
 * each article's WriteResult, or null for an article that no longer exists. Idempotent.
 */
export async function writeClassifications(db: Db, batch: readonly BatchItem[], v: ClassifierVersion): Promise<Map<number, WriteResult | null>> {
  // One entry per article (the last wins if a batch holds an article twice), in id order.
  const byId = new Map<number, BatchItem>();
  for (const it of batch) byId.set(it.articleId, it);
  const ids = [...byId.keys()].sort((a, b) => a - b);
  const out = new Map<number, WriteResult | null>(ids.map((id) => [id, null]));
  if (ids.length === 0) return out;
  // Fingerprints before the transaction: their bands name the locks that come first.
  const pre = await readArticles(db, ids, false);
  const simhashes = new Map<number, bigint | null>();
  for (const [id, a] of pre) simhashes.set(id, fingerprintText(a));
  const held = new Set<string>();
  const take = async (q: Queryable, keys: readonly LockKey[]) => {
    const fresh = sortedKeys(keys).filter((k) => !held.has(`${k[0]}:${k[1]}`));
    for (const k of fresh) held.add(`${k[0]}:${k[1]}`);
    await lockKeys(q, fresh);
  };
  try {
    return await db.tx(async (q) => {
      held.clear();
      await take(q, [...pre].flatMap(([id, a]) => dedupKeys(simhashes.get(id) ?? null, a.contentHash)));
      const arts = await readArticles(q, [...pre.keys()], true);
      const late: LockKey[] = [];
      for (const [id, a] of arts) {
        const p = pre.get(id);
        const same = p !== undefined && p.body === a.body && p.summary === a.summary && p.title === a.title;
        const now = same ? (simhashes.get(id) ?? null) : fingerprintText(a);
        // The body changed since the first read (page fetched meanwhile): take its keys too.
        if (now !== simhashes.get(id)) late.push(...dedupKeys(now, a.contentHash));
        simhashes.set(id, now);
      }
      await take(q, late);
      const live = ids.filter((id) => arts.has(id));
      const oldEvents = await eventsByArticle(q, live);
      const othersOf = await dedupBatch(q, live.map((id) => ({ ...arts.get(id)!, simhash: simhashes.get(id) ?? null })), arts);
      const othersEvents = await eventsByArticle(q, [...new Set([...othersOf.values()].flat())]);

      const items = live.map((id) => byId.get(id)!);
      await replaceResultsBatch(q, items, v);

      const subjects = new Map(items.map((it) => [it.articleId, launchSubjects(it.ex, it.score)]));
      const keys: LockKey[] = [];
      for (const s of [...subjects.values()].flat()) keys.push(eventKeyLock(s.key.company, s.key.model));
      for (const list of [...oldEvents.values(), ...othersEvents.values()]) for (const e of list) keys.push(eventKeyLock(e.company, e.model));
      await take(q, keys);

      await q.query(`delete from event_articles where article_id = any($1::bigint[])`, [live]);
      const perArticle = await linkBatch(q, live.map((id) => ({ id, at: arts.get(id)!.at, subjects: subjects.get(id)! })), v);
      const touchedOf = (id: number) =>
        new Set<number>([
          ...perArticle.get(id)!.linked,
          ...(oldEvents.get(id) ?? []).map((e) => e.id),
          ...(othersOf.get(id) ?? []).flatMap((o) => (othersEvents.get(o) ?? []).map((e) => e.id)),
        ]);
      const touched = new Set<number>(live.flatMap((id) => [...touchedOf(id)]));
      const { deleted } = await recomputeEvents(q, [...touched].sort((a, b) => a - b), v);
      await q.query(
        `update articles set status = 'classified', classifier_version = $2, lexicon_version = $3, classified_at = now(), last_error = null
         where id = any($1::bigint[])`,
        [live, v.classifier, v.lexicon],
      );
      const gone = new Set(deleted);
      const createdAll = new Set(live.flatMap((id) => [...perArticle.get(id)!.created]));
      for (const id of live) {
        const mine = perArticle.get(id)!;
        out.set(id, {
          eventsCreated: mine.created.size,
          eventsUpdated: [...touchedOf(id)].filter((e) => !createdAll.has(e) && !gone.has(e)).length,
          eventIds: [...mine.linked].sort((a, b) => a - b),
        });
      }
      return out;
    });
  } catch (raw) {
    throw new Error(`results: unable to write the classifications of ${ids.length} article(s) (${ids[0]}…${ids[ids.length - 1]})`, { cause: raw });
  }
}

/** Stored look-alikes of each article (the band/hash probe of findNearArticles, for many at once). */
async function findNearBatch(q: Queryable, arts: readonly DedupArticle[]): Promise<Map<number, DedupArticle[]>> {
  const out = new Map<number, DedupArticle[]>(arts.map((a) => [a.id, []]));
  const bands = arts.map((a) => (a.simhash === null ? [null, null, null, null] : simhashBands(a.simhash)));
  const res = await q.query<{ sid: number; id: number; content_hash: string | null; at: Date; simhash: string | null; duplicate_of: number | null }>(
    // One branch per index (content hash, four SimHash bands), each a lateral probe per article:
    // an index lookup whatever the planner believes of the table (stale stats after a bulk load);
    // `offset 0` keeps the planner from flattening the lateral into a hash join over the index.
    `with s as (select * from unnest($1::bigint[], $2::timestamptz[], $3::text[], $4::int[], $5::int[], $6::int[], $7::int[]) as s(sid, at, ch, b0, b1, b2, b3))
       select s.sid, a.* from s cross join lateral (
         select a.id, a.content_hash, coalesce(a.published_at, a.fetched_at) as at, a.simhash::text as simhash, a.duplicate_of from articles a
         where a.content_hash = s.ch and a.id <> s.sid
           and coalesce(a.published_at, a.fetched_at) between s.at - make_interval(days => $8) and s.at + make_interval(days => $8)
         offset 0) a
       union
       select s.sid, a.* from s cross join lateral (
         select a.id, a.content_hash, coalesce(a.published_at, a.fetched_at) as at, a.simhash::text as simhash, a.duplicate_of from articles a
         where a.simhash is not null and ((a.simhash >> 48) & 65535) = s.b0 and a.id <> s.sid
           and coalesce(a.published_at, a.fetched_at) between s.at - make_interval(days => $8) and s.at + make_interval(days => $8)
         offset 0) a
       union
       select s.sid, a.* from s cross join lateral (
         select a.id, a.content_hash, coalesce(a.published_at, a.fetched_at) as at, a.simhash::text as simhash, a.duplicate_of from articles a
         where a.simhash is not null and ((a.simhash >> 32) & 65535) = s.b1 and a.id <> s.sid
           and coalesce(a.published_at, a.fetched_at) between s.at - make_interval(days => $8) and s.at + make_interval(days => $8)
         offset 0) a
       union
       select s.sid, a.* from s cross join lateral (
         select a.id, a.content_hash, coalesce(a.published_at, a.fetched_at) as at, a.simhash::text as simhash, a.duplicate_of from articles a
         where a.simhash is not null and ((a.simhash >> 16) & 65535) = s.b2 and a.id <> s.sid
           and coalesce(a.published_at, a.fetched_at) between s.at - make_interval(days => $8) and s.at + make_interval(days => $8)
         offset 0) a
       union
       select s.sid, a.* from s cross join lateral (
         select a.id, a.content_hash, coalesce(a.published_at, a.fetched_at) as at, a.simhash::text as simhash, a.duplicate_of from articles a
         where a.simhash is not null and (a.simhash & 65535) = s.b3 and a.id <> s.sid
           and coalesce(a.published_at, a.fetched_at) between s.at - make_interval(days => $8) and s.at + make_interval(days => $8)
         offset 0) a`,
    [arts.map((a) => a.id), arts.map((a) => a.at), arts.map((a) => a.contentHash), ...[0, 1, 2, 3].map((i) => bands.map((b) => b[i])), DEDUP_WINDOW_DAYS],
  );
  for (const r of res.rows) {
    out.get(Number(r.sid))!.push({
      id: Number(r.id),
      at: r.at,
      contentHash: r.content_hash,
      simhash: r.simhash === null ? null : BigInt(r.simhash),
      duplicateOf: r.duplicate_of === null ? null : Number(r.duplicate_of),
    });
  }
  return out;
}

/** The probe of findNearBatch, in memory: whether stored row `b` would be found as near `a`. */
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
 * in one statement. Returns, per article, the other articles whose duplicate_of it changed.
 */
async function dedupBatch(q: Queryable, batch: readonly DedupArticle[], stored: ReadonlyMap<number, DedupArticle>): Promise<Map<number, number[]>> {
  const nearDb = await findNearBatch(q, batch);
  const roots = new Set<number>();
  for (const a of batch) {
    roots.add(a.id);
    const s = stored.get(a.id);
    if (s?.duplicateOf) roots.add(s.duplicateOf);
    for (const n of nearDb.get(a.id)!) roots.add(n.duplicateOf ?? n.id);
  }
  // Rows as stored when the transaction began; `state` holds what this batch has changed since.
  const known = new Map<number, DedupArticle>();
  for (const r of await findRelated(q, [...roots])) known.set(r.id, r);
  for (const list of nearDb.values()) for (const r of list) known.set(r.id, r);
  for (const [id, r] of stored) known.set(id, r);
  const state = new Map<number, DedupArticle>();
  const current = (id: number) => state.get(id) ?? known.get(id)!;
  const done: DedupArticle[] = [];
  const doneIds = new Set<number>();
  const othersOf = new Map<number, number[]>();
  const batchIds = new Set(batch.map((a) => a.id));
  for (const self of batch) {
    const near = new Map<number, DedupArticle>();
    // Batch members already processed have new fingerprints the probe did not see: test them here.
    for (const r of nearDb.get(self.id)!) if (!doneIds.has(r.id)) near.set(r.id, current(r.id));
    for (const d of done) if (nearInMemory(self, state.get(d.id)!)) near.set(d.id, state.get(d.id)!);
    const r0 = new Set<number>([self.id]);
    for (const c of near.values()) if (isCopy(self, c)) r0.add(c.duplicateOf ?? c.id);
    const related: DedupArticle[] = [];
    for (const id of new Set([...known.keys(), ...state.keys()])) {
      const r = current(id);
      if (r0.has(r.id) || (r.duplicateOf !== null && r0.has(r.duplicateOf))) related.push(r);
    }
    const plan = planDedup(self, [...near.values()], related);
    for (const c of plan.changes) state.set(c.id, { ...(c.id === self.id ? self : current(c.id)), duplicateOf: c.duplicateOf });
    if (!state.has(self.id)) state.set(self.id, self);
    done.push(self);
    doneIds.add(self.id);
    othersOf.set(self.id, plan.changes.filter((c) => c.id !== self.id).map((c) => c.id));
  }
  const others = [...state.keys()].filter((id) => !batchIds.has(id)).sort((a, b) => a - b);
  await lockArticles(q, others);
  const ids = [...state.keys()];
  await q.query(
    `update articles a set duplicate_of = c.dup, simhash = case when c.own then c.sh::bigint else a.simhash end
     from unnest($1::bigint[], $2::bigint[], $3::boolean[], $4::text[]) as c(id, dup, own, sh)
     where a.id = c.id`,
    [ids, ids.map((id) => state.get(id)!.duplicateOf), ids.map((id) => batchIds.has(id)), ids.map((id) => (batchIds.has(id) ? (state.get(id)!.simhash?.toString() ?? null) : null))],
  );
  return othersOf;
}

/** Candidate events of every (company, model, time) in one probe, grouped by company/model. */
async function candidatesBatch(q: Queryable, probes: readonly { company: string; model: string; at: Date }[]): Promise<Map<string, Map<number, EventCandidate>>> {
  const out = new Map<string, Map<number, EventCandidate>>();
  if (probes.length === 0) return out;
  const res = await q.query<{ id: number; company: string; model: string; version: string; window_start: Date; first_seen_at: Date; last_seen_at: Date }>(
    `select distinct e.id, e.company, e.model, e.version, e.window_start, e.first_seen_at, e.last_seen_at
     from unnest($1::text[], $2::text[], $3::timestamptz[]) as p(company, model, at)
     join launch_events e on e.company = p.company and e.model = p.model
     where e.last_seen_at >= p.at - $4 * interval '1 millisecond'
       and e.window_start >= p.at - $5 * interval '1 millisecond'
       and e.first_seen_at <= p.at + $4 * interval '1 millisecond'`,
    [probes.map((p) => p.company), probes.map((p) => p.model), probes.map((p) => p.at), WINDOW_GAP_MS, WINDOW_MAX_SPAN_MS],
  );
  for (const r of res.rows) {
    const k = `${r.company}/${r.model}`;
    const m = out.get(k) ?? new Map<number, EventCandidate>();
    m.set(Number(r.id), { id: Number(r.id), version: r.version, windowStart: r.window_start, firstSeenAt: r.first_seen_at, lastSeenAt: r.last_seen_at });
    out.set(k, m);
  }
  return out;
}

/**
 * Links each article (in id order) to the event of each launch subject — joining a window, or
 * opening one that later articles of the batch may join — as writeClassification does, with
 * windows moved in memory (recomputeEvents runs once, after). New events are inserted in one
 * statement at the end; links in another.
 */
async function linkBatch(
  q: Queryable,
  arts: readonly { id: number; at: Date; subjects: { key: SubjectKey; friction: number }[] }[],
  v: ClassifierVersion,
): Promise<Map<number, { linked: Set<number>; created: Set<number> }>> {
  const pools = await candidatesBatch(q, arts.flatMap((a) => a.subjects.map((s) => ({ company: s.key.company, model: s.key.model, at: a.at }))));
  const fresh = new Map<number, { key: SubjectKey; at: Date }>();
  const freshByKey = new Map<string, number>();
  const chosen: { article: number; event: number; friction: number }[] = [];
  for (const a of arts) {
    for (const s of a.subjects) {
      const pair = `${s.key.company}/${s.key.model}`;
      const pool = pools.get(pair) ?? new Map<number, EventCandidate>();
      pools.set(pair, pool);
      let cand = chooseEvent(s.key, a.at, [...pool.values()]);
      if (!cand) {
        const k = `${pair}/${s.key.version}/${a.at.toISOString()}`;
        let id = freshByKey.get(k);
        if (id === undefined) {
          id = -(fresh.size + 1); // a placeholder until the insert returns the real id
          fresh.set(id, { key: s.key, at: a.at });
          freshByKey.set(k, id);
        }
        cand = pool.get(id) ?? { id, version: s.key.version, windowStart: a.at, firstSeenAt: a.at, lastSeenAt: a.at };
      }
      pool.set(cand.id, {
        ...cand,
        firstSeenAt: a.at < cand.firstSeenAt ? a.at : cand.firstSeenAt,
        lastSeenAt: a.at > cand.lastSeenAt ? a.at : cand.lastSeenAt,
      });
      chosen.push({ article: a.id, event: cand.id, friction: s.friction });
    }
  }
  const real = new Map<number, { id: number; created: boolean }>();
  if (fresh.size > 0) {
    const temp = [...fresh.keys()];
    const res = await q.query<{ ord: number; id: number; created: boolean }>(
      `with n as (select * from unnest($1::text[], $2::text[], $3::text[], $4::timestamptz[]) with ordinality as n(company, model, version, at, ord)),
       ins as (
         insert into launch_events (company, model, version, window_start, first_seen_at, last_seen_at, classifier_version, lexicon_version)
         select company, model, version, at, at, at, $5, $6 from n order by ord
         on conflict (company, model, version, window_start) do update set updated_at = launch_events.updated_at
         returning id, company, model, version, window_start, (xmax = 0) as created)
       select n.ord, ins.id, ins.created from n join ins using (company, model, version) where ins.window_start = n.at`,
      [temp.map((t) => fresh.get(t)!.key.company), temp.map((t) => fresh.get(t)!.key.model), temp.map((t) => fresh.get(t)!.key.version), temp.map((t) => fresh.get(t)!.at), v.classifier, v.lexicon],
    );
    for (const r of res.rows) real.set(temp[Number(r.ord) - 1]!, { id: Number(r.id), created: r.created });
  }
  const out = new Map(arts.map((a) => [a.id, { linked: new Set<number>(), created: new Set<number>() }]));
  const best = new Map<string, { article: number; event: number; friction: number }>();
  const credited = new Set<number>();
  for (const c of chosen) {
    const r = c.event < 0 ? real.get(c.event)! : { id: c.event, created: false };
    const mine = out.get(c.article)!;
    mine.linked.add(r.id);
    // The article that opened an event is the one that created it.
    if (r.created && c.event < 0 && !credited.has(r.id)) {
      credited.add(r.id);
      mine.created.add(r.id);
    }
    const k = `${c.article}/${r.id}`;
    const prev = best.get(k);
    best.set(k, { article: c.article, event: r.id, friction: Math.max(prev?.friction ?? 0, c.friction) });
  }
  const links = [...best.values()];
  if (links.length > 0) {
    await q.query(
      `insert into event_articles (event_id, article_id, friction)
       select * from unnest($1::bigint[], $2::bigint[], $3::real[])
       on conflict (event_id, article_id) do update set friction = excluded.friction`,
      [links.map((l) => l.event), links.map((l) => l.article), links.map((l) => l.friction)],
    );
  }
  return out;
}

/** Effective weight of a hit for one entity, as the scorer counts it (mirrors results.ts). */
function weightFor(h: FrictionHit, e: EntityScore): number {
  let w = 0;
  for (const t of h.targets) {
    if (t.company !== e.company) continue;
    if (e.model !== null && t.model !== null && t.model !== e.model) continue;
    w = Math.max(w, targetWeight(h.weight, h.negated, h.hedged, t.indirect));
  }
  return w;
}

/** Deletes and re-inserts mentions, friction hits and entity scores of every item: one statement each. */
async function replaceResultsBatch(q: Queryable, items: readonly BatchItem[], v: ClassifierVersion): Promise<void> {
  const ids = items.map((i) => i.articleId);
  await q.query(
    `with m as (delete from mentions where article_id = any($1::bigint[])), h as (delete from friction_hits where article_id = any($1::bigint[]))
     delete from article_scores where article_id = any($1::bigint[])`,
    [ids],
  );
  const m = { a: [] as number[], kind: [] as string[], entity: [] as string[], company: [] as string[], version: [] as (string | null)[], surface: [] as string[], s: [] as number[], e: [] as number[], sent: [] as number[] };
  const h = { a: [] as number[], term: [] as string[], cat: [] as string[], w: [] as number[], ew: [] as number[], neg: [] as boolean[], hedge: [] as boolean[], surface: [] as string[], s: [] as number[], e: [] as number[], sent: [] as number[], text: [] as string[], targets: [] as string[] };
  const sc = { a: [] as number[], company: [] as string[], model: [] as string[], version: [] as string[], f: [] as number[], cats: [] as string[], hits: [] as number[], ev: [] as (string | null)[], ew: [] as number[], subj: [] as boolean[] };
  for (const { articleId, ex, score } of items) {
    for (const x of ex.mentions) {
      m.a.push(articleId); m.kind.push(x.kind); m.entity.push(x.entity); m.company.push(x.company); m.version.push(x.version ?? null);
      m.surface.push(x.surface); m.s.push(x.start); m.e.push(x.end); m.sent.push(x.sentence);
    }
    for (const x of ex.hits) {
      h.a.push(articleId); h.term.push(x.term); h.cat.push(x.category); h.w.push(x.weight); h.ew.push(x.effectiveWeight); h.neg.push(x.negated);
      h.hedge.push(x.hedged); h.surface.push(x.surface); h.s.push(x.start); h.e.push(x.end); h.sent.push(x.sentence);
      h.text.push(ex.sentences[x.sentence]?.text ?? '');
      h.targets.push(JSON.stringify(x.targets.map((t) => ({ company: t.company, model: t.model, indirect: t.indirect, weight: targetWeight(x.weight, x.negated, x.hedged, t.indirect) }))));
    }
    for (const e of score.entities) {
      const strongest = e.strongestHit === null ? null : (ex.hits[e.strongestHit] ?? null);
      sc.a.push(articleId); sc.company.push(e.company); sc.model.push(e.model ?? ''); sc.version.push(normalizeVersion(e.version)); sc.f.push(e.friction);
      sc.cats.push([...e.categories].sort().join(',')); sc.hits.push(e.hitCount);
      sc.ev.push(strongest ? (ex.sentences[strongest.sentence]?.text ?? strongest.surface) : null);
      sc.ew.push(strongest ? weightFor(strongest, e) : 0); sc.subj.push(e.isLaunchSubject && ex.launch);
    }
  }
  if (m.a.length > 0) {
    await q.query(
      `insert into mentions (article_id, kind, entity, company, version, surface, char_start, char_end, sentence, classifier_version, lexicon_version)
       select u.*, $10, $11 from unnest($1::bigint[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::int[], $8::int[], $9::int[]) as u
       on conflict (article_id, kind, entity, char_start) do nothing`,
      [m.a, m.kind, m.entity, m.company, m.version, m.surface, m.s, m.e, m.sent, v.classifier, v.lexicon],
    );
  }
  if (h.a.length > 0) {
    await q.query(
      `insert into friction_hits (article_id, term, category, weight, effective_weight, negated, hedged, surface, char_start, char_end,
                                  sentence, sentence_text, targets, target_companies, classifier_version, lexicon_version)
       select u.a, u.term, u.category, u.weight, u.ew, u.negated, u.hedged, u.surface, u.cs, u.ce, u.sentence, u.stext, u.targets::jsonb,
              array(select distinct t->>'company' from jsonb_array_elements(u.targets::jsonb) t order by 1), $14, $15
       from unnest($1::bigint[], $2::text[], $3::text[], $4::real[], $5::real[], $6::boolean[], $7::boolean[], $8::text[], $9::int[], $10::int[],
                   $11::int[], $12::text[], $13::text[]) as u(a, term, category, weight, ew, negated, hedged, surface, cs, ce, sentence, stext, targets)
       on conflict (article_id, char_start, term) do nothing`,
      [h.a, h.term, h.cat, h.w, h.ew, h.neg, h.hedge, h.surface, h.s, h.e, h.sent, h.text, h.targets, v.classifier, v.lexicon],
    );
  }
  if (sc.a.length > 0) {
    await q.query(
      `insert into article_scores (article_id, company, model, version, friction, categories, hit_count, evidence, evidence_weight,
                                   is_launch_subject, classifier_version, lexicon_version)
       select u.a, u.company, u.model, u.version, u.friction, string_to_array(u.cats, ','), u.hits, u.evidence, u.ew, u.subject, $11, $12
       from unnest($1::bigint[], $2::text[], $3::text[], $4::text[], $5::real[], $6::text[], $7::int[], $8::text[], $9::real[], $10::boolean[])
            as u(a, company, model, version, friction, cats, hits, evidence, ew, subject)
       on conflict (article_id, company, model) do nothing`,
      [sc.a, sc.company, sc.model, sc.version, sc.f, sc.cats, sc.hits, sc.ev, sc.ew, sc.subj, v.classifier, v.lexicon],
    );
  }
}

/** What the extractor reads of each article (absent ids are missing from the map). */
export async function readArticlesForExtract(
  q: Queryable,
  ids: readonly number[],
): Promise<Map<number, { title: string; body: string; summary: string; language: string | null }>> {
  const res = await q.query<{ id: number; title: string; body: string; summary: string; language: string | null }>(
    `select id, title, body, summary, language from articles where id = any($1::bigint[])`,
    [ids],
  );
  return new Map(res.rows.map((r) => [Number(r.id), { title: r.title, body: r.body, summary: r.summary, language: r.language }]));
}
