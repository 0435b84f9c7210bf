// The write ceiling: COPY of the same articles and their results (mentions in their groups, friction hits,
// entity scores, as the classify transaction stores them) into the same tables of a fresh
// schema. Extraction happens before the clock starts; only the writes are timed.
import { targetWeight } from '../src/extract/attribution.js';
import { extract } from '../src/extract/extract.js';
import { scoreArticle } from '../src/scoring/score.js';
import type { Engine } from '../src/runtime/context.js';
import { normalizeVersion } from '../src/events/window.js';
import { benchSchema } from './env.js';
import { ARTICLE_COLUMNS, articleRow, copyRows, type Cell } from './copy.js';
import type { BenchArticle } from './corpus.js';

export interface CopyResult {
  articlesPerS: number;
  rows: number;
  seconds: number;
}

/** Times COPY of `articles` plus their classification rows; returns articles per second. */
export async function copyCeiling(articles: readonly BenchArticle[], engine: Engine): Promise<CopyResult> {
  const v = engine.version;
  const results = articles.map((a) => {
    const ex = extract({ title: a.title, body: a.body, language: a.language }, engine.lex);
    return { ex, score: scoreArticle(ex) };
  });
  const b = await benchSchema(2);
  try {
    const t0 = performance.now();
    let rows = await copyRows(b.db.pool, 'articles', ARTICLE_COLUMNS, articles.map((a, i) => articleRow(i + 1, a, 'classified')));
    rows += await copyRows(
      b.db.pool,
      'mention_groups',
      ['article_id', 'kind', 'entity', 'company', 'versions', 'surfaces', 'char_starts', 'char_ends', 'sentences', 'classifier_version', 'lexicon_version'],
      results.flatMap(({ ex }, i) =>
        mentionGroups(ex.mentions).map((g): Cell[] => [
          i + 1, g[0]!.kind, g[0]!.entity, g[0]!.company, g.map((m) => m.version ?? null), g.map((m) => m.surface), g.map((m) => m.start),
          g.map((m) => m.end), g.map((m) => m.sentence), v.classifier, v.lexicon,
        ]),
      ),
    );
    rows += await copyRows(
      b.db.pool,
      'friction_hits',
      ['article_id', 'term', 'category', 'weight', 'effective_weight', 'negated', 'hedged', 'surface', 'char_start', 'char_end', 'sentence', 'sentence_text', 'targets', 'target_companies', 'classifier_version', 'lexicon_version'],
      results.flatMap(({ ex }, i) =>
        ex.hits.map((h): Cell[] => [
          i + 1, h.term, h.category, h.weight, h.effectiveWeight, h.negated, h.hedged, h.surface, h.start, h.end, h.sentence,
          ex.sentences[h.sentence]?.text ?? '',
          JSON.stringify(h.targets.map((t) => ({ company: t.company, model: t.model, indirect: t.indirect, weight: targetWeight(h.weight, h.negated, h.hedged, t.indirect) }))),
          [...new Set(h.targets.map((t) => t.company))].sort(),
          v.classifier, v.lexicon,
        ]),
      ),
    );
    rows += await copyRows(
      b.db.pool,
      'article_scores',
      ['article_id', 'company', 'model', 'version', 'friction', 'categories', 'hit_count', 'evidence', 'evidence_weight', 'is_launch_subject', 'classifier_version', 'lexicon_version'],
      results.flatMap(({ ex, score }, i) =>
        uniqueEntities(score.entities).map((e): Cell[] => [
          i + 1, e.company, e.model ?? '', normalizeVersion(e.version), e.friction, [...e.categories].sort(), e.hitCount,
          e.strongestHit === null ? null : (ex.sentences[ex.hits[e.strongestHit]?.sentence ?? -1]?.text ?? null), 0, e.isLaunchSubject && ex.launch, v.classifier, v.lexicon,
        ]),
      ),
    );
    const seconds = (performance.now() - t0) / 1000;
    return { articlesPerS: articles.length / seconds, rows, seconds };
  } finally {
    await b.drop();
  }
}

/** Mentions grouped by (kind, entity), each group in order of position, one per position (the table's rows). */
function mentionGroups<M extends { kind: string; entity: string; start: number }>(ms: readonly M[]): M[][] {
  const groups = new Map<string, Map<number, M>>();
  for (const m of ms) {
    const k = `${m.kind}\t${m.entity}`;
    const g = groups.get(k) ?? new Map<number, M>();
    if (!g.has(m.start)) g.set(m.start, m);
    groups.set(k, g);
  }
  return [...groups.values()].map((g) => [...g.values()].sort((x, y) => x.start - y.start));
}

/** One score per (company, model), as the table's key (and the writer's ON CONFLICT) allows. */
function uniqueEntities<E extends { company: string; model: string | null }>(es: readonly E[]): E[] {
  const seen = new Set<string>();
  return es.filter((e) => {
    const k = `${e.company}/${e.model ?? ''}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}
