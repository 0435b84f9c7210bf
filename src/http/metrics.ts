import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import { QUEUE_NAMES } from '../queue/queues.js';

// Every Prometheus metric of launchwatch, in one module (STYLE 20). Workers observe the
// counters at the job boundary (observeJob, countPoll, countArticles); the serve process adds
// gauges read from Postgres and BullMQ at scrape time, so /metrics is meaningful even when the
// workers run in other processes.

const NS = 'launchwatch_';

/** The registry /metrics serves; one per process. */
export const registry = new Registry();

const polls = new Counter({
  name: `${NS}polls_total`,
  help: 'Feed polls by result status (ok, not_modified, error, skipped)',
  labelNames: ['status'] as const,
  registers: [registry],
});

const feedFailures = new Counter({
  name: `${NS}feed_failures_total`,
  help: 'Feed polls that ended in an error (fetch, HTTP status or parse)',
  registers: [registry],
});

const articlesIngested = new Counter({
  name: `${NS}articles_ingested_total`,
  help: 'New articles stored by the pollers',
  registers: [registry],
});

const articlesClassified = new Counter({
  name: `${NS}articles_classified_total`,
  help: 'Articles classified by the classify workers, by status (classified, missing)',
  labelNames: ['status'] as const,
  registers: [registry],
});

const jobs = new Counter({
  name: `${NS}jobs_total`,
  help: 'Finished jobs by queue and outcome (completed, failed)',
  labelNames: ['queue', 'outcome'] as const,
  registers: [registry],
});

const jobDuration = new Histogram({
  name: `${NS}job_duration_seconds`,
  help: 'Time a job spent running, by queue and outcome',
  labelNames: ['queue', 'outcome'] as const,
  // Classify jobs take milliseconds, polls and page fetches up to the fetch timeout (30 s).
  buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60],
  registers: [registry],
});

const queueJobs = new Gauge({
  name: `${NS}queue_jobs`,
  help: 'BullMQ jobs by queue and state, read at scrape time',
  labelNames: ['queue', 'state'] as const,
  registers: [registry],
});

const articlesByStatus = new Gauge({
  name: `${NS}articles`,
  help: 'Stored articles by status (pending, classified, failed), read from Postgres at scrape time',
  labelNames: ['status'] as const,
  registers: [registry],
});

const launchEvents = new Gauge({
  name: `${NS}launch_events`,
  help: 'Stored launch events, read from Postgres at scrape time',
  registers: [registry],
});

const feedsByHealth = new Gauge({
  name: `${NS}feeds`,
  help: 'Feeds by health (ok, failing, never_polled, disabled), read from Postgres at scrape time',
  labelNames: ['status'] as const,
  registers: [registry],
});

const scrapeErrors = new Counter({
  name: `${NS}scrape_errors_total`,
  help: 'Scrape-time collections that failed, by source (postgres, redis)',
  labelNames: ['source'] as const,
  registers: [registry],
});

let defaultsOn = false;

/** Adds the process metrics (CPU, memory, event loop) once; the serve command calls it. */
export function enableDefaultMetrics(): void {
  if (defaultsOn) return;
  defaultsOn = true;
  collectDefaultMetrics({ register: registry, prefix: NS });
}

export type JobOutcome = 'completed' | 'failed';

/** Records one finished job: its count and its duration (ms) by queue and outcome. */
export function observeJob(queue: string, outcome: JobOutcome, ms: number): void {
  jobs.inc({ queue, outcome });
  jobDuration.observe({ queue, outcome }, Math.max(0, ms) / 1000);
}

/** Counts one feed poll by its result status; errors also count as feed failures. */
export function countPoll(status: string): void {
  polls.inc({ status });
  if (status === 'error') feedFailures.inc();
}

/** Counts newly stored articles. */
export function countArticles(n: number): void {
  if (n > 0) articlesIngested.inc(n);
}

/** Counts classify results by status (n articles: a many-article job counts each). */
export function countClassified(status: string, n = 1): void {
  if (n > 0) articlesClassified.inc({ status }, n);
}

/**
 * The workers' onJobDone hook, ready to pass as is: observes the job, and reads the poll and
 * classify results for the per-poll and per-article counters.
 */
export function recordJobDone(queue: string, outcome: JobOutcome, ms: number, result: unknown): void {
  observeJob(queue, outcome, ms);
  if (outcome !== 'completed' || typeof result !== 'object' || result === null) return;
  const r = result as { status?: unknown; newArticles?: unknown; articles?: unknown; missing?: unknown; failed?: unknown };
  if (queue === QUEUE_NAMES.poll && typeof r.status === 'string') {
    countPoll(r.status);
    if (typeof r.newArticles === 'number') countArticles(r.newArticles);
  } else if (queue === QUEUE_NAMES.classify && typeof r.articles === 'number') {
    countClassified('classified', r.articles);
    countClassified('missing', Number(r.missing ?? 0));
    countClassified('failed', Number(r.failed ?? 0));
  } else if (queue === QUEUE_NAMES.classify && typeof r.status === 'string') {
    countClassified(r.status);
  }
}

/** Scrape-time state: what Postgres and BullMQ hold now. */
export interface ScrapeSnapshot {
  articles?: Readonly<Record<string, number>>;
  launchEvents?: number;
  feeds?: Readonly<Record<string, number>>;
  queues?: Readonly<Record<string, Readonly<Record<string, number>>>>;
}

const ARTICLE_STATUSES = ['pending', 'classified', 'failed'];
const FEED_STATUSES = ['ok', 'failing', 'never_polled', 'disabled'];

/** Sets the scrape-time gauges; a source missing from the snapshot (unreachable) is cleared, not left stale. */
export function setScrapeGauges(s: ScrapeSnapshot): void {
  if (s.articles) {
    for (const status of new Set([...ARTICLE_STATUSES, ...Object.keys(s.articles)])) articlesByStatus.set({ status }, s.articles[status] ?? 0);
  } else articlesByStatus.reset();
  if (s.launchEvents !== undefined) launchEvents.set(s.launchEvents);
  else launchEvents.reset();
  if (s.feeds) {
    for (const status of new Set([...FEED_STATUSES, ...Object.keys(s.feeds)])) feedsByHealth.set({ status }, s.feeds[status] ?? 0);
  } else feedsByHealth.reset();
  queueJobs.reset();
  for (const [queue, counts] of Object.entries(s.queues ?? {})) {
    for (const [state, n] of Object.entries(counts)) queueJobs.set({ queue, state }, n);
  }
}

/** Counts a failed scrape-time collection. */
export function countScrapeError(source: 'postgres' | 'redis'): void {
  scrapeErrors.inc({ source });
}
