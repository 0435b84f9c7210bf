// Maps the extractor's output onto the evaluation's prediction shape.
import { loadCatalog } from '../catalog/load.js';
import { compileLexicon, type CompiledLexicon } from '../extract/compile.js';
import { extract } from '../extract/extract.js';
import type { Extraction } from '../extract/types.js';
import { scoreArticle } from '../scoring/score.js';
import { frictionVerdict } from '../scoring/verdict.js';
import type { ClassifyFn, Prediction } from './run-eval.js';

/**
 * Reads the prediction off one extraction (companies, model families, friction, targets, launch).
 * Friction and its targets are exactly what `classify --json` reports (frictionVerdict).
 */
export function predictionFromExtraction(ex: Extraction): Prediction {
  const companies = new Set(ex.mentions.map((m) => m.company));
  const models = new Set(ex.mentions.filter((m) => m.kind === 'model').map((m) => m.entity));
  const verdict = frictionVerdict(scoreArticle(ex));
  return {
    companies: [...companies].sort(),
    models: [...models].sort(),
    friction: verdict.detected,
    frictionTargets: [...verdict.targets].sort(),
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
