import type { Logger } from 'pino';
import type { Db } from '../src/db/db.js';
import { getArticle, markArticleFailed } from '../src/db/sql/articles.js';
import { writeClassification, type WriteResult } from '../src/db/sql/results.js';
import { readArticlesForExtract, writeClassifications, type BatchItem } from '../src/db/sql/results-batch.js';
import { createBatcher } from '../src/pipeline/batcher.js';
import { coerceError } from '../src/errors.js';
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

export interface ClassifyBatchOptions {
  /** Articles per transaction at most. */
  maxItems: number;
  /** How long a batch waits to fill after its first article, ms. */
  maxWaitMs: number;
  /** Batches (transactions) at once at most; more wait on each other's event locks. */
  maxInFlight?: number;
  /** Called after a batch commits (its events are marked stale: the refresher takes it from there). */
  afterCommit?: () => void;
}

/** What a many-article job reports (metrics, run --once). */
export interface ClassifyManyResult {
  status: 'classified';
  articles: number;
  /** Articles that no longer exist. */
  missing: number;
  /** Articles that failed on the job's last attempt (marked failed). */
  failed: number;
  eventsCreated: number;
  eventsUpdated: number;
}

/**
 * Classifies the articles of a many-article job through `classifyOne` (the batcher: they share
 * its transactions with other jobs' articles). If some fail, the job fails and runs again (the
 * writes are idempotent); on its last attempt the failed articles are marked failed with their
 * reason instead, and the job completes, so nothing waits on them forever.
 */
export async function classifyMany(
  deps: Pick<ClassifyDeps, 'db' | 'log'>,
  ids: readonly number[],
  classifyOne: (id: number) => Promise<ClassifyResult>,
  lastAttempt: boolean,
): Promise<ClassifyManyResult> {
  const outcomes = await Promise.allSettled(ids.map((id) => classifyOne(id)));
  const out: ClassifyManyResult = { status: 'classified', articles: 0, missing: 0, failed: 0, eventsCreated: 0, eventsUpdated: 0 };
  const failed: { id: number; err: Error }[] = [];
  outcomes.forEach((o, i) => {
    if (o.status === 'rejected') {
      failed.push({ id: ids[i]!, err: coerceError(o.reason) });
      return;
    }
    if (o.value.status === 'missing') out.missing++;
    else out.articles++;
    out.eventsCreated += o.value.eventsCreated;
    out.eventsUpdated += o.value.eventsUpdated;
  });
  if (failed.length === 0) return out;
  if (!lastAttempt) {
    throw new Error(`classify: ${failed.length} of ${ids.length} articles failed (first: ${failed[0]!.id}: ${failed[0]!.err.message})`, { cause: failed[0]!.err });
  }
  for (const f of failed) {
    deps.log.warn({ err: f.err, articleId: f.id }, 'Article failed on the last attempt; marked failed');
    await markArticleFailed(deps.db, f.id, f.err.message);
  }
  out.failed = failed.length;
  return out;
}

/** A classify processor that shares one transaction among concurrent jobs (see src/pipeline/batcher.ts). */
export interface ClassifyBatcher {
  /** Resolves once the article's results are committed (so its job is acked only then). */
  classify(articleId: number): Promise<ClassifyResult>;
  drain(): Promise<void>;
  stats(): { batches: number; items: number };
  /** How long (ms) the batcher has had no article to classify; 0 while it has one. */
  idleFor(): number;
}

/**
 * Classifies concurrent jobs' articles in batches: one read of their texts, pure extraction and
 * scoring of each, then the batch write (writeClassifications: three short transactions, a few
 * statements each), whose events the event refresher brings up to date after it. If the write
 * fails, each article is retried alone so one bad article fails only its own job.
 */
export function createClassifyBatcher(deps: ClassifyDeps, opts: ClassifyBatchOptions): ClassifyBatcher {
  const b = createBatcher<number, ClassifyResult>({
    maxItems: opts.maxItems,
    maxWaitMs: opts.maxWaitMs,
    maxInFlight: opts.maxInFlight,
    run: (ids) => classifyBatch(deps, ids, opts.afterCommit),
  });
  return { classify: (id) => b.add(id), drain: () => b.drain(), stats: () => b.stats(), idleFor: () => b.idleFor() };
}

async function classifyBatch(deps: ClassifyDeps, ids: readonly number[], afterCommit?: () => void): Promise<(ClassifyResult | Error)[]> {
  const texts = await readArticlesForExtract(deps.db, ids);
  const items: BatchItem[] = [];
  const failed = new Map<number, Error>();
  let n = 0;
  for (const articleId of new Set(ids)) {
    const a = texts.get(articleId);
    if (!a) continue;
    // Let other batches' transactions go on between articles: this loop is pure CPU, and another
    // batch waiting here for its next statement would hold its locks the whole while.
    if (++n % 8 === 0) await new Promise((r) => setImmediate(r));
    try {
      const ex = extract({ title: a.title, body: articleBody(a), language: a.language }, deps.lex);
      items.push({ articleId, ex, score: scoreArticle(ex), source: a });
    } catch (raw) {
      failed.set(articleId, new Error(`classify: extraction of article ${articleId} failed`, { cause: coerceError(raw) }));
    }
  }
  let written: Map<number, WriteResult | null>;
  try {
    written = await writeClassifications(deps.db, items, deps.version);
    afterCommit?.();
  } catch (raw) {
    deps.log.warn({ err: coerceError(raw), articles: items.length }, 'Batch write failed; writing its articles one by one');
    return Promise.all(ids.map((id) => failed.get(id) ?? classifyArticle(deps, id).catch((e: unknown) => coerceError(e))));
  }
  return ids.map((articleId): ClassifyResult | Error => {
    const err = failed.get(articleId);
    if (err) return err;
    const w = written.get(articleId);
    if (!w) return { articleId, status: 'missing', eventsCreated: 0, eventsUpdated: 0 };
    return { articleId, status: 'classified', eventsCreated: w.eventsCreated, eventsUpdated: w.eventsUpdated };
  });
}
