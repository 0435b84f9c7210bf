// Turns an evaluation report into the lines `launchwatch eval` prints, and finds threshold failures.
import { METRICS, type EvalReport, type MetricName, type Miss } from './run-eval.js';

/** Minimum F1 per metric; a metric without an entry has no minimum. */
export type Thresholds = Partial<Record<MetricName, number>>;

/** One (language, metric) whose F1 is under its minimum. */
export interface ThresholdFailure {
  language: string;
  metric: MetricName;
  f1: number;
  min: number;
}

/** Every (language, metric) of the report whose F1 is below its threshold. */
export function thresholdFailures(report: EvalReport, thresholds: Thresholds): ThresholdFailure[] {
  const out: ThresholdFailure[] = [];
  for (const lang of report.languages) {
    for (const metric of METRICS) {
      const min = thresholds[metric];
      if (min === undefined) continue;
      const { f1 } = lang.metrics[metric];
      if (f1 < min) out.push({ language: lang.language, metric, f1, min });
    }
  }
  return out;
}

const num = (x: number) => x.toFixed(3);

/** The report as an aligned table: one row per language × metric with P, R, F1, counts and the minimum. */
export function formatReportTable(report: EvalReport, thresholds: Thresholds): string[] {
  const head = ['lang', 'metric', 'P', 'R', 'F1', 'min', 'tp', 'fp', 'fn', 'n', ''];
  const rows: string[][] = [head];
  for (const lang of report.languages) {
    for (const metric of METRICS) {
      const m = lang.metrics[metric];
      const min = thresholds[metric];
      const verdict = min === undefined ? '' : m.f1 >= min ? 'ok' : 'FAIL';
      rows.push([lang.language, metric, num(m.precision), num(m.recall), num(m.f1), min === undefined ? '-' : num(min),
        String(m.tp), String(m.fp), String(m.fn), String(m.items), verdict]);
    }
  }
  const widths = head.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  // Text columns left-aligned, numbers right-aligned, so the decimals line up.
  const textCols = new Set([0, 1, head.length - 1]);
  return rows.map((r) =>
    r.map((cell, i) => (textCols.has(i) ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!))).join('  ').trimEnd(),
  );
}

const show = (v: string[] | boolean) => (typeof v === 'boolean' ? String(v) : `[${v.join(', ')}]`);

/** One line per miss: id, metric, expected → got, and the title to find it by. */
export function formatMisses(misses: readonly Miss[]): string[] {
  return misses.map((m) => `  ${m.id}  ${m.metric}: expected ${show(m.expected)}, got ${show(m.got)}  — ${m.title}`);
}
