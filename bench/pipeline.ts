// End-to-end and reclassification benchmarks: generated feeds served on 127.0.0.1, polled and
// classified by worker child processes through BullMQ on the real Redis into the real Postgres.
import http from 'node:http';
import type net from 'node:net';
import { Redis } from 'ioredis';
import type { Queue } from 'bullmq';
import { classifyManyJobs, createQueues, unfinishedJobs } from '../src/queue/queues.js';
import { reclassifyJobId } from '../src/commands/reclassify.js';
import { analyzeForReclassify } from '../src/db/sql/reclassify-runs.js';
import type { Queryable } from '../src/db/db.js';
import { upsertFeeds } from '../src/db/sql/feeds.js';
import { countStaleEvents } from '../src/db/sql/events-stale.js';
import { benchPrefix, benchSchema, DATABASE_URL, REDIS_URL } from './env.js';
import { makeArticle, rssFeed, type BenchArticle, type Signals } from './corpus.js';
import { ARTICLE_COLUMNS, articleRow, copyRows, syncArticleIds } from './copy.js';
import { startWorkerProcess, type HeapSample, type RssSample, type WorkerProcess } from './workers.js';
import { median } from './report.js';

export interface PipelineOptions {
  signals: Signals;
  articles: number;
  feeds: number;
  bytes: number;
  reclassify: number;
  /** Classify worker processes (`launchwatch worker`; they also poll when `pollers` is 0). */
  workers: number;
  /** Poller processes (`launchwatch run --role poller`); 0 runs polling inside the workers. */
  pollers: number;
  /**
   * Articles polled and classified first, through the same processes, before the end-to-end
   * clock starts (their rate is the cold start); 0 measures the processes cold.
   */
  warmup: number;
  classifyConcurrency: number;
  pollConcurrency: number;
  poolMax: number;
  timeoutMs: number;
}

export interface StageMemory {
  peakMb: number;
  /**
   * (late − early) / early of the first worker's RSS: the medians of the second and the last fifth
   * of the stage's samples. Each fifth spans several full collections, so the median is the level
   * of RSS's saw-tooth, where the peaks are wherever a collection happened to fall.
   */
  growth: number;
  /** The same with each fifth's highest sample (how the target was read until item 40). */
  peakGrowth: number;
  /** The first worker's heap after its last full collection in the stage (MB; 0 if none). */
  liveMb: number;
  /**
   * (late − early) / early of that heap: medians of the first and the last third of the stage's
   * full collections (0 with fewer than three). A leak shows here; V8's free heap does not.
   */
  liveGrowth: number;
}

export interface PipelineResult {
  /** coldPerS: the warm-up's own rate (fresh processes); 0 without a warm-up. */
  e2e: { articlesPerS: number; seconds: number; articles: number; coldPerS: number };
  /**
   * articlesPerS: the reclassification proper, of articles already classified (results, links and
   * fingerprints replaced); firstPassPerS: the same articles' first classification from storage.
   */
  reclassify: { articlesPerS: number; firstPassPerS: number; seconds: number; articles: number };
  memory: { e2e: StageMemory; reclassify: StageMemory };
}

async function serveFeeds(docs: Map<string, Buffer>): Promise<{ base: string; close(): Promise<void> }> {
  const sockets = new Set<net.Socket>();
  const server = http.createServer((req, res) => {
    const body = docs.get((req.url ?? '/').split('?')[0]!);
    if (!body) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'content-type': 'application/rss+xml; charset=utf-8', 'content-length': body.length });
    res.end(body);
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const base = `http://127.0.0.1:${(server.address() as net.AddressInfo).port}`;
  return {
    base,
    close: async () => {
      for (const s of sockets) s.destroy();
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
}

/**
 * How often the stage's end is checked. Every 200 ms (until item 34) it found the end ~100–250
 * ms late, 2–5 % of a 5 s stage.
 */
const CHECK_MS = 50;

/**
 * Waits until `expected` articles exist, none is pending and no launch event is stale; returns the
 * elapsed seconds. The checks are cheap so that checking often does not load what it measures:
 * whether any article is pending is one probe of the pending partial index (exists, not count(*):
 * a count visits every pending entry, 30 000 at the start of the reclassify stage), and the
 * stored articles, which takes counting the feed index, are counted only when none is pending
 * (counted each check, they took 3–4 % of Postgres' time in the stage).
 */
async function waitClassified(db: Queryable, expected: { fromFeeds: number }, t0: number, timeoutMs: number): Promise<number> {
  let stored = expected.fromFeeds === 0;
  for (;;) {
    const { rows } = await db.query<{ p: boolean }>(`select exists (select 1 from articles where status = 'pending') as p`);
    if (!rows[0]!.p) {
      if (!stored) {
        const { rows: n } = await db.query<{ n: number }>(`select count(*)::int as n from articles where feed_id is not null`);
        stored = n[0]!.n >= expected.fromFeeds;
      }
      // Done when the launch events are up to date too (their refresh trails the last batch;
      // events_stale is small, counting it is cheap).
      if (stored && (await countStaleEvents(db)) === 0) return (performance.now() - t0) / 1000;
    }
    if (performance.now() - t0 > timeoutMs) {
      const left = await db.query<{ n: number }>(`select count(*)::int as n from articles where status = 'pending'`);
      const what = stored ? `${left.rows[0]!.n} articles pending` : `fewer than ${expected.fromFeeds} articles stored`;
      throw new Error(`bench: timed out with ${what}`);
    }
    await new Promise((res) => setTimeout(res, CHECK_MS));
  }
}

/**
 * Waits until the classify queue holds no job (waiting, delayed or running) and no launch event
 * is stale; returns the elapsed seconds. For reclassification, where articles are never pending.
 */
async function waitDrained(queue: Queue, db: Queryable, t0: number, timeoutMs: number): Promise<number> {
  for (;;) {
    const left = await unfinishedJobs(queue);
    if (left === 0 && (await countStaleEvents(db)) === 0) return (performance.now() - t0) / 1000;
    if (performance.now() - t0 > timeoutMs) throw new Error(`bench: timed out with ${left} classify jobs left`);
    await new Promise((res) => setTimeout(res, CHECK_MS));
  }
}

/**
 * Peak RSS and its growth between the second fifth and the last fifth of a stage's samples (the
 * first fifth is warm-up: JIT, pools, buffers filling); the heap after the last full collection
 * and its growth between the first and the last third.
 */
export function stageMemory(samples: readonly RssSample[], heap: readonly HeapSample[] = []): StageMemory {
  const change = (from: number, to: number) => (to - from) / from;
  const third = Math.floor(heap.length / 3);
  const used = (hs: readonly HeapSample[]) => median(hs.map((h) => h.used));
  const live = {
    liveMb: heap.length ? heap[heap.length - 1]!.used / 1e6 : 0,
    liveGrowth: third ? change(used(heap.slice(0, third)), used(heap.slice(-third))) : 0,
  };
  if (samples.length === 0) return { peakMb: 0, growth: 0, peakGrowth: 0, ...live };
  const rss = samples.map((s) => s.rss);
  const fifth = Math.max(1, Math.floor(rss.length / 5));
  // With fewer than ten samples the second fifth may be empty: the first sample stands in.
  const early = rss.length >= 2 * fifth ? rss.slice(fifth, 2 * fifth) : rss.slice(0, 1);
  const late = rss.slice(-fifth);
  return {
    peakMb: Math.max(...rss) / 1e6,
    growth: change(median(early), median(late)),
    peakGrowth: change(Math.max(...early), Math.max(...late)),
    ...live,
  };
}

/** One run of the end-to-end and reclassification stages in a fresh schema and queue prefix. */
export async function runPipeline(o: PipelineOptions, corpus: readonly BenchArticle[]): Promise<PipelineResult> {
  const b = await benchSchema(4);
  const q = benchPrefix();
  const docs = new Map<string, Buffer>();
  const perFeed = Array.from({ length: o.feeds }, () => [] as BenchArticle[]);
  corpus.forEach((a, i) => perFeed[i % o.feeds]!.push(a));
  const site = 'http://news.bench';
  perFeed.forEach((items, f) => docs.set(`/feed/${f}.xml`, Buffer.from(rssFeed(site, f, items))));
  // The warm-up's articles: feeds of the measured stage's size, dates ~5 years after its own
  // (index 500 000 on), so they share no launch-event window or duplicate with it.
  const perFeedSize = Math.max(1, Math.ceil(o.articles / Math.max(1, o.feeds)));
  const warmFeeds: BenchArticle[][] = [];
  for (let i = 0; i < o.warmup; i += perFeedSize) {
    warmFeeds.push(Array.from({ length: Math.min(perFeedSize, o.warmup - i) }, (_, k) => makeArticle(o.signals, 500_000 + i + k, o.bytes, 'w')));
  }
  warmFeeds.forEach((items, f) => docs.set(`/warm/${f}.xml`, Buffer.from(rssFeed(site, 100_000 + f, items))));
  const server = await serveFeeds(docs);
  const redis = new Redis(REDIS_URL, { maxRetriesPerRequest: null });
  const queues = createQueues(redis, q.prefix);
  const workers: WorkerProcess[] = [];
  try {
    const feeds = await upsertFeeds(b.db, perFeed.map((_, f) => ({ url: `${server.base}/feed/${f}.xml`, language: null })));
    const env = {
      DATABASE_URL,
      LAUNCHWATCH_DB_SCHEMA: b.schema,
      REDIS_URL,
      LAUNCHWATCH_QUEUE_PREFIX: q.prefix,
      LAUNCHWATCH_FETCH_PAGES: 'false',
      LAUNCHWATCH_HOST_INTERVAL_MS: '0',
      LAUNCHWATCH_CLASSIFY_CONCURRENCY: String(o.classifyConcurrency),
      LAUNCHWATCH_POLL_CONCURRENCY: String(o.pollConcurrency),
      LAUNCHWATCH_DB_POOL_MAX: String(o.poolMax),
      LAUNCHWATCH_REQUIRE_NOEVICTION: 'false',
      LOG_LEVEL: 'warn',
    };
    // The classify workers first: the memory figures are the first worker's.
    for (let i = 0; i < o.workers; i++) workers.push(await startWorkerProcess({ ...env, BENCH_ROLE: o.pollers > 0 ? 'worker' : 'all' }));
    for (let i = 0; i < o.pollers; i++) workers.push(await startWorkerProcess({ ...env, BENCH_ROLE: 'poller' }));

    const pollNow = (list: readonly { id: number }[]) =>
      queues.poll.addBulk(list.map((f) => ({ name: 'poll-now', data: { feedId: f.id }, opts: { jobId: `bench-${f.id}`, removeOnComplete: true } })));
    // Warm-up: the same path for its own articles, untimed for the measure, so the measured
    // stage finds the processes as a running service has them (V8's optimised code, connection
    // pools, Postgres' plan and catalog caches). Its own rate is reported as the cold start.
    let warmS = 0;
    if (warmFeeds.length > 0) {
      const wf = await upsertFeeds(b.db, warmFeeds.map((_, f) => ({ url: `${server.base}/warm/${f}.xml`, language: null })));
      const w0 = performance.now();
      await pollNow(wf);
      warmS = await waitClassified(b.db, { fromFeeds: o.warmup }, w0, o.timeoutMs);
    }
    const t0 = performance.now();
    const e0 = Date.now();
    await pollNow(feeds);
    const e2eS = await waitClassified(b.db, { fromFeeds: o.warmup + corpus.length }, t0, o.timeoutMs);
    const e2eMem = stageMemory(workers[0]!.since(e0), workers[0]!.heapSince(e0));

    // Reclassification: stored articles seeded with COPY and classified a first time (timed too:
    // the first pass), then enqueued again in the jobs `reclassify` makes, as after a lexicon
    // change: every article's results, links and fingerprint are replaced (the second pass).
    let reS = 0;
    let firstS = 0;
    let reMem: StageMemory = { peakMb: 0, growth: 0, peakGrowth: 0, liveMb: 0, liveGrowth: 0 };
    if (o.reclassify > 0) {
      const top = await b.db.query<{ n: string | null }>(`select max(id)::text as n from articles`);
      const start = Number(top.rows[0]!.n ?? 0) + 1;
      const rows = function* () {
        for (let i = 0; i < o.reclassify; i++) yield articleRow(start + i, makeArticle(o.signals, 1_000_000 + i, o.bytes, 'r'), 'pending');
      };
      await copyRows(b.db.pool, 'articles', ARTICLE_COLUMNS, rows());
      await syncArticleIds(b.db.pool);
      await b.db.query('analyze articles');
      const r0 = Date.now();
      const enqueue = async (run: number) => {
        for (let i = 0; i < o.reclassify; i += 1000) {
          const ids = Array.from({ length: Math.min(1000, o.reclassify - i) }, (_, k) => start + i + k);
          await queues.classify.addBulk(classifyManyJobs(ids, (id) => id, (first) => reclassifyJobId(run, first)));
        }
      };
      const t1 = performance.now();
      await enqueue(1);
      firstS = await waitClassified(b.db, { fromFeeds: 0 }, t1, o.timeoutMs);
      const since = new Date();
      const t2 = performance.now();
      await analyzeForReclassify(b.db); // as `launchwatch reclassify` does before it enqueues
      await enqueue(2);
      reS = await waitDrained(queues.classify, b.db, t2, o.timeoutMs);
      reMem = stageMemory(workers[0]!.since(r0), workers[0]!.heapSince(r0));
      const redone = await b.db.query<{ n: number }>(`select count(*)::int as n from articles where id >= $1 and classified_at >= $2`, [start, since]);
      if (redone.rows[0]!.n !== o.reclassify) throw new Error(`bench: ${redone.rows[0]!.n} of ${o.reclassify} articles were reclassified`);
    }
    return {
      e2e: { articlesPerS: corpus.length / e2eS, seconds: e2eS, articles: corpus.length, coldPerS: warmS ? o.warmup / warmS : 0 },
      reclassify: { articlesPerS: reS ? o.reclassify / reS : 0, firstPassPerS: firstS ? o.reclassify / firstS : 0, seconds: reS, articles: o.reclassify },
      memory: { e2e: e2eMem, reclassify: reMem },
    };
  } finally {
    await Promise.all(workers.map((w) => w.stop()));
    await queues.close().catch(() => undefined);
    redis.disconnect();
    await server.close();
    await q.cleanup();
    await b.drop();
  }
}
