import { describe, expect, it } from 'vitest';
import { parseEvalJsonl } from '../../../src/eval/load.js';
import { runEval, type Prediction } from '../../../src/eval/run-eval.js';
import { formatReportTable, thresholdFailures } from '../../../src/eval/report-format.js';

// Three labelled items and canned predictions keyed by title: the classifier is plain data here.
const items = parseEvalJsonl(
  [
    { id: 'e1', language: 'en', title: 'A', body: '', labels: { companies: ['openai', 'google'], models: ['gpt'], friction: true, friction_targets: ['openai'], launch: true } },
    { id: 'e2', language: 'en', title: 'B', body: '', labels: { companies: [], models: [], friction: false, friction_targets: [], launch: false } },
    { id: 'z1', language: 'zh', title: 'C', body: '', labels: { companies: ['bytedance'], models: ['doubao'], friction: false, friction_targets: [], launch: true } },
  ]
    .map((o) => JSON.stringify(o))
    .join('\n'),
  'inline.jsonl',
);

const predictions: Record<string, Prediction> = {
  // Right companies plus an unlabelled family (o-series) that counts against it; attributes friction to both.
  A: { companies: ['openai', 'google'], models: ['gpt', 'o-series'], friction: true, frictionTargets: ['openai', 'google'], launch: true },
  // A false alarm whose targets must not count: the classifier says no friction.
  B: { companies: ['apple'], models: [], friction: false, frictionTargets: ['apple'], launch: false },
  C: { companies: ['bytedance'], models: ['doubao'], friction: false, frictionTargets: [], launch: false },
};

describe('runEval', () => {
  const report = runEval(items, (doc) => predictions[doc.title]!);
  const en = report.languages.find((l) => l.language === 'en')!;
  const zh = report.languages.find((l) => l.language === 'zh')!;

  it('groups by language, sorted', () => {
    expect(report.items).toBe(3);
    expect(report.languages.map((l) => [l.language, l.items])).toEqual([['en', 2], ['zh', 1]]);
  });
  it('scores companies as (item, company) pairs', () => {
    expect(en.metrics.companies).toMatchObject({ tp: 2, fp: 1, fn: 0, items: 2 });
    expect(en.metrics.companies.precision).toBeCloseTo(2 / 3, 10);
  });
  it('counts every predicted model, labelled vocabulary or not', () => {
    expect(en.metrics.models).toMatchObject({ tp: 1, fp: 1, fn: 0 });
  });
  it('scores attribution only where friction was predicted', () => {
    expect(en.metrics.attribution).toMatchObject({ tp: 1, fp: 1, fn: 0 });
    expect(en.metrics.friction).toMatchObject({ tp: 1, fp: 0, fn: 0, f1: 1 });
  });
  it('scores launch as an item-level flag', () => {
    expect(zh.metrics.launch).toMatchObject({ tp: 0, fp: 0, fn: 1, f1: 0 });
  });
  it('lists each miss with what was expected and what came back', () => {
    expect(en.misses).toEqual([
      { id: 'e1', title: 'A', metric: 'models', expected: ['gpt'], got: ['gpt', 'o-series'], missing: [], extra: ['o-series'] },
      { id: 'e1', title: 'A', metric: 'attribution', expected: ['openai'], got: ['google', 'openai'], missing: [], extra: ['google'] },
      { id: 'e2', title: 'B', metric: 'companies', expected: [], got: ['apple'], missing: [], extra: ['apple'] },
    ]);
    expect(zh.misses).toEqual([{ id: 'z1', title: 'C', metric: 'launch', expected: true, got: false }]);
  });
  it('finds the (language, metric) pairs under their minimum and marks them in the table', () => {
    const thresholds = { companies: 0.95, launch: 0.5 };
    expect(thresholdFailures(report, thresholds).map((f) => `${f.language}/${f.metric}`)).toEqual(['en/companies', 'zh/launch']);
    const table = formatReportTable(report, thresholds);
    expect(table[0]).toMatch(/^lang\s+metric\s+P\s+R\s+F1/);
    expect(table).toHaveLength(1 + 2 * 5);
    expect(table.find((l) => /^en\s+companies/.test(l))).toMatch(/0\.667\s+1\.000\s+0\.800\s+0\.950\s+2\s+1\s+0\s+2\s+FAIL$/);
    expect(table.find((l) => /^en\s+models/.test(l))).toMatch(/\s-\s/);
  });
});
