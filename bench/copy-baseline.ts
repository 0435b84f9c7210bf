// The write ceiling: COPY of the same articles and their results (mentions in their groups, friction hits,
// entity scores, as the classify transaction stores them) into the same tables of a fresh
// schema. Extraction happens before the clock starts; only the writes are timed.
import { groupMentions } from '../src/db/sql/mention-groups.js';
import { targetCompanies, targetsJson } from '../src/db/sql/results.js';
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
        groupMentions(ex.mentions).map((g): Cell[] => [i + 1, g.kind, g.entity, g.company, g.versions, g.surfaces, g.starts, g.ends, g.sentences, v.classifier, v.lexicon]),
      ),
    );
    rows += await copyRows(
      b.db.pool,
      'friction_hits',
      ['article_id', 'term', 'category', 'weight', 'effective_weight', 'negated', 'hedged', 'surface', 'char_start', 'char_end', 'sentence', 'sentence_text', 'targets', 'target_companies', 'classifier_version', 'lexicon_version'],
      results.flatMap(({ ex }, i) =>
        ex.hits.map((h): Cell[] => [
          i + 1, h.term, h.category, h.weight, h.effectiveWeight, h.negated, h.hedged, h.surface, h.start, h.end, h.sentence,
          ex.sentences[h.sentence]?.text ?? '', targetsJson(h), targetCompanies(h),
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
