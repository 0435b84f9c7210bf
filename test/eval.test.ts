// The accuracy gate: the extractor, with the shipped catalogue, scored against the labelled set in
// eval/data. Each (language, metric) is its own test so a failure names exactly what regressed, and
// its message lists the misses to look at.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadEvalDir } from '../src/eval/load.js';
import { loadClassifier } from '../src/eval/predict.js';
import { runEval } from '../src/eval/run-eval.js';
import { formatMisses } from '../src/eval/report-format.js';
import { EVAL_THRESHOLDS, evalCommand } from '../src/commands/eval.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const evalDir = path.join(root, 'eval', 'data');
const configDir = path.join(root, 'config');

const items = loadEvalDir(evalDir);
const report = runEval(items, loadClassifier(configDir));

describe('evaluation set', () => {
  it('has at least 90 English and 50 Chinese items', () => {
    const count = (lang: string) => items.filter((i) => i.language === lang).length;
    expect(count('en')).toBeGreaterThanOrEqual(90);
    expect(count('zh')).toBeGreaterThanOrEqual(50);
  });
});

describe.each(['en', 'zh'])('extractor on eval/data (%s)', (language) => {
  const lang = report.languages.find((l) => l.language === language)!;
  it.each(Object.entries(EVAL_THRESHOLDS) as [keyof typeof EVAL_THRESHOLDS, number][])('%s F1 ≥ %s', (metric, min) => {
    const m = lang.metrics[metric];
    const misses = formatMisses(lang.misses.filter((x) => x.metric === metric)).join('\n');
    expect(m.f1, `${language} ${metric}: P ${m.precision.toFixed(3)} R ${m.recall.toFixed(3)}; misses:\n${misses}`).toBeGreaterThanOrEqual(min);
  });
});

describe('evalCommand', () => {
  it('prints the JSON report and returns the exit code the thresholds imply', async () => {
    const lines: string[] = [];
    const code = await evalCommand(evalDir, { json: true, configDir, out: (l) => lines.push(l) });
    expect(lines).toHaveLength(1);
    const printed = JSON.parse(lines[0]!) as { items: number; passed: boolean; failures: unknown[]; languages: { language: string }[] };
    expect(printed.items).toBe(items.length);
    expect(printed.languages.map((l) => l.language)).toEqual(['en', 'zh']);
    expect(code).toBe(printed.passed ? 0 : 1);
    expect(printed.passed).toBe(printed.failures.length === 0);
  });
  it('prints a table with a row per language and metric', async () => {
    const lines: string[] = [];
    await evalCommand(evalDir, { configDir, out: (l) => lines.push(l) });
    expect(lines.filter((l) => /^(en|zh)\s+(companies|models|friction|attribution|launch)\s/.test(l))).toHaveLength(10);
    expect(lines.at(-1)).toMatch(/^(passed|FAILED):/);
  });
});
