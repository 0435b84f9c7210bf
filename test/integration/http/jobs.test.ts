import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UnrecoverableError, Worker } from 'bullmq';
import { createRedis } from '../../../src/queue/connection.js';
import { createQueues, QUEUE_NAMES, type Queues } from '../../../src/queue/queues.js';
import { jobsFailedCommand, jobsRetryCommand } from '../../../src/commands/jobs.js';
import { TEST_REDIS_URL } from '../../helpers/services.js';
import { dropPrefix, startServe, type ServeContext } from './serve-context.js';

// The failed-job tools: `jobs failed|retry` and the /queues UI, over a BullMQ prefix of their own.

let s: ServeContext;
let queues: Queues;
let redis: ReturnType<typeof createRedis>;

/** Runs one worker on a queue until `count` jobs have failed permanently. */
async function failJobs(name: string, count: number): Promise<void> {
  const conn = createRedis(TEST_REDIS_URL, 'worker');
  let failed = 0;
  const done = new Promise<void>((resolve) => {
    const w = new Worker(name, async (job) => { throw new UnrecoverableError(`bad article ${job.data.articleId}: no text`); }, { connection: conn, prefix: s.prefix });
    w.on('failed', async () => {
      if (++failed === count) {
        await w.close();
        conn.disconnect();
        resolve();
      }
    });
  });
  await done;
}

beforeAll(async () => {
  s = await startServe({ redis: true });
  redis = createRedis(TEST_REDIS_URL, 'producer');
  queues = createQueues(redis, s.prefix);
  await queues.classify.add('classify', { articleId: 11 }, { jobId: 'c-11' });
  await queues.classify.add('classify', { articleId: 12 }, { jobId: 'c-12' });
  await failJobs(QUEUE_NAMES.classify, 2);
  await queues.fetchPage.add('fetch-page', { articleId: 13 }, { jobId: 'p-13' });
  await failJobs(QUEUE_NAMES.fetchPage, 1);
});
afterAll(async () => {
  await queues?.close();
  redis?.disconnect();
  await s?.stop();
  if (s) await dropPrefix(s.prefix);
});

describe('launchwatch jobs failed|retry', () => {
  it('lists failed jobs with queue, id, attempts, time and reason', async () => {
    const lines: string[] = [];
    expect(await jobsFailedCommand(queues, (l) => lines.push(l))).toBe(3);
    expect(lines[0]).toBe('queue\tid\tattempts\tfailed at\treason');
    const rows = lines.slice(1).map((l) => l.split('\t'));
    expect(rows.map((r) => `${r[0]} ${r[1]}`).sort()).toEqual(['classify c-11', 'classify c-12', 'fetch-page p-13']);
    const c11 = rows.find((r) => r[1] === 'c-11')!;
    expect(c11[2]).toBe('1/5');
    expect(c11[3]).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    expect(c11[4]).toBe('bad article 11: no text');
    const only: string[] = [];
    expect(await jobsFailedCommand(queues, (l) => only.push(l), { queue: 'fetch-page' })).toBe(1);
  });

  it('refuses an unknown queue or a job that is not failed', async () => {
    await expect(jobsRetryCommand(queues, { queue: 'nope' }, () => undefined)).rejects.toThrow(/^no queue "nope"; the queues are poll-feed, classify, fetch-page$/);
    await expect(jobsRetryCommand(queues, { id: 'missing' }, () => undefined)).rejects.toThrow(/^no job "missing" in/);
    await queues.poll.add('poll', { feedId: 1 }, { jobId: 'waiting-1', delay: 60_000 });
    await expect(jobsRetryCommand(queues, { id: 'waiting-1' }, () => undefined)).rejects.toThrow(/is delayed, not failed/);
  });

  it('retries one job by id, then the rest of a queue, with fresh attempts', async () => {
    const out: string[] = [];
    expect(await jobsRetryCommand(queues, { id: 'c-11' }, (l) => out.push(l))).toBe(1);
    expect(out).toEqual(['retried classify job c-11']);
    const job = await queues.classify.getJob('c-11');
    expect(await job!.getState()).toBe('waiting');
    expect(job!.attemptsMade).toBe(0);

    const rest: string[] = [];
    expect(await jobsRetryCommand(queues, { queue: 'classify' }, (l) => rest.push(l))).toBe(1);
    expect(rest).toEqual(['retried 1 failed job in classify']);
    expect(await queues.classify.getFailedCount()).toBe(0);
    expect(await queues.fetchPage.getFailedCount()).toBe(1);
    const none: string[] = [];
    expect(await jobsFailedCommand(queues, (l) => none.push(l), { queue: 'classify' })).toBe(0);
    expect(none).toEqual(['no failed jobs']);
  });
});

describe('/queues UI', () => {
  it('serves bull-board with the three queues, read-write on loopback', async () => {
    const page = await s.get('/queues');
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('launchwatch queues');
    expect(html).not.toMatch(/fonts\.googleapis|https?:\/\/(?!127\.0\.0\.1)[^"]*\.css/);
    const api = await s.json<{ queues: { name: string; readOnlyMode: boolean }[] }>('/queues/api/queues');
    expect(api.status).toBe(200);
    expect(api.body.queues.map((q) => q.name).sort()).toEqual(['classify', 'fetch-page', 'poll-feed']);
    expect(api.body.queues.every((q) => q.readOnlyMode === false)).toBe(true);
  });

  it('is absent in embedded mode', async () => {
    const embedded = await startServe({ redis: false });
    try {
      expect((await embedded.get('/queues')).status).toBe(404);
    } finally {
      await embedded.stop();
    }
  });
});
