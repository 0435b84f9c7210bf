import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { freshDb, type TestDb } from '../helpers/db.js';
import { queuePrefix, runCli } from '../helpers/cli.js';
import { startTestServer, type TestServer } from '../helpers/http-server.js';
import { TEST_REDIS_URL } from '../helpers/services.js';
import { feedsYaml, syntheticRss } from './helpers/feed-gen.js';
import { baseEnv, cleanRunFingerprint } from './helpers/baseline.js';
import { fingerprint, queueBacklog, type Fingerprint } from './helpers/invariant.js';
import { killAll, sleep, startCli, until, writeFeedsFile } from './helpers/service-proc.js';
import { lockTable, lockWaiters } from './helpers/table-lock.js';

// Case 3: SIGTERM with jobs in flight ends the process cleanly within the grace period
// (LAUNCHWATCH_SHUTDOWN_GRACE_MS), also when a job hangs; what was cut off runs again later.

// More articles than one many-article job holds (100), taken one job at a time (concurrency 1),
// so the stop comes with jobs in flight and jobs still waiting.
const N = 250;
const GRACE_MS = 2000;

describe('SIGTERM', () => {
  let server: TestServer;
  let feedsFile: string;
  let expected: Fingerprint;
  let t: TestDb | undefined;
  let q: ReturnType<typeof queuePrefix> | undefined;
  let locker: Awaited<ReturnType<typeof lockTable>> | undefined;

  beforeAll(async () => {
    server = await startTestServer();
    server.route('/term.xml', { headers: { 'content-type': 'application/rss+xml' }, body: syntheticRss(N, { tag: 'term' }) });
    feedsFile = writeFeedsFile(feedsYaml([server.url('/term.xml')]));
    expected = await cleanRunFingerprint(feedsFile);
  });
  afterEach(async () => {
    killAll();
    await locker?.release();
    locker = undefined;
    await q?.cleanup();
    await t?.drop();
  });
  afterAll(async () => {
    await server?.close();
  });

  const classified = async (db: TestDb) => (await fingerprint(db.db)).statuses.classified ?? 0;

  it('with jobs in flight: lets them finish, exits 0 well within the grace period, loses nothing', async () => {
    t = await freshDb();
    q = queuePrefix();
    const env = { ...baseEnv(t.env, q.prefix), LAUNCHWATCH_SHUTDOWN_GRACE_MS: String(GRACE_MS), LAUNCHWATCH_CLASSIFY_CONCURRENCY: '1' };
    const svc = startCli(['run', '--feeds', feedsFile, '--allow-host', '127.0.0.1'], env);
    await until(async () => (await classified(t!)) >= 5, 'classification under way', 30_000, 20);
    const termAt = Date.now();
    svc.kill('SIGTERM');
    const exit = await svc.exited;
    expect(exit.code, svc.stderr().slice(-3000)).toBe(0);
    expect(Date.now() - termAt).toBeLessThan(GRACE_MS + 1500);
    expect(svc.logs.some((l) => l.msg === 'Shutting down')).toBe(true);
    const done = await classified(t);
    expect(done).toBeLessThan(N); // it stopped mid-batch …
    // … and the rest is finished by the next run, with nothing doubled.
    const once = await runCli(['run', '--once', '--feeds', feedsFile, '--allow-host', '127.0.0.1'], env, { timeoutMs: 60_000 });
    expect(once.code, once.stderr.slice(-2000)).toBe(0);
    expect(await fingerprint(t.db)).toEqual(expected);
    expect(await queueBacklog(TEST_REDIS_URL, q.prefix)).toEqual({});
  });

  it('with a job hanging: gives up on it after the grace period and exits 0; the job runs again later', async () => {
    t = await freshDb();
    q = queuePrefix();
    const env = { ...baseEnv(t.env, q.prefix), LAUNCHWATCH_SHUTDOWN_GRACE_MS: String(GRACE_MS), LAUNCHWATCH_CLASSIFY_CONCURRENCY: '2' };
    locker = await lockTable(t.schema);
    const svc = startCli(['run', '--feeds', feedsFile, '--allow-host', '127.0.0.1'], env);
    await until(async () => (await lockWaiters(t!.db, t!.schema)) >= 1, 'a classify job hanging on the lock', 30_000);
    const termAt = Date.now();
    svc.kill('SIGTERM');
    const exit = await svc.exited;
    const took = Date.now() - termAt;
    expect(exit.code, svc.stderr().slice(-3000)).toBe(0);
    expect(took).toBeGreaterThanOrEqual(GRACE_MS - 100);
    expect(took).toBeLessThan(GRACE_MS + 4000);
    expect(svc.logs.some((l) => l.msg === 'Jobs still running after the grace period; closing workers without waiting')).toBe(true);
    // The hung transactions died with their connections: nothing of them is committed.
    await locker.release();
    await sleep(300);
    expect(await classified(t)).toBe(0);
    const once = await runCli(['run', '--once', '--feeds', feedsFile, '--allow-host', '127.0.0.1'], env, { timeoutMs: 60_000 });
    expect(once.code, once.stderr.slice(-2000)).toBe(0);
    expect(await fingerprint(t.db)).toEqual(expected);
    expect(await queueBacklog(TEST_REDIS_URL, q.prefix)).toEqual({});
  });
});
