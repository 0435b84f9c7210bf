import type { Logger } from 'pino';
import type { Db } from '../src/db/db.js';
import { getArticle } from '../src/db/sql/articles.js';
import { writeClassification } from '../src/db/sql/results.js';
import { extract } from '../src/extract/extract.js';
import { scoreArticle } from '../src/scoring/score.js';
import type { CompiledLexicon } from '../src/extract/compile.js';
import type { ClassifierVersion } from '../src/extract/types.js';

export interface ClassifyDeps {
  db: Db;
  lex: CompiledLexicon;
  version: ClassifierVersion;
  log: Logger;
}

export interface ClassifyResult {
  articleId: number;
  status: 'classified' | 'missing';
  eventsCreated: number;
  eventsUpdated: number;
}

/** The text the extractor reads: the fuller of body and summary. */
export function articleBody(a: { body: string; summary: string }): string {
  return a.body.length >= a.summary.length ? a.body : a.summary;
}

/**
 * Classifies one stored article: pure extraction and scoring, then one transaction that
 * replaces its results. Running it twice on the same article leaves the same rows.
 */
export async function classifyArticle(deps: ClassifyDeps, articleId: number): Promise<ClassifyResult> {
  const article = await getArticle(deps.db, articleId);
  if (!article) return { articleId, status: 'missing', eventsCreated: 0, eventsUpdated: 0 };
  const ex = extract({ title: article.title, body: articleBody(article), language: article.language }, deps.lex);
  const score = scoreArticle(ex);
  const out = await writeClassification(deps.db, articleId, ex, score, deps.version);
  return { articleId, status: 'classified', eventsCreated: out.eventsCreated, eventsUpdated: out.eventsUpdated };
}
