import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRedis } from '../../../src/queue/connection.js';
import { createQueues, type Queues } from '../../../src/queue/queues.js';
import { countArticles, countPoll, observeJob, recordJobDone } from '../../../src/http/metrics.js';
import { TEST_REDIS_URL } from '../../helpers/services.js';
import { parsePrometheusText, sampleValue, type Exposition } from './prom-text.js';
import { startServe, type ServeContext } from './serve-context.js';
import { seedWorld } from './seed.js';

let s: ServeContext;
let queues: Queues;
let redis: ReturnType<typeof createRedis>;

beforeAll(async () => {
  s = await startServe({});
  redis = createRedis(TEST_REDIS_URL, 'producer');
  queues = createQueues(redis, s.prefix);
});
afterAll(async () => {
  await queues?.close();
  redis?.disconnect();
  await s?.stop();
});

async function scrape(): Promise<Exposition> {
  const res = await s.get('/metrics');
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
  return parsePrometheusText(await res.text());
}

const v = (e: Exposition, name: string, labels: Record<string, string> = {}) => sampleValue(e, name, labels) ?? 0;

describe('GET /metrics', () => {
  it('is valid Prometheus text with launchwatch_ metrics, each typed and documented', async () => {
    const e = await scrape();
    const ours = [...e.types.keys()].filter((n) => n.startsWith('launchwatch_'));
    for (const name of [
      'launchwatch_polls_total',
      'launchwatch_articles_ingested_total',
      'launchwatch_jobs_total',
      'launchwatch_job_duration_seconds',
      'launchwatch_queue_jobs',
      'launchwatch_articles',
      'launchwatch_launch_events',
      'launchwatch_feeds',
      'launchwatch_feed_failures_total',
      'launchwatch_process_cpu_seconds_total',
    ]) {
      expect(ours).toContain(name);
      expect(e.help.get(name)).toBeTruthy();
    }
    expect(e.types.get('launchwatch_job_duration_seconds')).toBe('histogram');
    expect(e.types.get('launchwatch_queue_jobs')).toBe('gauge');
    for (const sample of e.samples) expect(sample.name).toMatch(/^launchwatch_/);
  });

  it('moves the job, poll and article counters when workers report', async () => {
    const before = await scrape();
    recordJobDone('poll-feed', 'completed', 1500, { feedId: 1, status: 'ok', newArticles: 3 });
    recordJobDone('poll-feed', 'completed', 800, { feedId: 2, status: 'error', newArticles: 0 });
    recordJobDone('classify', 'completed', 12, { articleId: 1, status: 'classified' });
    observeJob('classify', 'failed', 40);
    countPoll('not_modified');
    countArticles(2);
    const after = await scrape();
    const d = (name: string, labels: Record<string, string> = {}) => v(after, name, labels) - v(before, name, labels);
    expect(d('launchwatch_jobs_total', { queue: 'poll-feed', outcome: 'completed' })).toBe(2);
    expect(d('launchwatch_jobs_total', { queue: 'classify', outcome: 'completed' })).toBe(1);
    expect(d('launchwatch_jobs_total', { queue: 'classify', outcome: 'failed' })).toBe(1);
    expect(d('launchwatch_polls_total', { status: 'ok' })).toBe(1);
    expect(d('launchwatch_polls_total', { status: 'error' })).toBe(1);
    expect(d('launchwatch_polls_total', { status: 'not_modified' })).toBe(1);
    expect(d('launchwatch_feed_failures_total')).toBe(1);
    expect(d('launchwatch_articles_ingested_total')).toBe(5);
    expect(d('launchwatch_articles_classified_total', { status: 'classified' })).toBe(1);
    expect(d('launchwatch_job_duration_seconds_count', { queue: 'poll-feed', outcome: 'completed' })).toBe(2);
    expect(d('launchwatch_job_duration_seconds_sum', { queue: 'poll-feed', outcome: 'completed' })).toBeCloseTo(2.3, 6);
    // 1.5 s lands in the 2.5 s bucket, not in the 1 s one.
    expect(d('launchwatch_job_duration_seconds_bucket', { queue: 'poll-feed', outcome: 'completed', le: '1' })).toBe(1);
    expect(d('launchwatch_job_duration_seconds_bucket', { queue: 'poll-feed', outcome: 'completed', le: '2.5' })).toBe(2);
  });

  it('reads articles, events and feed health from Postgres at scrape time', async () => {
    const empty = await scrape();
    expect(v(empty, 'launchwatch_launch_events')).toBe(0);
    expect(v(empty, 'launchwatch_articles', { status: 'classified' })).toBe(0);
    await seedWorld(s.tdb.db);
    await s.tdb.db.query(`insert into articles (article_key, url, status) values ('p1', 'https://x.example/1', 'pending'), ('f1', 'https://x.example/2', 'failed')`);
    const e = await scrape();
    expect(v(e, 'launchwatch_launch_events')).toBe(5);
    expect(v(e, 'launchwatch_articles', { status: 'classified' })).toBe(4);
    expect(v(e, 'launchwatch_articles', { status: 'pending' })).toBe(1);
    expect(v(e, 'launchwatch_articles', { status: 'failed' })).toBe(1);
    expect(v(e, 'launchwatch_feeds', { status: 'failing' })).toBe(1);
    expect(v(e, 'launchwatch_feeds', { status: 'ok' })).toBe(1);
    expect(v(e, 'launchwatch_feeds', { status: 'never_polled' })).toBe(1);
  });

  it('reports queue depth from BullMQ at scrape time', async () => {
    await queues.classify.add('classify', { articleId: 1 }, { jobId: 'depth-1' });
    await queues.classify.add('classify', { articleId: 2 }, { jobId: 'depth-2', delay: 60_000 });
    const e = await scrape();
    expect(v(e, 'launchwatch_queue_jobs', { queue: 'classify', state: 'waiting' })).toBe(1);
    expect(v(e, 'launchwatch_queue_jobs', { queue: 'classify', state: 'delayed' })).toBe(1);
    expect(sampleValue(e, 'launchwatch_queue_jobs', { queue: 'poll-feed', state: 'waiting' })).toBe(0);
  });
});
