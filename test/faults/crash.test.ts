import { Queue, UnrecoverableError, Worker } from 'bullmq';
import { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { freshDb, type TestDb } from '../helpers/db.js';
import { queuePrefix, runCli } from '../helpers/cli.js';
import { startTestServer, type TestServer } from '../helpers/http-server.js';
import { TEST_REDIS_URL } from '../helpers/services.js';
import { feedsYaml, syntheticRss } from './helpers/feed-gen.js';
import { baseEnv, cleanRunFingerprint } from './helpers/baseline.js';
import { fingerprint, queueBacklog, type Fingerprint } from './helpers/invariant.js';
import { killAll, startCli, until, writeFeedsFile } from './helpers/service-proc.js';
import { startOwnRedis, type OwnRedis } from './helpers/redis-server.js';
import { lockTable, lockWaiters } from './helpers/table-lock.js';
import { classifyJobId, QUEUE_NAMES } from '../../src/queue/queues.js';

// Cases 1 and 9: a worker process killed with SIGKILL before its write and after its COMMIT but
// before the ack; then `run --once` must finish what the crash left.
//
// The moment of the kill is made exact from outside the process, without test hooks: the test
// holds an ACCESS EXCLUSIVE lock on the schema's `mentions` table, so every classify transaction
// blocks inside, before its first write; and for "after commit, before ack" it also freezes the
// test's own redis-server (SIGSTOP) before releasing the table, so the commits land and the acks hang.

const N = 40;

describe('a worker killed with SIGKILL', () => {
  let server: TestServer;
  let feedsFile: string;
  let expected: Fingerprint;
  let t: TestDb | undefined;
  let q: ReturnType<typeof queuePrefix> | undefined;
  let redis: OwnRedis | undefined;
  let locker: Awaited<ReturnType<typeof lockTable>> | undefined;

  beforeAll(async () => {
    server = await startTestServer();
    server.route('/big.xml', { headers: { 'content-type': 'application/rss+xml' }, body: syntheticRss(N, { tag: 'crash' }) });
    feedsFile = writeFeedsFile(feedsYaml([server.url('/big.xml')]));
    expected = await cleanRunFingerprint(feedsFile);
    expect(Object.keys(expected.articles)).toHaveLength(N);
  });
  afterEach(async () => {
    killAll();
    await locker?.release();
    locker = undefined;
    await redis?.stop();
    redis = undefined;
    await q?.cleanup();
    await t?.drop();
  });
  afterAll(async () => {
    await server?.close();
  });

  it('before its write: nothing is stored for the jobs in flight, and run --once finishes them', async () => {
    t = await freshDb();
    q = queuePrefix();
    const env = { ...baseEnv(t.env, q.prefix), LAUNCHWATCH_CLASSIFY_CONCURRENCY: '4' };
    locker = await lockTable(t.schema);
    const svc = startCli(['run', '--feeds', feedsFile, '--allow-host', '127.0.0.1'], env);
    await until(async () => (await lockWaiters(t!.db, t!.schema)) >= 1, 'classify transactions blocked on the lock', 30_000);
    svc.kill('SIGKILL');
    await svc.exited;
    await locker.release();
    const mid = await fingerprint(t.db);
    expect(mid.statuses).toEqual({ pending: N });
    expect(Object.values(mid.articles).every((a) => a.mentions === 0 && a.hits === 0)).toBe(true);

    const once = await runCli(['run', '--once', '--feeds', feedsFile, '--allow-host', '127.0.0.1'], env, { timeoutMs: 60_000 });
    expect(once.code, once.stderr.slice(-2000)).toBe(0);
    expect(once.stdout).toMatch(/classified:\s+40 this run/);
    expect(await fingerprint(t.db)).toEqual(expected);
    expect(await queueBacklog(TEST_REDIS_URL, q.prefix)).toEqual({});
  });

  it('after its COMMIT but before the ack: the redelivered jobs change nothing', async () => {
    t = await freshDb();
    q = queuePrefix();
    redis = await startOwnRedis();
    const env = { ...baseEnv(t.env, q.prefix, redis.url), LAUNCHWATCH_CLASSIFY_CONCURRENCY: '4' };
    locker = await lockTable(t.schema);
    const svc = startCli(['run', '--feeds', feedsFile, '--allow-host', '127.0.0.1'], env);
    await until(async () => (await lockWaiters(t!.db, t!.schema)) >= 1, 'classify transactions blocked on the lock', 30_000);
    // Freeze Redis, then let the blocked transactions commit: their acks cannot reach Redis.
    redis.signal('SIGSTOP');
    await locker.release();
    await until(async () => ((await fingerprint(t!.db)).statuses.classified ?? 0) >= 1, 'a commit whose ack hangs', 20_000);
    svc.kill('SIGKILL');
    await svc.exited;
    redis.signal('SIGCONT');
    const mid = await fingerprint(t.db);
    const committed = mid.statuses.classified ?? 0;
    // (The poll stores all N articles as one many-article job: they commit as one batch.)
    expect(committed).toBeGreaterThanOrEqual(1);

    const once = await runCli(['run', '--once', '--feeds', feedsFile, '--allow-host', '127.0.0.1'], env, { timeoutMs: 60_000 });
    expect(once.code, once.stderr.slice(-2000)).toBe(0);
    expect(await fingerprint(t.db)).toEqual(expected);
    expect(await queueBacklog(redis.url, q.prefix)).toEqual({});
  });

  it('and its jobs lost from Redis as well: run --once rebuilds the work from Postgres', async () => {
    t = await freshDb();
    q = queuePrefix();
    const env = { ...baseEnv(t.env, q.prefix), LAUNCHWATCH_CLASSIFY_CONCURRENCY: '4' };
    locker = await lockTable(t.schema);
    const svc = startCli(['run', '--feeds', feedsFile, '--allow-host', '127.0.0.1'], env);
    await until(async () => (await lockWaiters(t!.db, t!.schema)) >= 1, 'classify transactions blocked on the lock', 30_000);
    svc.kill('SIGKILL');
    await svc.exited;
    await locker.release();
    await q.cleanup(); // every key of this test's prefix: the queues are gone, the articles wait in Postgres
    const once = await runCli(['run', '--once', '--feeds', feedsFile, '--allow-host', '127.0.0.1'], env, { timeoutMs: 60_000 });
    expect(once.code, once.stderr.slice(-2000)).toBe(0);
    expect(once.stdout).toMatch(/40 left pending by an earlier run/);
    expect(await fingerprint(t.db)).toEqual(expected);
    expect(await queueBacklog(TEST_REDIS_URL, q.prefix)).toEqual({});
  });

  it('twice on the same job: it fails as stalled too often, its articles stay pending and run --once retries them one by one', async () => {
    t = await freshDb();
    q = queuePrefix();
    // The poll makes one job of its N new articles; each worker holds it, so the second crash
    // hits the job of the first.
    const env = { ...baseEnv(t.env, q.prefix), LAUNCHWATCH_CLASSIFY_CONCURRENCY: '4' };
    const allActive = async () => {
      const c = await queueBacklog(TEST_REDIS_URL, q!.prefix);
      return (c['classify:active'] ?? 0) >= 1 && !c['classify:waiting'];
    };
    locker = await lockTable(t.schema);
    const a = startCli(['run', '--feeds', feedsFile, '--allow-host', '127.0.0.1'], env);
    await until(allActive, 'worker A holding the job', 30_000);
    a.kill('SIGKILL');
    await a.exited;
    const b = startCli(['worker'], env);
    await b.waitForLog((l) => l.msg === 'Job stalled; it will run again', 20_000);
    await until(allActive, 'worker B holding the job again', 20_000);
    b.kill('SIGKILL');
    await b.exited;
    await locker.release();
    const once = await runCli(['run', '--once', '--timeout', '40', '--feeds', feedsFile, '--allow-host', '127.0.0.1'], env, { timeoutMs: 60_000 });
    expect(once.code, once.stdout + once.stderr.slice(-2000)).toBe(0);
    // The many-article job is given up on as a poison job, but one poison article must not fail
    // its neighbours: nothing is marked failed, and the articles, left pending, are retried one
    // job each by run --once's reconciler, where they classify.
    expect(once.stderr).toMatch(/stalled more than allowable limit/);
    expect(await fingerprint(t.db)).toEqual(expected);
    expect(await queueBacklog(TEST_REDIS_URL, q.prefix)).toEqual({});
  });

  it('between a job failing for good and Postgres recording it: run --once runs the article again', async () => {
    t = await freshDb();
    q = queuePrefix();
    const env = baseEnv(t.env, q.prefix);
    const first = await runCli(['run', '--once', '--feeds', feedsFile, '--allow-host', '127.0.0.1'], env);
    expect(first.code, first.stderr.slice(-2000)).toBe(0);
    // The state such a crash (or Postgres down past the retry budget) leaves: the article pending,
    // a failed job holding its job id.
    const art = (await t.db.query<{ id: number; article_key: string }>('select id, article_key from articles order by id limit 1')).rows[0]!;
    await t.db.query(`update articles set status = 'pending', enqueued_at = now() - interval '1 hour' where id = $1`, [art.id]);
    const connection = new Redis(TEST_REDIS_URL, { maxRetriesPerRequest: null });
    const queue = new Queue(QUEUE_NAMES.classify, { connection, prefix: q.prefix });
    await (await queue.getJob(classifyJobId(art.article_key)))?.remove();
    await queue.add('classify', { articleId: art.id }, { jobId: classifyJobId(art.article_key), attempts: 1 });
    const worker = new Worker(QUEUE_NAMES.classify, async () => {
      throw new UnrecoverableError('Connection terminated unexpectedly');
    }, { connection, prefix: q.prefix });
    await until(async () => (await queue.getJobCounts('failed')).failed === 1, 'the job to fail', 10_000);
    await worker.close();
    await queue.close();
    connection.disconnect();

    const once = await runCli(['run', '--once', '--timeout', '30', '--feeds', feedsFile, '--allow-host', '127.0.0.1'], env, { timeoutMs: 60_000 });
    expect(once.code, once.stdout + once.stderr.slice(-2000)).toBe(0);
    expect(await fingerprint(t.db)).toEqual(expected);
    expect(await queueBacklog(TEST_REDIS_URL, q.prefix)).toEqual({});
  });
});
