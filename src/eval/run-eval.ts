// Scores a classifier against labelled items, per language. Pure: the classifier is passed in.
import { addCounts, compareFlags, compareSets, emptyCounts, prf, type Counts, type Prf } from './metrics.js';
import type { EvalItem } from './load.js';

/** What a classifier predicts for one article; field for field the counterpart of the labels. */
export interface Prediction {
  companies: string[];
  models: string[];
  friction: boolean;
  frictionTargets: string[];
  launch: boolean;
}

/** The text a classifier sees: never the labels. */
export interface ClassifyInput {
  title: string;
  body: string;
  language: string;
}

export type ClassifyFn = (doc: ClassifyInput) => Prediction;

export const METRICS = ['companies', 'models', 'friction', 'attribution', 'launch'] as const;
export type MetricName = (typeof METRICS)[number];

/** P/R/F1 of one metric for one language; `items` is how many items it was computed over. */
export interface MetricReport extends Prf {
  items: number;
}

/** One item on which one metric disagreed; sets are sorted, flags are booleans. */
export interface Miss {
  id: string;
  metric: MetricName;
  title: string;
  expected: string[] | boolean;
  got: string[] | boolean;
  /** For set metrics: expected labels not predicted, and predicted labels not expected. */
  missing?: string[];
  extra?: string[];
  notes?: string;
}

export interface LanguageReport {
  language: string;
  items: number;
  metrics: Record<MetricName, MetricReport>;
  misses: Miss[];
}

export interface EvalReport {
  items: number;
  /** Sorted by language code. */
  languages: LanguageReport[];
}

interface Acc {
  items: number;
  counts: Record<MetricName, Counts>;
  misses: Miss[];
}

function newAcc(): Acc {
  const counts = Object.fromEntries(METRICS.map((m) => [m, emptyCounts()])) as Record<MetricName, Counts>;
  return { items: 0, counts, misses: [] };
}

const sorted = (a: readonly string[]) => [...new Set(a)].sort();

/** Compares one item's labels with its prediction and folds the result into `acc`. */
function score(acc: Acc, item: EvalItem, pred: Prediction): void {
  const base = { id: item.id, title: item.title, ...(item.notes ? { notes: item.notes } : {}) };
  const sets: [MetricName, string[], string[]][] = [
    ['companies', item.labels.companies, pred.companies],
    ['models', item.labels.models, pred.models],
    // Pairs (item, company): a target predicted without friction never counts, whatever the classifier returned.
    ['attribution', item.labels.friction_targets, pred.friction ? pred.frictionTargets : []],
  ];
  for (const [metric, want, got] of sets) {
    const cmp = compareSets(want, got);
    addCounts(acc.counts[metric], cmp);
    if (cmp.fp || cmp.fn) {
      acc.misses.push({ ...base, metric, expected: sorted(want), got: sorted(got), missing: cmp.missing, extra: cmp.extra });
    }
  }
  const flags: [MetricName, boolean, boolean][] = [
    ['friction', item.labels.friction, pred.friction],
    ['launch', item.labels.launch, pred.launch],
  ];
  for (const [metric, want, got] of flags) {
    addCounts(acc.counts[metric], compareFlags(want, got));
    if (want !== got) acc.misses.push({ ...base, metric, expected: want, got });
  }
}

/**
 * Runs `classify` on every item and reports P/R/F1 per language and metric, with the misses.
 * Every prediction counts: an entity the labels do not list is a false positive (or a label to fix).
 */
export function runEval(items: readonly EvalItem[], classify: ClassifyFn): EvalReport {
  const byLang = new Map<string, Acc>();
  for (const item of items) {
    const pred = classify({ title: item.title, body: item.body, language: item.language });
    let acc = byLang.get(item.language);
    if (!acc) byLang.set(item.language, (acc = newAcc()));
    acc.items++;
    score(acc, item, pred);
  }
  const languages = [...byLang.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([language, acc]): LanguageReport => {
      const metrics = Object.fromEntries(METRICS.map((m) => [m, { ...prf(acc.counts[m]), items: acc.items }])) as Record<
        MetricName,
        MetricReport
      >;
      return { language, items: acc.items, metrics, misses: acc.misses };
    });
  return { items: items.length, languages };
}
