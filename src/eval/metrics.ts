// Precision, recall and F1 over sets of (item, label) pairs. Pure: no I/O.

/** Raw confusion counts for one metric. */
export interface Counts {
  tp: number;
  fp: number;
  fn: number;
}

/** Counts plus the derived scores, each in 0..1. */
export interface Prf extends Counts {
  precision: number;
  recall: number;
  f1: number;
}

/** What one item contributed to a set metric, kept so misses can be reported. */
export interface SetComparison extends Counts {
  /** Expected labels the prediction lacked (false negatives). */
  missing: string[];
  /** Predicted labels that were not expected (false positives). */
  extra: string[];
}

/** An all-zero counter to accumulate into. */
export function emptyCounts(): Counts {
  return { tp: 0, fp: 0, fn: 0 };
}

/** Adds `b` into `a` (mutates and returns `a`, so a fold needs no allocation per item). */
export function addCounts(a: Counts, b: Counts): Counts {
  a.tp += b.tp;
  a.fp += b.fp;
  a.fn += b.fn;
  return a;
}

/** Compares one item's expected and predicted label sets (duplicates collapse). */
export function compareSets(expected: Iterable<string>, got: Iterable<string>): SetComparison {
  const want = new Set(expected);
  const have = new Set(got);
  const missing = [...want].filter((l) => !have.has(l)).sort();
  const extra = [...have].filter((l) => !want.has(l)).sort();
  return { tp: want.size - missing.length, fp: extra.length, fn: missing.length, missing, extra };
}

/** One item's contribution to a binary metric whose positive class is `true`. */
export function compareFlags(expected: boolean, got: boolean): Counts {
  return { tp: expected && got ? 1 : 0, fp: !expected && got ? 1 : 0, fn: expected && !got ? 1 : 0 };
}

/**
 * Derives precision, recall and F1. An empty denominator scores 1 (nothing predicted means nothing
 * predicted wrongly; nothing expected means nothing missed), so a language with no positives of a
 * metric and no false alarms passes, while predicting nothing when something was expected gives
 * recall 0 and therefore F1 0.
 */
export function prf(c: Counts): Prf {
  const precision = c.tp + c.fp === 0 ? 1 : c.tp / (c.tp + c.fp);
  const recall = c.tp + c.fn === 0 ? 1 : c.tp / (c.tp + c.fn);
  const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
  return { tp: c.tp, fp: c.fp, fn: c.fn, precision, recall, f1 };
}
