import type { Db, Queryable } from '../db.js';
import type { ArticleScore, ClassifierVersion, Extraction } from '../../extract/types.js';
import { targetWeight } from '../../extract/attribution.js';
import type { DedupArticle } from '../../events/dedup.js';
import { eventKeyLock, sortedKeys, type LockKey } from '../../events/lock-keys.js';
import { normalizeVersion } from '../../events/window.js';
import { lockKeys } from './articles-dedup.js';
import { dedupBatch } from './results-batch-dedup.js';
import { linkBatch } from './results-batch-links.js';
import { markEventsStale } from './events-stale.js';
import { dedupKeys, fingerprintText, launchSubjects, weightFor, type WriteResult } from './results.js';

// The classify transaction for many articles at once: what writeClassification (results.ts) does
// for one, done for a batch in ONE transaction, so a batch costs one commit, one statement per
// result table and one recomputation of each event touched instead of one of each per article.
// The same lock order as every writer — dedup keys → article rows → rows whose duplicate_of
// changes → (company, model) keys — each level taken for the whole batch, sorted.

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
}

/** Articles of a batch as read for classification, with their dedup state. */
interface Row extends DedupArticle {
  title: string;
  body: string;
  summary: string;
  /** Classified before (so it may have results and links to replace). */
  classified: boolean;
}

async function readArticles(q: Queryable, ids: readonly number[], lock: boolean): Promise<Map<number, Row>> {
  const res = await q.query<{ id: number; title: string; body: string; summary: string; content_hash: string | null; at: Date; simhash: string | null; duplicate_of: number | null; classified: boolean }>(
    `select id, title, body, summary, content_hash, coalesce(published_at, fetched_at) as at, simhash::text as simhash, duplicate_of,
            classifier_version is not null as classified
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
      classified: r.classified,
    });
  }
  return out;
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
 * writes for each, as if the articles were classified one after another in id order — except
 * the events' aggregates: the events touched are marked stale (events-stale.ts) and recomputed
 * by the refresher, once for many batches. Returns each article's WriteResult, or null for an
 * article that no longer exists. Idempotent.
 */
export async function writeClassifications(db: Db, batch: readonly BatchItem[], v: ClassifierVersion): Promise<Map<number, WriteResult | null>> {
  // One entry per article (the last wins if a batch holds an article twice), in id order.
  const byId = new Map<number, BatchItem>();
  for (const it of batch) byId.set(it.articleId, it);
  const ids = [...byId.keys()].sort((a, b) => a - b);
  const out = new Map<number, WriteResult | null>(ids.map((id) => [id, null]));
  if (ids.length === 0) return out;
  // Fingerprints before the transaction: their bands name the locks that come first. The texts
  // the caller extracted from are used when given (no second read of every body).
  const pre = batch.every((it) => it.source) ? new Map(ids.map((id) => [id, byId.get(id)!.source!])) : await readArticles(db, ids, false);
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
        const same = p !== undefined && p.body === a.body && p.summary === a.summary && p.title === a.title && p.contentHash === a.contentHash;
        const now = same ? (simhashes.get(id) ?? null) : fingerprintText(a);
        // The body changed since the first read (page fetched meanwhile): take its keys too.
        if (!same) late.push(...dedupKeys(now, a.contentHash));
        simhashes.set(id, now);
      }
      await take(q, late);
      const live = ids.filter((id) => arts.has(id));
      // Only articles classified before can have results and links to replace.
      const again = live.filter((id) => arts.get(id)!.classified);
      const oldEvents = await eventsByArticle(q, again);
      const othersOf = await dedupBatch(q, live.map((id) => ({ ...arts.get(id)!, simhash: simhashes.get(id) ?? null })), arts, v);
      const othersEvents = await eventsByArticle(q, [...new Set([...othersOf.values()].flat())]);

      const items = live.map((id) => byId.get(id)!);
      await replaceResultsBatch(q, items, again, v);

      const subjects = new Map(items.map((it) => [it.articleId, launchSubjects(it.ex, it.score)]));
      const keys: LockKey[] = [];
      for (const s of [...subjects.values()].flat()) keys.push(eventKeyLock(s.key.company, s.key.model));
      for (const list of [...oldEvents.values(), ...othersEvents.values()]) for (const e of list) keys.push(eventKeyLock(e.company, e.model));
      await take(q, keys);

      if (again.length > 0) await q.query(`delete from event_articles where article_id = any($1::bigint[])`, [again]);
      const perArticle = await linkBatch(q, live.map((id) => ({ id, at: arts.get(id)!.at, subjects: subjects.get(id)! })), v);
      const touchedOf = (id: number) =>
        new Set<number>([
          ...perArticle.get(id)!.linked,
          ...(oldEvents.get(id) ?? []).map((e) => e.id),
          ...(othersOf.get(id) ?? []).flatMap((o) => (othersEvents.get(o) ?? []).map((e) => e.id)),
        ]);
      const touched = new Set<number>(live.flatMap((id) => [...touchedOf(id)]));
      await markEventsStale(q, [...touched].sort((a, b) => a - b));
      const createdAll = new Set(live.flatMap((id) => [...perArticle.get(id)!.created]));
      for (const id of live) {
        const mine = perArticle.get(id)!;
        out.set(id, {
          eventsCreated: mine.created.size,
          eventsUpdated: [...touchedOf(id)].filter((e) => !createdAll.has(e)).length,
          eventIds: [...mine.linked].sort((a, b) => a - b),
        });
      }
      return out;
    });
  } catch (raw) {
    throw new Error(`results: unable to write the classifications of ${ids.length} article(s) (${ids[0]}…${ids[ids.length - 1]})`, { cause: raw });
  }
}

/**
 * Replaces mentions, friction hits and entity scores of every item: one statement each, and one
 * delete of the old rows of the articles classified before (`again`).
 */
async function replaceResultsBatch(q: Queryable, items: readonly BatchItem[], again: readonly number[], v: ClassifierVersion): Promise<void> {
  if (again.length > 0) {
    await q.query(
    `with m as (delete from mentions where article_id = any($1::bigint[])), h as (delete from friction_hits where article_id = any($1::bigint[]))
     delete from article_scores where article_id = any($1::bigint[])`,
      [again],
    );
  }
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
export async function readArticlesForExtract(q: Queryable, ids: readonly number[]): Promise<Map<number, ArticleSource>> {
  const res = await q.query<{ id: number; title: string; body: string; summary: string; language: string | null; content_hash: string | null }>(
    `select id, title, body, summary, language, content_hash from articles where id = any($1::bigint[])`,
    [ids],
  );
  return new Map(res.rows.map((r) => [Number(r.id), { title: r.title, body: r.body, summary: r.summary, language: r.language, contentHash: r.content_hash }]));
}
