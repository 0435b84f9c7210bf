// `npm run bench [-- --quick] [--json] [--runs N] [--articles N] [--feeds N] [--reclassify N]
// [--warmup N] [--bytes N] [--workers N] [--pollers N] [--concurrency N] [--scaling]`: classifier, end-to-end and
// reclassification throughput with worker memory, each beside a baseline measured in the same
// run; medians over the runs. See docs/performance.md.
import os from 'node:os';
import { parseArgs } from 'node:util';
import { loadConfig } from '../src/config.js';
import { loadEngine } from '../src/runtime/context.js';
import { benchClassifier } from '../src/extract/bench-classifier.js';
import { coerceError } from '../src/errors.js';
import { catalogSignals, makeArticle } from './corpus.js';
import { loadCatalog } from '../src/catalog/load.js';
import { copyCeiling } from './copy-baseline.js';
import { runPipeline, type PipelineResult } from './pipeline.js';
import { runScaling } from './scaling.js';
import { median, formatTable, type BenchReport } from './report.js';

const { values: a } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    json: { type: 'boolean', default: false },
    runs: { type: 'string' },
    articles: { type: 'string' },
    feeds: { type: 'string' },
    reclassify: { type: 'string' },
    warmup: { type: 'string' },
    bytes: { type: 'string' },
    workers: { type: 'string' },
    pollers: { type: 'string' },
    concurrency: { type: 'string' },
    scaling: { type: 'boolean', default: false },
  },
});

const num = (v: string | undefined, d: number) => {
  if (v === undefined) return d;
  const n = Number(v);
  if (!Number.isFinite(n) || n < 0) throw new Error(`bench: expected a non-negative number, got ${v}`);
  return Math.trunc(n);
};

async function main(): Promise<void> {
  const quick = a.quick!;
  const runs = num(a.runs, quick ? 1 : 3);
  const articles = num(a.articles, quick ? 1500 : 20_000);
  const feeds = num(a.feeds, quick ? 30 : 400);
  const reclassify = num(a.reclassify, quick ? 3000 : 100_000);
  // Articles through the pipeline before its clock starts (docs/performance.md, "The bench").
  const warmup = num(a.warmup, Math.min(quick ? 300 : 2000, Math.floor(articles / 5)));
  const bytes = num(a.bytes, 2048);
  // One worker process per core that Postgres does not need: on the 2-core reference machine, 1
  // (2 processes measured slower there: they and Postgres contend for the same two cores).
  const workers = num(a.workers, Math.max(1, os.availableParallelism() - 1));
  // Polling (HTTP, feed parsing, HTML to text) in a process of its own, as `launchwatch run
  // --role poller` beside `launchwatch worker`: in one process the two share one main thread,
  // which saturated while Postgres and the other core idled (docs/performance.md).
  const pollers = num(a.pollers, 1);
  const concurrency = num(a.concurrency, 16);
  const log = (s: string) => (a.json ? process.stderr : process.stdout).write(`${s}\n`);

  const config = loadConfig({ ...process.env, DATABASE_URL: undefined, LAUNCHWATCH_DB_SCHEMA: undefined });
  const engine = loadEngine(config);
  const catalog = loadCatalog(config.configDir);
  const signals = catalogSignals(catalog);
  const cls = [];
  for (let r = 0; r < runs; r++) {
    log(`classifier run ${r + 1}/${runs}`);
    cls.push(benchClassifier({ lex: engine.lex, articles: quick ? 40 : 100, minMs: quick ? 1000 : 1500 }));
  }
  const corpus = Array.from({ length: articles }, (_, i) => makeArticle(signals, i, bytes));
  const pipe: PipelineResult[] = [];
  const copy = [];
  for (let r = 0; r < runs; r++) {
    log(`pipeline run ${r + 1}/${runs}: ${articles} articles in ${feeds} feeds, ${reclassify} to reclassify, ${workers} worker and ${pollers} poller process(es)`);
    pipe.push(
      await runPipeline(
        { signals, articles, feeds, bytes, reclassify, warmup, workers, pollers, classifyConcurrency: concurrency, pollConcurrency: 8, poolMax: 6, timeoutMs: quick ? 90_000 : 900_000 },
        corpus,
      ),
    );
    log(`copy baseline run ${r + 1}/${runs}`);
    copy.push(await copyCeiling(corpus, engine));
  }
  const e2e = median(pipe.map((p) => p.e2e.articlesPerS));
  const ceiling = median(copy.map((c) => c.articlesPerS));
  const report: BenchReport = {
    mode: quick ? 'quick' : 'full',
    runs,
    sizes: { articles, feeds, reclassify, warmup, bytes, workers, pollers, concurrency },
    classifier: {
      mb_per_s: median(cls.map((c) => c.mbPerS)),
      articles_per_s: median(cls.map((c) => c.articlesPerS)),
      naive_mb_per_s: median(cls.map((c) => c.naiveMbPerS)),
      ratio_vs_naive: median(cls.map((c) => c.ratio)),
    },
    e2e: {
      articles_per_s: e2e,
      copy_articles_per_s: ceiling,
      ratio_vs_copy: e2e / ceiling,
      baseline: 'COPY FROM STDIN (pg-copy-streams)',
      cold_start_per_s: median(pipe.map((p) => p.e2e.coldPerS)),
      warmup_articles: warmup,
    },
    reclassify: { articles_per_s: median(pipe.map((p) => p.reclassify.articlesPerS)), first_pass_per_s: median(pipe.map((p) => p.reclassify.firstPassPerS)), articles: reclassify },
    memory: {
      worker_peak_mb_e2e: median(pipe.map((p) => p.memory.e2e.peakMb)),
      worker_peak_mb_reclassify: median(pipe.map((p) => p.memory.reclassify.peakMb)),
      worker_rss_growth: median(pipe.map((p) => p.memory.reclassify.growth)),
      worker_rss_peak_growth: median(pipe.map((p) => p.memory.reclassify.peakGrowth)),
      worker_live_heap_mb: median(pipe.map((p) => p.memory.reclassify.liveMb)),
      worker_live_heap_growth: median(pipe.map((p) => p.memory.reclassify.liveGrowth)),
    },
  };
  if (a.scaling) {
    const base = { bytes, warmup, workers, pollers, classifyConcurrency: concurrency, pollConcurrency: 8, poolMax: 6, timeoutMs: quick ? 90_000 : 900_000 };
    report.scaling = await runScaling(engine, { quick, signals, catalog, base, log });
  }
  if (a.json) process.stdout.write(`${JSON.stringify(report)}\n`);
  else for (const line of formatTable(report)) log(line);
}

main().then(
  () => process.exit(0),
  (raw) => {
    const err = coerceError(raw);
    process.stderr.write(`bench failed: ${err.message}${err.cause ? ` (${coerceError(err.cause).message})` : ''}\n${err.stack ?? ''}\n`);
    process.exit(1);
  },
);
