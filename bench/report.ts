// The bench's result object (printed as JSON with --json) and its table.

export interface BenchReport {
  mode: 'quick' | 'full';
  runs: number;
  sizes: Record<string, number>;
  classifier: { mb_per_s: number; articles_per_s: number; naive_mb_per_s: number; ratio_vs_naive: number };
  /**
   * articles_per_s: after `warmup_articles` went through the same processes untimed;
   * cold_start_per_s: the warm-up's own rate, fresh processes (0 without a warm-up).
   */
  e2e: { articles_per_s: number; copy_articles_per_s: number; ratio_vs_copy: number; baseline: string; cold_start_per_s: number; warmup_articles: number };
  /** articles_per_s: reclassifying classified articles; first_pass_per_s: the same articles' first classification from storage. */
  reclassify: { articles_per_s: number; first_pass_per_s: number; articles: number };
  /**
   * Reclassify stage. worker_rss_growth: the target's measure, the median RSS of the stage's last
   * fifth against its second; worker_rss_peak_growth: the same with each fifth's highest sample;
   * worker_live_heap_*: the heap a full collection leaves (what the process holds, without the
   * free heap V8 keeps).
   */
  memory: {
    worker_peak_mb_e2e: number;
    worker_peak_mb_reclassify: number;
    worker_rss_growth: number;
    worker_rss_peak_growth: number;
    worker_live_heap_mb: number;
    worker_live_heap_growth: number;
  };
  scaling?: ScalingRow[];
}

export interface ScalingRow {
  dimension: 'feeds' | 'articles' | 'lexicon';
  size: number;
  articles_per_s: number;
}

/** Median of a non-empty list (the mean of the middle two for even lengths). */
export function median(xs: readonly number[]): number {
  if (xs.length === 0) return 0;
  const s = [...xs].sort((x, y) => x - y);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

const f = (n: number, d = 0) => n.toLocaleString('en-US', { minimumFractionDigits: d, maximumFractionDigits: d });

/** Target lines: measured, baseline, ratio, target, met. */
export function formatTable(r: BenchReport): string[] {
  const rows: [string, string, string, string, boolean | null][] = [
    ['classifier MB/s (1 core)', f(r.classifier.mb_per_s, 1), `naive ${f(r.classifier.naive_mb_per_s, 2)}`, '>= 20', r.classifier.mb_per_s >= 20],
    ['classifier vs naive', `${f(r.classifier.ratio_vs_naive, 1)}x`, '', '>= 25x', r.classifier.ratio_vs_naive >= 25],
    ['end-to-end articles/s', f(r.e2e.articles_per_s), `COPY ${f(r.e2e.copy_articles_per_s)}`, '>= 2,000', r.e2e.articles_per_s >= 2000],
    ['end-to-end vs COPY', `${f(r.e2e.ratio_vs_copy * 100, 1)} %`, '', '>= 25 %', r.e2e.ratio_vs_copy >= 0.25],
    ['  cold start (warm-up)', r.e2e.warmup_articles ? f(r.e2e.cold_start_per_s) : '-', `first ${f(r.e2e.warmup_articles)} articles`, '', null],
    ['reclassify articles/s', f(r.reclassify.articles_per_s), `${f(r.reclassify.articles)} articles`, '>= 3,000', r.reclassify.articles_per_s >= 3000],
    ['  first pass (stored)', f(r.reclassify.first_pass_per_s), 'never classified', '', null],
    ['worker RSS growth', `${f(r.memory.worker_rss_growth * 100, 1)} %`, `peak ${f(r.memory.worker_peak_mb_reclassify)} MB`, '< 10 %', r.memory.worker_rss_growth < 0.1],
    ['  RSS peaks growth', `${f(r.memory.worker_rss_peak_growth * 100, 1)} %`, 'highest of each fifth', '', null],
    ['  live heap growth', `${f(r.memory.worker_live_heap_growth * 100, 1)} %`, `after full GC ${f(r.memory.worker_live_heap_mb)} MB`, '', null],
  ];
  const w = [26, 12, 22, 10];
  const out = [
    `launchwatch bench (${r.mode}, median of ${r.runs} run(s); ${Object.entries(r.sizes).map(([k, v]) => `${k}=${v}`).join(' ')})`,
    `${'measure'.padEnd(w[0]!)}${'value'.padStart(w[1]!)}  ${'baseline'.padEnd(w[2]!)}${'target'.padEnd(w[3]!)}met`,
  ];
  for (const [name, v, base, target, ok] of rows) out.push(`${name.padEnd(w[0]!)}${v.padStart(w[1]!)}  ${base.padEnd(w[2]!)}${target.padEnd(w[3]!)}${ok === null ? '' : ok ? 'yes' : 'NO'}`.trimEnd());
  out.push(`worker peak RSS: ${f(r.memory.worker_peak_mb_e2e)} MB end-to-end, ${f(r.memory.worker_peak_mb_reclassify)} MB reclassify`);
  if (r.scaling) {
    out.push('', 'scaling (articles/s):');
    for (const s of r.scaling) out.push(`  ${s.dimension.padEnd(9)} ${f(s.size).padStart(9)}  ${f(s.articles_per_s).padStart(9)}`);
  }
  return out;
}
