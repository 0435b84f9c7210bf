// `launchwatch eval DIR`: scores the extractor against the labelled set and fails under the minimums.
import path from 'node:path';
import { PACKAGE_ROOT } from '../config.js';
import { loadEvalDir } from '../eval/load.js';
import { loadClassifier } from '../eval/predict.js';
import { runEval } from '../eval/run-eval.js';
import { formatMisses, formatReportTable, thresholdFailures, type Thresholds } from '../eval/report-format.js';

/** Minimum F1 per language that `launchwatch eval` and test/eval.test.ts require. Launch is reported, not gated. */
export const EVAL_THRESHOLDS = {
  companies: 0.95,
  models: 0.92,
  friction: 0.9,
  attribution: 0.85,
} as const satisfies Thresholds;

export interface EvalCommandOptions {
  /** Print the whole report (with every miss) as one JSON object. */
  json?: boolean;
  /** Catalogue directory (entities/friction/cues YAML); defaults to the package's config/. */
  configDir?: string;
  /** Also list every miss under the table (text mode). */
  misses?: boolean;
  /** Where lines go; stdout by default. */
  out?: (line: string) => void;
}

/** Runs the evaluation in `dir`; returns 0 when every F1 meets EVAL_THRESHOLDS, else 1. */
export async function evalCommand(dir: string, opts: EvalCommandOptions = {}): Promise<number> {
  const out = opts.out ?? ((line: string) => void process.stdout.write(`${line}\n`));
  const items = loadEvalDir(dir);
  const classify = loadClassifier(opts.configDir ?? path.join(PACKAGE_ROOT, 'config'));
  const report = runEval(items, classify);
  const failures = thresholdFailures(report, EVAL_THRESHOLDS);
  if (opts.json) {
    out(JSON.stringify({ ...report, thresholds: EVAL_THRESHOLDS, failures, passed: failures.length === 0 }));
    return failures.length ? 1 : 0;
  }
  for (const line of formatReportTable(report, EVAL_THRESHOLDS)) out(line);
  if (opts.misses) {
    for (const lang of report.languages) {
      out('');
      out(`${lang.language}: ${lang.misses.length} misses`);
      for (const line of formatMisses(lang.misses)) out(line);
    }
  }
  out('');
  if (failures.length === 0) {
    out(`passed: ${report.items} items, every F1 at or above its minimum`);
    return 0;
  }
  const list = failures.map((f) => `${f.language} ${f.metric} ${f.f1.toFixed(3)} < ${f.min}`).join('; ');
  out(`FAILED: ${list} (run with --misses or --json to see the items)`);
  return 1;
}
