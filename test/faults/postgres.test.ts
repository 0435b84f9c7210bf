import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { freshDb, type TestDb } from '../helpers/db.js';
import { queuePrefix } from '../helpers/cli.js';
import { startTestServer, type TestServer } from '../helpers/http-server.js';
import { TEST_DATABASE_URL, TEST_REDIS_URL } from '../helpers/services.js';
import { createPgDb } from '../../src/db/pool.js';
import { migrate } from '../../src/db/migrate.js';
import type { Db } from '../../src/db/db.js';
import { feedsYaml, syntheticRss } from './helpers/feed-gen.js';
import { baseEnv, cleanRunFingerprint } from './helpers/baseline.js';
import { fingerprint, queueBacklog, settledFingerprint, type Fingerprint } from './helpers/invariant.js';
import { killAll, readyz, sleep, startCli, until, writeFeedsFile, type ServiceProc } from './helpers/service-proc.js';
import { lockTable, lockWaiters } from './helpers/table-lock.js';
import { clientPortsOf } from './helpers/pg-backends.js';
import { startOwnPostgres, type OwnPostgres } from './helpers/own-postgres.js';

// Case 5: the service's Postgres connections are terminated mid-transaction, and the Postgres
// server restarts mid-run. The shared server is never restarted: the connections terminated are
// only this service's (found through /proc by the child's pid), and the restart happens on a
// throwaway cluster of the test's own. In-flight transactions abort; their jobs are retried and
// nothing is lost, doubled or marked failed; the service stays up.

const N = 30;
const PG_PORT = Number(new URL(TEST_DATABASE_URL).port || 5432);

describe('Postgres faults mid-run', () => {
  let server: TestServer;
  let feedsFile: string;
  let expected: Fingerprint;
  let q: ReturnType<typeof queuePrefix> | undefined;
  const cleanups: (() => Promise<void> | void)[] = [];

  beforeAll(async () => {
    server = await startTestServer();
    server.route('/pg.xml', { headers: { 'content-type': 'application/rss+xml' }, body: syntheticRss(N, { tag: 'pg' }) });
    feedsFile = writeFeedsFile(feedsYaml([server.url('/pg.xml')]));
    expected = await cleanRunFingerprint(feedsFile);
  });
  afterEach(async () => {
    killAll();
    for (const c of cleanups.splice(0).reverse()) await c();
    await q?.cleanup();
  });
  afterAll(async () => {
    await server?.close();
  });

  async function expectRecovered(db: Db, svc: ServiceProc): Promise<void> {
    await until(async () => ((await fingerprint(db)).statuses.classified ?? 0) === N, 'every article classified', 45_000, 200);
    await until(async () => Object.keys(await queueBacklog(TEST_REDIS_URL, q!.prefix)).length === 0, 'queues drained', 20_000);
    expect(await settledFingerprint(db)).toEqual(expected);
    expect(svc.child.exitCode).toBeNull();
    expect(await readyz(svc)).toEqual({ status: 200, reasons: [] });
    svc.kill('SIGTERM');
    const exit = await svc.exited;
    expect(exit.code, svc.stderr().slice(-3000)).toBe(0);
    expect(svc.logs.filter((l) => l.msg === 'Failed job' && l.final === true)).toEqual([]);
  }

  it('worker connections terminated (pg_terminate_backend) inside their transactions', async () => {
    const t: TestDb = await freshDb();
    cleanups.push(() => t.drop());
    q = queuePrefix();
    const env = { ...baseEnv(t.env, q.prefix), LAUNCHWATCH_CLASSIFY_CONCURRENCY: '4', LAUNCHWATCH_HTTP_PORT: '0' };
    const locker = await lockTable(t.schema);
    cleanups.push(() => locker.release());
    const svc = startCli(['run', '--serve', '--feeds', feedsFile, '--allow-host', '127.0.0.1'], env);
    await until(async () => (await lockWaiters(t.db, t.schema)) >= 1, 'classify transactions in flight', 30_000);
    const ports = clientPortsOf(svc.pid, PG_PORT);
    expect(ports.length).toBeGreaterThan(0);
    const killed = await t.db.query<{ ok: boolean }>(
      `select pg_terminate_backend(pid) as ok from pg_stat_activity where client_port = any($1::int[]) and pid <> pg_backend_pid()`,
      [ports],
    );
    expect(killed.rows.filter((r) => r.ok).length).toBe(ports.length);
    await locker.release();
    await expectRecovered(t.db, svc);
    expect(svc.logs.some((l) => /Postgres connection lost/.test(String(l.msg)))).toBe(true);
  });

  it('the Postgres server restarted (immediate stop, down 2 s) while jobs are in flight', async () => {
    let pgc: OwnPostgres;
    try {
      pgc = await startOwnPostgres();
    } catch (raw) {
      // No initdb/pg_ctl or postgres user here: this case cannot run on this machine.
      console.warn(`skipping the Postgres restart case: ${(raw as Error).message}`);
      return;
    }
    cleanups.push(() => pgc.destroy());
    const db = createPgDb({ connectionString: pgc.url, max: 2 });
    db.pool.on('error', () => undefined);
    await migrate(db);
    cleanups.push(() => db.close());
    q = queuePrefix();
    const env = { ...baseEnv({ DATABASE_URL: pgc.url }, q.prefix), LAUNCHWATCH_CLASSIFY_CONCURRENCY: '4', LAUNCHWATCH_HTTP_PORT: '0' };
    const locker = await lockTable('public', 'mention_groups', pgc.url);
    cleanups.push(() => locker.release());
    const svc = startCli(['run', '--serve', '--feeds', feedsFile, '--allow-host', '127.0.0.1'], env);
    await until(async () => (await lockWaiters(db, 'public')) >= 1, 'classify transactions in flight', 30_000);
    pgc.stop();
    await sleep(1000);
    const down = await readyz(svc);
    expect(down.status).toBe(503);
    expect(down.reasons.join('\n')).toMatch(/^postgres: /m);
    await sleep(1000);
    pgc.start();
    await expectRecovered(db, svc);
  });
});
