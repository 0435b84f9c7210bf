// Maps the extractor's output onto the evaluation's prediction shape.
import { loadCatalog } from '../catalog/load.js';
import { compileLexicon, type CompiledLexicon } from '../extract/compile.js';
import { extract } from '../extract/extract.js';
import type { Extraction, FrictionHit } from '../extract/types.js';
import type { ClassifyFn, Prediction } from './run-eval.js';

/** A hit that counts as friction: not negated, with weight left after hedging and attribution. */
function counts(h: FrictionHit): boolean {
  return !h.negated && h.effectiveWeight > 0;
}

/** Reads the prediction off one extraction (companies, model families, friction, targets, launch). */
export function predictionFromExtraction(ex: Extraction): Prediction {
  const companies = new Set(ex.mentions.map((m) => m.company));
  const models = new Set(ex.mentions.filter((m) => m.kind === 'model').map((m) => m.entity));
  // Friction outside an AI context (a phone delay, an e-mail outage) is not launch friction.
  const hits = ex.aiContext ? ex.hits.filter(counts) : [];
  const targets = new Set(hits.flatMap((h) => h.targets.map((t) => t.company)));
  return {
    companies: [...companies].sort(),
    models: [...models].sort(),
    friction: hits.length > 0,
    frictionTargets: [...targets].sort(),
    launch: ex.launch,
  };
}

/** A classify function over a compiled lexicon (compile once, classify many). */
export function classifierFor(lex: CompiledLexicon): ClassifyFn {
  return (doc) => predictionFromExtraction(extract(doc, lex));
}

/** Loads and compiles the catalogue in `configDir` and returns the classify function over it. */
export function loadClassifier(configDir: string): ClassifyFn {
  return classifierFor(compileLexicon(loadCatalog(configDir)));
}
