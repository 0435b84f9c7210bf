import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { freshDb, type TestDb } from '../helpers/db.js';
import { queuePrefix } from '../helpers/cli.js';
import { startTestServer, type TestServer } from '../helpers/http-server.js';
import { TEST_REDIS_URL } from '../helpers/services.js';
import { feedsYaml, syntheticRss } from './helpers/feed-gen.js';
import { baseEnv, cleanRunFingerprint } from './helpers/baseline.js';
import { fingerprint, queueBacklog, type Fingerprint } from './helpers/invariant.js';
import { killAll, sleep, startCli, until, writeFeedsFile } from './helpers/service-proc.js';
import { lockTable, lockWaiters } from './helpers/table-lock.js';

// Case 2: a worker that stops renewing its job locks for longer than the lock duration (its
// event loop blocked; here the whole process frozen with SIGSTOP, which looks the same from
// Redis) loses its jobs to another worker; when it wakes up it finishes them too. Both
// deliveries write: the results must be as if each article were classified once.

const N = 24;

describe('a worker stalled past its lock duration', () => {
  let server: TestServer;
  let feedsFile: string;
  let expected: Fingerprint;
  let t: TestDb | undefined;
  let q: ReturnType<typeof queuePrefix> | undefined;
  let locker: Awaited<ReturnType<typeof lockTable>> | undefined;

  beforeAll(async () => {
    server = await startTestServer();
    server.route('/stall.xml', { headers: { 'content-type': 'application/rss+xml' }, body: syntheticRss(N, { tag: 'stall' }) });
    feedsFile = writeFeedsFile(feedsYaml([server.url('/stall.xml')]));
    expected = await cleanRunFingerprint(feedsFile);
  });
  afterEach(async () => {
    killAll();
    await locker?.release();
    await q?.cleanup();
    await t?.drop();
  });
  afterAll(async () => {
    await server?.close();
  });

  it('has its jobs redelivered to another worker, and the double delivery changes nothing', async () => {
    t = await freshDb();
    q = queuePrefix();
    const env = { ...baseEnv(t.env, q.prefix), LAUNCHWATCH_CLASSIFY_CONCURRENCY: '4' };
    locker = await lockTable(t.schema);
    const a = startCli(['run', '--feeds', feedsFile, '--allow-host', '127.0.0.1'], env);
    await until(async () => (await lockWaiters(t!.db, t!.schema)) >= 1, 'worker A holding classify jobs', 30_000);
    a.kill('SIGSTOP');
    const b = startCli(['worker'], env);
    // B's stalled-job check hands A's jobs to B once their locks (2 s) run out.
    await b.waitForLog((l) => l.msg === 'Job stalled; it will run again', 20_000);
    await locker.release();
    await sleep(500);
    a.kill('SIGCONT');
    await until(async () => ((await fingerprint(t!.db)).statuses.classified ?? 0) === N, 'every article classified', 40_000);
    await until(async () => Object.keys(await queueBacklog(TEST_REDIS_URL, q!.prefix)).length === 0, 'queues drained', 20_000);
    // Both processes are still up; a clean stop ends them.
    expect(a.child.exitCode).toBeNull();
    expect(b.child.exitCode).toBeNull();
    a.kill('SIGTERM');
    b.kill('SIGTERM');
    const [ea, eb] = await Promise.all([a.exited, b.exited]);
    expect(ea.code, a.stderr().slice(-3000)).toBe(0);
    expect(eb.code, b.stderr().slice(-3000)).toBe(0);
    expect(await fingerprint(t.db)).toEqual(expected);
    // The poll made one job of the N articles. The frozen worker and the redelivery can both be
    // counted as stalls of it, and BullMQ may then fail it as a poison job once both deliveries
    // have written: harmless (its articles are classified, or left pending for the reconciler),
    // so the only final failure allowed is that one.
    const failedLogs = [...a.logs, ...b.logs].filter((l) => l.msg === 'Failed job' && l.final === true);
    const reasons = failedLogs.map((l) => String((l.err as { message?: unknown } | undefined)?.message));
    expect(reasons.filter((m) => !/stalled more than allowable limit/.test(m))).toEqual([]);
    // The slow side sees its locks gone; that is a warning, not an error.
    expect(a.logs.some((l) => l.msg === 'Worker lost a job lock; the job runs again elsewhere')).toBe(true);
    expect(a.logs.filter((l) => l.msg === 'Worker error')).toEqual([]);
  });
});
