import type { Db, Queryable } from '../db.js';
import type { ArticleScore, ClassifierVersion, Extraction } from '../../extract/types.js';
import { eventKeyLock, sortedKeys, type LockKey } from '../../events/lock-keys.js';
import { lockDedupStates, lockKeys } from './articles-dedup.js';
import { dedupBatch } from './results-batch-dedup.js';
import { linkBatch } from './results-batch-links.js';
import { markEventsStale } from './events-stale.js';
import { dedupKeys, fingerprintText, launchSubjects, type WriteResult } from './results.js';
import { insertMentionGroupsSql } from './mention-groups.js';
import { ResultColumns } from './result-columns.js';

// The classify writes for many articles at once: what writeClassification (results.ts) does for
// one, done for a batch in three short transactions of a few statements each (one statement per
// result table, one per link step, one per dedup step), whatever the batch's size. Locks are
// taken for the whole batch, sorted, in the order every writer uses: dedup keys → article rows →
// rows whose duplicate_of changes; (company, model) keys in a transaction of their own.

export interface BatchItem {
  articleId: number;
  ex: Extraction;
  score: ArticleScore;
  /** The stored texts the extraction read, when the caller has them (saves reading them again). */
  source?: ArticleSource;
}

/** What an article's classification is read from and fingerprinted by. */
export interface ArticleSource {
  title: string;
  body: string;
  summary: string;
  language: string | null;
  contentHash: string | null;
  /** coalesce(published_at, fetched_at): where the article falls in event and dedup windows. */
  at: Date;
  /** Classified before (so it may have results and links to replace). */
  classified: boolean;
  /** The page fetch's outcome when read: the texts change only with it (fetch-page sets both). */
  pageStatus: string | null;
  /**
   * The stored SimHash and the classifier version that took it, when both are set: the
   * fingerprint of these very texts (a change of title, body or summary clears it: migration 000011).
   */
  fingerprint: { simhash: bigint; classifier: string } | null;
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

/** What a batch knows of each article before its transactions: texts, dedup signals, time. */
type Pre = Omit<ArticleSource, 'language'>;

/**
 * Writes the classification of every item — the rows writeClassification writes for each, as
 * if the articles were classified one after another in id order — in three short transactions,
 * each holding only the locks its step needs, so concurrent batches overlap:
 *
 *   1. results: mentions, friction hits and entity scores replaced (no shared locks);
 *   2. links: under the (company, model) locks, each article joins or opens its events' windows;
 *   3. syndication: under the dedup (band, hash) locks, fingerprints and duplicate_of are written
 *      and the articles marked classified — last, so a crash before it leaves them pending and
 *      the reconciler classifies them again (each step is idempotent).
 *
 * Events' aggregates are not recomputed here: the events touched are marked stale
 * (events-stale.ts) and the refresher recomputes them, once for many batches. Returns each
 * article's WriteResult, or null for an article that no longer exists.
 */
export async function writeClassifications(db: Db, batch: readonly BatchItem[], v: ClassifierVersion): Promise<Map<number, WriteResult | null>> {
  // One entry per article (the last wins if a batch holds an article twice), in id order.
  const byId = new Map<number, BatchItem>();
  for (const it of batch) byId.set(it.articleId, it);
  const ids = [...byId.keys()].sort((a, b) => a - b);
  const out = new Map<number, WriteResult | null>(ids.map((id) => [id, null]));
  if (ids.length === 0) return out;
  // The texts the caller extracted from are used when given (no second read of every body).
  const pre: Map<number, Pre> = batch.every((it) => it.source) ? new Map(ids.map((id) => [id, byId.get(id)!.source!])) : await readArticlesForExtract(db, ids);
  const live = ids.filter((id) => pre.has(id));
  if (live.length === 0) return out;
  const items = live.map((id) => byId.get(id)!);
  try {
    await db.tx((q) => replaceResultsBatch(q, items, live.filter((id) => pre.get(id)!.classified), v));
    const links = await db.tx((q) => linkPhase(q, items, pre, v));
    const othersEvents = await db.tx((q) => dedupPhase(q, live, pre, v));
    const othersTouched = (id: number) => othersEvents.get(id) ?? [];
    for (const id of live) {
      const mine = links.perArticle.get(id)!;
      const touched = new Set([...mine.linked, ...(links.oldEvents.get(id) ?? []), ...othersTouched(id)]);
      out.set(id, {
        eventsCreated: mine.created.size,
        eventsUpdated: [...touched].filter((e) => !links.created.has(e)).length,
        eventIds: [...mine.linked].sort((a, b) => a - b),
      });
    }
    return out;
  } catch (raw) {
    throw new Error(`results: unable to write the classifications of ${ids.length} article(s) (${ids[0]}…${ids[ids.length - 1]})`, { cause: raw });
  }
}

/** Step 2: links every article to its launch subjects' events under their (company, model) locks. */
async function linkPhase(q: Queryable, items: readonly BatchItem[], pre: ReadonlyMap<number, Pre>, v: ClassifierVersion) {
  const live = items.map((it) => it.articleId);
  const again = live.filter((id) => pre.get(id)!.classified);
  const oldLinks = await eventsByArticle(q, again);
  const subjects = new Map(items.map((it) => [it.articleId, launchSubjects(it.ex, it.score)]));
  const keys: LockKey[] = [];
  for (const s of [...subjects.values()].flat()) keys.push(eventKeyLock(s.key.company, s.key.model));
  for (const list of oldLinks.values()) for (const e of list) keys.push(eventKeyLock(e.company, e.model));
  // The locks go with the first statement that needs them: the delete of old links when the
  // articles were linked before, else linkBatch's candidate probe.
  let toLock = sortedKeys(keys);
  const oldEvents = new Map<number, number[]>();
  if (again.length > 0) {
    await lockKeys(q, toLock);
    toLock = [];
    // What is deleted, not what was read before the locks: a concurrent run may have linked since.
    const res = await q.query<{ article_id: string; event_id: string }>(`delete from event_articles where article_id = any($1::bigint[]) returning article_id, event_id`, [again]);
    for (const r of res.rows) oldEvents.set(Number(r.article_id), [...(oldEvents.get(Number(r.article_id)) ?? []), Number(r.event_id)]);
  }
  // Every event linked and every event an old link left is marked stale (by linkBatch's insert).
  const unlinked = [...new Set([...oldEvents.values()].flat())];
  const perArticle = await linkBatch(q, live.map((id) => ({ id, at: pre.get(id)!.at, subjects: subjects.get(id)! })), v, toLock, unlinked);
  return { perArticle, oldEvents, created: new Set([...perArticle.values()].flatMap((p) => [...p.created])) };
}

/**
 * Step 3: syndication under the dedup locks (bands and content hash of every article, sorted,
 * then the article rows), and the articles marked classified. Returns, per article, the events
 * of the other articles whose duplicate_of it changed (marked stale).
 */
async function dedupPhase(q: Queryable, live: readonly number[], pre: ReadonlyMap<number, Pre>, v: ClassifierVersion): Promise<Map<number, number[]>> {
  const simhashes = new Map<number, bigint | null>(live.map((id) => [id, fingerprintOf(pre.get(id)!, v)]));
  const held = new Set<string>();
  const fresh = (keys: readonly LockKey[]) => {
    const out = sortedKeys(keys).filter((k) => !held.has(`${k[0]}:${k[1]}`));
    for (const k of out) held.add(`${k[0]}:${k[1]}`);
    return out;
  };
  // The dedup keys and the row locks in one statement (each round trip under the keys makes
  // other batches that share one wait longer).
  const arts = await lockDedupStates(q, live, fresh(live.flatMap((id) => dedupKeys(simhashes.get(id) ?? null, pre.get(id)!.contentHash))));
  // A page fetched since the texts were read changed them: fingerprint them as stored now.
  const changed = [...arts.values()].filter((a) => a.pageStatus !== pre.get(a.id)!.pageStatus || a.contentHash !== pre.get(a.id)!.contentHash);
  const late: LockKey[] = [];
  if (changed.length > 0) {
    const texts = await readArticlesForExtract(q, changed.map((a) => a.id));
    for (const a of changed) {
      const now = texts.has(a.id) ? fingerprintText(texts.get(a.id)!) : null;
      late.push(...dedupKeys(now, a.contentHash));
      simhashes.set(a.id, now);
    }
  }
  await lockKeys(q, fresh(late));
  const stillLive = live.filter((id) => arts.has(id));
  const othersOf = await dedupBatch(q, stillLive.map((id) => ({ ...arts.get(id)!, simhash: simhashes.get(id) ?? null })), arts, v);
  const others = [...new Set([...othersOf.values()].flat())];
  const eventsOfOthers = await eventsByArticle(q, others);
  const out = new Map<number, number[]>();
  for (const [id, list] of othersOf) out.set(id, list.flatMap((o) => (eventsOfOthers.get(o) ?? []).map((e) => e.id)));
  await markEventsStale(q, [...new Set([...out.values()].flat())].sort((a, b) => a - b));
  return out;
}

/**
 * Replaces mentions (their groups), friction hits and entity scores of every item: one statement, and one
 * delete of the old rows of the articles classified before (`again`).
 */
async function replaceResultsBatch(q: Queryable, items: readonly BatchItem[], again: readonly number[], v: ClassifierVersion): Promise<void> {
  if (again.length > 0) {
    await q.query(
    `with m as (delete from mention_groups where article_id = any($1::bigint[])), h as (delete from friction_hits where article_id = any($1::bigint[]))
     delete from article_scores where article_id = any($1::bigint[])`,
      [again],
    );
  }
  // Rows unique on each table's key, made so in JS (result-columns.ts). A concurrent run on the
  // same article then fails this batch on the unique key, and its articles are written one by
  // one (writeClassification), which handles that race.
  const rows = new ResultColumns();
  for (const { articleId, ex, score } of items) rows.add(articleId, ex, score);
  // One statement (one round trip) for the three tables; an empty array inserts nothing.
  await q.query(
    `with m as (${insertMentionGroupsSql(1, 33, 34)}),
     h as (
       insert into friction_hits (article_id, term, category, weight, effective_weight, negated, hedged, surface, char_start, char_end,
                                  sentence, sentence_text, targets, target_companies, classifier_version, lexicon_version)
       select u.a, u.term, u.category, u.weight, u.ew, u.negated, u.hedged, u.surface, u.cs, u.ce, u.sentence, u.stext, u.targets::jsonb,
              u.companies::text[], $33, $34
       from unnest($10::bigint[], $11::text[], $12::text[], $13::real[], $14::real[], $15::boolean[], $16::boolean[], $17::text[], $18::int[], $19::int[],
                   $20::int[], $21::text[], $22::text[], $35::text[]) as u(a, term, category, weight, ew, negated, hedged, surface, cs, ce, sentence, stext, targets, companies))
     insert into article_scores (article_id, company, model, version, friction, categories, hit_count, evidence, evidence_weight,
                                 is_launch_subject, classifier_version, lexicon_version)
     select u.a, u.company, u.model, u.version, u.friction, string_to_array(u.cats, ','), u.hits, u.evidence, u.ew, u.subject, $33, $34
     from unnest($23::bigint[], $24::text[], $25::text[], $26::text[], $27::real[], $28::text[], $29::int[], $30::text[], $31::real[], $32::boolean[])
          as u(a, company, model, version, friction, cats, hits, evidence, ew, subject)`,
    rows.params(v),
  );
}

/**
 * The article's SimHash: the stored one when this classifier took it (a reclassification after
 * a lexicon change: the text is the same, and so is the fingerprint), else taken afresh. Saves
 * ~10 % of a worker's time reclassifying. A change to the fingerprint (simhash.ts) must bump
 * CLASSIFIER_VERSION so that stored fingerprints are taken again.
 */
function fingerprintOf(a: Pre, v: ClassifierVersion): bigint | null {
  return a.fingerprint && a.fingerprint.classifier === v.classifier ? a.fingerprint.simhash : fingerprintText(a);
}

/** What the extractor reads of each article (absent ids are missing from the map). */
export async function readArticlesForExtract(q: Queryable, ids: readonly number[]): Promise<Map<number, ArticleSource>> {
  const res = await q.query<{
    id: number; title: string; body: string; summary: string; language: string | null; content_hash: string | null; at: Date;
    page_status: string | null; simhash: string | null; classifier_version: string | null;
  }>(
    `select id, title, body, summary, language, content_hash, coalesce(published_at, fetched_at) as at,
            page_status, simhash::text as simhash, classifier_version
     from articles where id = any($1::bigint[])`,
    [ids],
  );
  return new Map(
    res.rows.map((r) => [
      Number(r.id),
      {
        title: r.title, body: r.body, summary: r.summary, language: r.language, contentHash: r.content_hash, at: r.at,
        classified: r.classifier_version !== null,
        pageStatus: r.page_status,
        fingerprint: r.simhash !== null && r.classifier_version !== null ? { simhash: BigInt(r.simhash), classifier: r.classifier_version } : null,
      },
    ]),
  );
}
