import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { freshDb, type TestDb } from '../helpers/db.js';
import { queuePrefix } from '../helpers/cli.js';
import { startTestServer, type TestServer } from '../helpers/http-server.js';
import { QUEUE_NAMES } from '../../src/queue/queues.js';
import { feedsYaml, syntheticRss } from './helpers/feed-gen.js';
import { baseEnv, cleanRunFingerprint } from './helpers/baseline.js';
import { fingerprint, queueBacklog, settledFingerprint, type Fingerprint } from './helpers/invariant.js';
import { killAll, readyz, sleep, startCli, until, writeFeedsFile, type ServiceProc } from './helpers/service-proc.js';
import { startOwnRedis, type OwnRedis } from './helpers/redis-server.js';
import { lockTable, lockWaiters } from './helpers/table-lock.js';

// Case 4: Redis killed and restarted (empty: no persistence), flushed, and at its memory limit,
// while the service has work in flight. Each runs against a redis-server of the test's own:
// the machine's Redis is shared and must not be touched. Postgres is the record of the work,
// so the service must finish everything without a restart, and stay up.

const N = 30;

describe('Redis faults mid-run', () => {
  let server: TestServer;
  let feedsFile: string;
  let expected: Fingerprint;
  let t: TestDb | undefined;
  let q: ReturnType<typeof queuePrefix> | undefined;
  let redis: OwnRedis | undefined;
  let locker: Awaited<ReturnType<typeof lockTable>> | undefined;

  beforeAll(async () => {
    server = await startTestServer();
    server.route('/redis.xml', { headers: { 'content-type': 'application/rss+xml' }, body: syntheticRss(N, { tag: 'redis' }) });
    feedsFile = writeFeedsFile(feedsYaml([server.url('/redis.xml')]));
    expected = await cleanRunFingerprint(feedsFile);
  });
  afterEach(async () => {
    killAll();
    await locker?.release();
    locker = undefined;
    await redis?.stop();
    redis = undefined;
    await t?.drop();
  });
  afterAll(async () => {
    await server?.close();
  });

  /** Starts the service on the own Redis with jobs held in flight by a table lock. */
  async function startHeld(): Promise<{ svc: ServiceProc; env: Record<string, string> }> {
    t = await freshDb();
    q = queuePrefix(); // keys live on the own Redis, which is thrown away: no cleanup needed
    redis = await startOwnRedis();
    const env = {
      ...baseEnv(t.env, q.prefix, redis.url),
      LAUNCHWATCH_CLASSIFY_CONCURRENCY: '4',
      LAUNCHWATCH_RECONCILE_AFTER_S: '1',
      LAUNCHWATCH_RECONCILE_EVERY_S: '1',
      LAUNCHWATCH_HTTP_PORT: '0',
    };
    locker = await lockTable(t.schema);
    const svc = startCli(['run', '--serve', '--feeds', feedsFile, '--allow-host', '127.0.0.1'], env);
    await until(async () => (await lockWaiters(t!.db, t!.schema)) >= 1, 'classify jobs in flight', 30_000);
    return { svc, env };
  }

  /** The invariant: everything classified once, queues drained, schedulers back, the service up and stoppable. */
  async function expectRecovered(svc: ServiceProc): Promise<void> {
    await until(async () => ((await fingerprint(t!.db)).statuses.classified ?? 0) === N, 'every article classified', 45_000, 200);
    await until(async () => Object.keys(await queueBacklog(redis!.url, q!.prefix)).length === 0, 'queues drained', 20_000);
    expect(await settledFingerprint(t!.db)).toEqual(expected);
    const conn = new Redis(redis!.url, { maxRetriesPerRequest: 1 });
    const poll = new Queue(QUEUE_NAMES.poll, { connection: conn, prefix: q!.prefix });
    await until(async () => (await poll.getJobSchedulersCount()) === 1, 'the feed scheduler to be back', 10_000);
    await poll.close();
    conn.disconnect();
    expect(svc.child.exitCode).toBeNull();
    expect(await readyz(svc)).toEqual({ status: 200, reasons: [] });
    svc.kill('SIGTERM');
    const exit = await svc.exited;
    expect(exit.code, svc.stderr().slice(-3000)).toBe(0);
  }

  it('killed and restarted empty: reconnects, re-enqueues from Postgres, recreates the schedulers', async () => {
    const { svc } = await startHeld();
    await redis!.kill();
    await locker!.release(); // the held jobs commit; their acks fail
    await sleep(1500);
    const down = await readyz(svc);
    expect(down.status).toBe(503);
    expect(down.reasons.join('\n')).toMatch(/^redis: /m);
    await redis!.start();
    await expectRecovered(svc);
  });

  it('flushed: the lost jobs are re-enqueued and the schedulers recreated', async () => {
    const { svc } = await startHeld();
    await redis!.admin().flushall();
    await locker!.release();
    await expectRecovered(svc);
    expect(svc.logs.some((l) => l.msg === 'Feed schedulers were missing in Redis; recreated them')).toBe(true);
  });

  it('at its memory limit (noeviction): new work cannot be enqueued, nothing is lost once memory frees up', async () => {
    t = await freshDb();
    q = queuePrefix();
    redis = await startOwnRedis();
    const env = { ...baseEnv(t.env, q.prefix, redis.url), LAUNCHWATCH_RECONCILE_AFTER_S: '1', LAUNCHWATCH_RECONCILE_EVERY_S: '1', LAUNCHWATCH_HTTP_PORT: '0' };
    // The feed answers only when the test says so: the poll is under way when Redis fills up.
    let answer!: () => void;
    const gate = new Promise<void>((r) => (answer = r));
    const body = syntheticRss(N, { tag: 'redis' });
    server.route('/gated.xml', (_req, res) => {
      void gate.then(() => {
        res.writeHead(200, { 'content-type': 'application/rss+xml' });
        res.end(body);
      });
    });
    const gatedFile = writeFeedsFile(feedsYaml([server.url('/gated.xml')]));
    const svc = startCli(['run', '--serve', '--feeds', gatedFile, '--allow-host', '127.0.0.1'], env);
    await until(() => server.hits('/gated.xml').length > 0, 'the poll to start', 30_000);
    const admin = redis.admin();
    await admin.config('SET', 'maxmemory', '1');
    answer();
    // The articles are stored, but their jobs cannot be added: they stay pending, the service stays up.
    await until(async () => ((await fingerprint(t!.db)).statuses.pending ?? 0) === N, 'the articles stored as pending', 20_000);
    await sleep(2000);
    expect((await fingerprint(t.db)).statuses).toEqual({ pending: N });
    expect(svc.child.exitCode).toBeNull();
    await admin.config('SET', 'maxmemory', '0');
    await expectRecovered(svc);
  });
});
