// How cost grows: end-to-end throughput at three feed counts and three corpus sizes, and
// classifier throughput at three lexicon sizes (the shipped catalogue plus synthetic companies).
// For docs/performance.md (`npm run bench -- --scaling`).
import type { Catalog } from '../src/catalog/schema.js';
import { compileLexicon } from '../src/extract/compile.js';
import { generateCorpus } from '../src/extract/bench-classifier.js';
import { extract } from '../src/extract/extract.js';
import { scoreArticle } from '../src/scoring/score.js';
import type { CompiledLexicon } from '../src/extract/compile.js';
import type { Engine } from '../src/runtime/context.js';
import { makeArticle, type Signals } from './corpus.js';
import { runPipeline, type PipelineOptions } from './pipeline.js';
import type { ScalingRow } from './report.js';

/** The catalogue with `extra` made-up companies of three aliases each (about 3 forms apiece). */
export function inflatedCatalog(catalog: Catalog, extra: number): Catalog {
  const companies = [...catalog.entities.companies];
  for (let i = 0; i < extra; i++) {
    const n = i.toString(36);
    companies.push({ id: `zzco-${n}`, name: `Zorbex ${n}`, aliases: [`Zorbex ${n}`, `Zorbex Labs ${n}`, `佐贝${n}`], ambiguous: [], context: [], ai: true });
  }
  return { ...catalog, version: `${catalog.version}+${extra}`, entities: { ...catalog.entities, companies } };
}

export interface ScalingOptions {
  quick: boolean;
  signals: Signals;
  catalog: Catalog;
  base: Omit<PipelineOptions, 'articles' | 'feeds' | 'reclassify' | 'signals'>;
  log: (s: string) => void;
}

/** Runs each size once (one run per point; the main figures carry the medians). */
export async function runScaling(engine: Engine, o: ScalingOptions): Promise<ScalingRow[]> {
  const rows: ScalingRow[] = [];
  const feeds = o.quick ? [5, 20, 80] : [20, 200, 1000];
  const articles = o.quick ? [400, 800, 1600] : [2500, 5000, 20_000];
  const fixed = o.quick ? 800 : 5000;
  const e2e = async (n: number, f: number) => {
    const corpus = Array.from({ length: n }, (_, i) => makeArticle(o.signals, i, o.base.bytes));
    const r = await runPipeline({ ...o.base, signals: o.signals, articles: n, feeds: f, reclassify: 0, warmup: Math.min(o.base.warmup, Math.floor(n / 5)) }, corpus);
    return r.e2e.articlesPerS;
  };
  for (const f of feeds) {
    o.log(`scaling: ${fixed} articles in ${f} feeds`);
    rows.push({ dimension: 'feeds', size: f, articles_per_s: await e2e(fixed, f) });
  }
  for (const n of articles) {
    o.log(`scaling: ${n} articles in ${Math.max(1, Math.round(n / 50))} feeds`);
    rows.push({ dimension: 'articles', size: n, articles_per_s: await e2e(n, Math.max(1, Math.round(n / 50))) });
  }
  for (const extra of o.quick ? [0, 1000, 4000] : [0, 5000, 20_000]) {
    const lex = extra === 0 ? engine.lex : compileLexicon(inflatedCatalog(o.catalog, extra));
    o.log(`scaling: lexicon of ${lex.table.size} forms`);
    rows.push({ dimension: 'lexicon', size: lex.table.size, articles_per_s: classifyRate(lex, o.quick ? 40 : 100, o.quick ? 500 : 1500) });
  }
  return rows;
}

/** Articles/s of extract + score alone (benchClassifier's naive baseline would take minutes at 60 000 forms). */
function classifyRate(lex: CompiledLexicon, perLanguage: number, minMs: number): number {
  const docs = [...generateCorpus(perLanguage, 4096, 'en'), ...generateCorpus(perLanguage, 4096, 'zh')];
  let sink = 0;
  for (const d of docs) sink += scoreArticle(extract(d, lex)).entities.length;
  let n = 0;
  const t0 = performance.now();
  while (performance.now() - t0 < minMs) {
    for (const d of docs) sink += scoreArticle(extract(d, lex)).entities.length;
    n += docs.length;
  }
  if (sink < 0) throw new Error('unreachable');
  return n / ((performance.now() - t0) / 1000);
}
