import type { Db, Queryable } from '../db.js';
import type { ArticleScore, ClassifierVersion, EntityScore, Extraction, FrictionHit } from '../../extract/types.js';
import { targetWeight } from '../../extract/attribution.js';
import { isCopy, planDedup } from '../../events/dedup.js';
import { eventKeyLock, LOCK_NS, lockHash, sortedKeys, type LockKey } from '../../events/lock-keys.js';
import { simhash64, simhashBands } from '../../events/simhash.js';
import { chooseEvent, normalizeVersion, type SubjectKey } from '../../events/window.js';
import { arrayLiteral } from '../array-literal.js';
import { groupMentions, insertMentionGroupsSql, mentionGroupParams } from './mention-groups.js';
import { applyDuplicates, bandKeys, findNearArticles, findRelated, lockArticles, lockKeys, readArticleForClassify } from './articles-dedup.js';
import { createEvent, eventsOfArticles, findEventCandidates, linkArticle, recomputeEvents, unlinkArticle } from './events.js';

// The classify transaction: an article's extraction results, its syndication state and its
// launch events, replaced as a whole. Lock order (the same in every writer, so no deadlock):
// dedup advisory keys → the article row → rows of articles whose duplicate_of changes →
// (company, model) advisory keys of every event touched.

export interface WriteResult {
  eventsCreated: number;
  eventsUpdated: number;
  /** Events the article is linked to now. */
  eventIds: number[];
}

/** The text a fingerprint is taken from: the fuller of body and summary (titles get edited by reprinters). */
export function fingerprintText(a: { title: string; body: string; summary: string }): bigint | null {
  const text = a.body.length >= a.summary.length ? a.body : a.summary;
  return simhash64(text) ?? simhash64(`${a.title}\n${text}`);
}

/** Advisory-lock keys of an article's duplicate signals (SimHash bands, content hash), in lock order. */
export function dedupKeys(simhash: bigint | null, contentHash: string | null): LockKey[] {
  const keys: LockKey[] = [];
  if (simhash !== null) for (const k of bandKeys(simhashBands(simhash))) keys.push([LOCK_NS.simhashBand, k]);
  if (contentHash) keys.push([LOCK_NS.contentHash, lockHash(contentHash)]);
  return sortedKeys(keys);
}

/**
 * Replaces an article's classification in one transaction: mentions, friction hits, entity
 * scores, duplicate_of, event links and the aggregates of every event touched (empty ones are
 * deleted), then marks it 'classified'. Idempotent and safe to run concurrently.
 */
export async function writeClassification(db: Db, articleId: number, ex: Extraction, score: ArticleScore, v: ClassifierVersion): Promise<WriteResult> {
  // Fingerprint before the transaction: its bands name the locks that come first.
  const pre = await readArticleForClassify(db, articleId, false);
  if (!pre) throw new Error(`results: article ${articleId} not found`);
  let simhash = fingerprintText(pre);
  try {
    return await db.tx(async (q) => {
      await lockKeys(q, dedupKeys(simhash, pre.contentHash));
      const art = await readArticleForClassify(q, articleId, true);
      if (!art) throw new Error(`article ${articleId} was deleted`);
      const now = fingerprintText(art);
      if (now !== simhash) {
        // The body changed since the first read (page fetched meanwhile): take its keys too.
        simhash = now;
        await lockKeys(q, dedupKeys(simhash, art.contentHash));
      }
      const oldEvents = await eventsOfArticles(q, [articleId]);

      const self = { ...art, simhash };
      const near = await findNearArticles(q, { id: articleId, at: art.at, contentHash: art.contentHash, bands: simhash === null ? null : simhashBands(simhash) });
      const roots = new Set<number>([articleId]);
      for (const c of near) if (isCopy(self, c)) roots.add(c.duplicateOf ?? c.id);
      const plan = planDedup(self, near, await findRelated(q, [...roots]));
      const others = plan.changes.filter((c) => c.id !== articleId).map((c) => c.id);
      await lockArticles(q, others);
      await applyDuplicates(q, { id: articleId, simhash }, plan.changes);
      const othersEvents = await eventsOfArticles(q, others);

      await replaceResults(q, articleId, ex, score, v);

      const subjects = launchSubjects(ex, score);
      const keys = [...subjects.map((s) => eventKeyLock(s.key.company, s.key.model))];
      for (const e of [...oldEvents, ...othersEvents]) keys.push(eventKeyLock(e.company, e.model));
      await lockKeys(q, sortedKeys(keys));

      await unlinkArticle(q, articleId);
      const candidates = await findEventCandidates(q, subjects.map((s) => s.key), art.at);
      const links = new Map<number, number>();
      const created = new Set<number>();
      for (const s of subjects) {
        const picked = chooseEvent(s.key, art.at, candidates.get(`${s.key.company}/${s.key.model}`) ?? []);
        let id = picked?.id;
        if (id === undefined) {
          const made = await createEvent(q, s.key, art.at, v);
          id = made.id;
          if (made.created) created.add(id);
          // A second subject of this article may join the window just opened.
          const list = candidates.get(`${s.key.company}/${s.key.model}`) ?? [];
          list.push({ id, version: s.key.version, windowStart: art.at, firstSeenAt: art.at, lastSeenAt: art.at });
          candidates.set(`${s.key.company}/${s.key.model}`, list);
        }
        links.set(id, Math.max(links.get(id) ?? 0, s.friction));
      }
      await linkArticle(q, articleId, [...links].map(([eventId, friction]) => ({ eventId, friction })));

      const touched = new Set<number>([...links.keys(), ...oldEvents.map((e) => e.id), ...othersEvents.map((e) => e.id)]);
      const { deleted } = await recomputeEvents(q, [...touched].sort((a, b) => a - b), v);
      await q.query(
        `update articles set status = 'classified', classifier_version = $2, lexicon_version = $3, classified_at = now(), last_error = null
         where id = $1`,
        [articleId, v.classifier, v.lexicon],
      );
      const gone = new Set(deleted);
      return {
        eventsCreated: created.size,
        eventsUpdated: [...touched].filter((id) => !created.has(id) && !gone.has(id)).length,
        eventIds: [...links.keys()].sort((a, b) => a - b),
      };
    });
  } catch (raw) {
    throw new Error(`results: unable to write the classification of article ${articleId}`, { cause: raw });
  }
}

export interface Subject {
  key: SubjectKey;
  friction: number;
}

/** The launch subjects an article's events are made of (none when it reports no launch). */
export function launchSubjects(ex: Extraction, score: ArticleScore): Subject[] {
  if (!ex.launch) return [];
  return score.entities
    .filter((e) => e.isLaunchSubject)
    .map((e) => ({ key: { company: e.company, model: e.model ?? '', version: normalizeVersion(e.version) }, friction: e.friction }));
}

/** Effective weight of a hit for one entity, as the scorer counts it (the strongest matching target). */
export function weightFor(h: FrictionHit, e: EntityScore): number {
  let w = 0;
  for (const t of h.targets) {
    if (t.company !== e.company) continue;
    if (e.model !== null && t.model !== null && t.model !== e.model) continue;
    w = Math.max(w, targetWeight(h.weight, h.negated, h.hedged, t.indirect));
  }
  return w;
}

/** A friction hit's targets as stored in friction_hits.targets (jsonb), with each target's weight. */
export function targetsJson(h: FrictionHit): string {
  return JSON.stringify(h.targets.map((t) => ({ company: t.company, model: t.model, indirect: t.indirect, weight: targetWeight(h.weight, h.negated, h.hedged, t.indirect) })));
}

/** friction_hits.target_companies: the companies a hit is attributed to, distinct, sorted. */
export function targetCompanies(h: FrictionHit): string[] {
  return [...new Set(h.targets.map((t) => t.company))].sort();
}

/** Deletes and re-inserts mentions, friction hits and entity scores (one statement each). */
async function replaceResults(q: Queryable, articleId: number, ex: Extraction, score: ArticleScore, v: ClassifierVersion): Promise<void> {
  await q.query(
    `with m as (delete from mention_groups where article_id = $1), h as (delete from friction_hits where article_id = $1)
     delete from article_scores where article_id = $1`,
    [articleId],
  );
  if (ex.mentions.length > 0) {
    await q.query(insertMentionGroupsSql(1, 10, 11), [...mentionGroupParams([{ articleId, groups: groupMentions(ex.mentions) }]), v.classifier, v.lexicon]);
  }
  const hs = ex.hits;
  if (hs.length > 0) {
    await q.query(
      `insert into friction_hits (article_id, term, category, weight, effective_weight, negated, hedged, surface, char_start, char_end,
                                  sentence, sentence_text, targets, target_companies, classifier_version, lexicon_version)
       select $1, u.term, u.category, u.weight, u.ew, u.negated, u.hedged, u.surface, u.cs, u.ce, u.sentence, u.stext, u.targets::jsonb,
              u.companies::text[], $14, $15
       from unnest($2::text[], $3::text[], $4::real[], $5::real[], $6::boolean[], $7::boolean[], $8::text[], $9::int[], $10::int[],
                   $11::int[], $12::text[], $13::text[], $16::text[]) as u(term, category, weight, ew, negated, hedged, surface, cs, ce, sentence, stext, targets, companies)
       on conflict (article_id, char_start, term) do nothing`,
      [
        articleId,
        hs.map((h) => h.term),
        hs.map((h) => h.category),
        hs.map((h) => h.weight),
        hs.map((h) => h.effectiveWeight),
        hs.map((h) => h.negated),
        hs.map((h) => h.hedged),
        hs.map((h) => h.surface),
        hs.map((h) => h.start),
        hs.map((h) => h.end),
        hs.map((h) => h.sentence),
        hs.map((h) => ex.sentences[h.sentence]?.text ?? ''),
        hs.map(targetsJson),
        v.classifier,
        v.lexicon,
        hs.map((h) => arrayLiteral(targetCompanies(h))),
      ],
    );
  }
  const es = score.entities;
  if (es.length > 0) {
    const strongest = es.map((e) => (e.strongestHit === null ? null : (hs[e.strongestHit] ?? null)));
    await q.query(
      `insert into article_scores (article_id, company, model, version, friction, categories, hit_count, evidence, evidence_weight,
                                   is_launch_subject, classifier_version, lexicon_version)
       select $1, u.company, u.model, u.version, u.friction, string_to_array(u.cats, ','), u.hits, u.evidence, u.ew, u.subject, $11, $12
       from unnest($2::text[], $3::text[], $4::text[], $5::real[], $6::text[], $7::int[], $8::text[], $9::real[], $10::boolean[])
            as u(company, model, version, friction, cats, hits, evidence, ew, subject)
       on conflict (article_id, company, model) do nothing`,
      [
        articleId,
        es.map((e) => e.company),
        es.map((e) => e.model ?? ''),
        es.map((e) => normalizeVersion(e.version)),
        es.map((e) => e.friction),
        es.map((e) => [...e.categories].sort().join(',')),
        es.map((e) => e.hitCount),
        strongest.map((h) => (h ? (ex.sentences[h.sentence]?.text ?? h.surface) : null)),
        es.map((e, i) => (strongest[i] ? weightFor(strongest[i]!, e) : 0)),
        es.map((e) => e.isLaunchSubject && ex.launch),
        v.classifier,
        v.lexicon,
      ],
    );
  }
}
