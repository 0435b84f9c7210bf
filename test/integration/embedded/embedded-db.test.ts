import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/config.js';
import { openEmbeddedDb, type EmbeddedDb } from '../../../src/db/embedded.js';
import { migrate, pendingMigrations } from '../../../src/db/migrate.js';
import { insertArticles, listStalePending, markEnqueued, getArticle } from '../../../src/db/sql/articles.js';
import { listFeeds, upsertFeeds } from '../../../src/db/sql/feeds.js';
import { UserError } from '../../../src/errors.js';
import { silentLogger } from '../../../src/logger.js';

const run = promisify(execFile);
const open: EmbeddedDb[] = [];
const dirs: string[] = [];

function tempDataDir(): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'lw-embedded-'));
  dirs.push(dir);
  return dir;
}

async function openAt(dir: string, psqlPort: number | null = null): Promise<EmbeddedDb> {
  const db = await openEmbeddedDb(loadConfig({ LAUNCHWATCH_DATA_DIR: dir }), silentLogger, { psqlPort, psqlHoldTimeoutMs: 3000 });
  open.push(db);
  return db;
}

async function psql(db: EmbeddedDb, ...commands: string[]): Promise<string> {
  const args = ['-h', db.psql!.host, '-p', String(db.psql!.port), '-U', 'postgres', '-d', 'postgres', '-XAtq', '-v', 'ON_ERROR_STOP=1'];
  for (const c of commands) args.push('-c', c);
  const { stdout } = await run('psql', args, { timeout: 20_000 });
  return stdout.trim();
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

afterEach(async () => {
  for (const db of open.splice(0)) await db.close();
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe('openEmbeddedDb', { timeout: 120_000 }, () => {
  it('applies the migrations and runs the feed and article SQL like Postgres', async () => {
    const db = await openAt(tempDataDir());
    expect(db.kind).toBe('pglite');
    const { applied } = await migrate(db);
    expect(applied.length).toBeGreaterThan(3);
    expect(await pendingMigrations(db)).toEqual([]);
    const feeds = await upsertFeeds(db, [{ url: 'http://127.0.0.1:1/a.xml', title: 'A' }, { url: 'http://127.0.0.1:1/b.xml', enabled: false }]);
    expect(feeds.map((f) => typeof f.id)).toEqual(['number', 'number']);
    expect(await listFeeds(db, { enabledOnly: true })).toHaveLength(1);
    const published = new Date('2026-05-01T10:00:00Z');
    const ins = await insertArticles(db, feeds[0]!.id, [
      { key: 'k1', url: 'http://x/1', guid: null, title: 'T1', summary: 's', body: 'b', language: 'en', publishedAt: published, contentHash: 'h1' },
      { key: 'k2', url: 'http://x/2', guid: 'g', title: 'T2', summary: '', body: '', language: null, publishedAt: null, contentHash: 'h2' },
    ]);
    expect(ins).toHaveLength(2);
    const again = await insertArticles(db, feeds[0]!.id, [
      { key: 'k1', url: 'http://x/1', guid: null, title: 'T1', summary: 's', body: 'b', language: 'en', publishedAt: published, contentHash: 'h1' },
    ]);
    expect(again).toEqual([]);
    const a = await getArticle(db, ins[0]!.id);
    expect(a?.published_at).toBeInstanceOf(Date);
    expect(a?.published_at?.toISOString()).toBe(published.toISOString());
    expect(await listStalePending(db, 0, 10)).toHaveLength(2);
    await markEnqueued(db, ins.map((r) => r.id));
    expect(await listStalePending(db, 3600, 10)).toHaveLength(0);
  });

  it('returns values typed as the pg adapter does', async () => {
    const db = await openAt(tempDataDir());
    const r = await db.query<Record<string, unknown>>(
      `select 9007199254740991::int8 as big, 2.5::numeric as num, '2026-01-02T03:04:05Z'::timestamptz as ts,
              $1::bigint[] as ids, $2::jsonb as doc, $3::text[] as words, count(*) as n
       from generate_series(1, 3)`,
      [[1, 2], JSON.stringify({ a: [1, 'x'] }), ['a', 'b']],
    );
    const row = r.rows[0]!;
    expect(row).toEqual({ big: 9007199254740991, num: 2.5, ts: new Date('2026-01-02T03:04:05Z'), ids: [1, 2], doc: { a: [1, 'x'] }, words: ['a', 'b'], n: 3 });
    expect(r.rowCount).toBe(1);
    await db.query('create table t (id serial primary key, v text)');
    const ins = await db.query(`insert into t (v) values ($1), ($2)`, ['a', 'b']);
    expect(ins.rowCount).toBe(2);
    const err = await db.query('insert into t (id, v) values ($1, $2)', [1, 'dup']).catch((e: unknown) => e);
    expect((err as { code?: string }).code).toBe('23505');
  });

  it('runs transactions alone: plain queries wait, a throw rolls back', async () => {
    const db = await openAt(tempDataDir());
    await db.query('create table t (id int primary key)');
    let seenDuring = -1;
    const tx = db.tx(async (q) => {
      await q.query('insert into t values ($1)', [1]);
      await sleep(300);
      await q.query('insert into t values ($1)', [2]);
    });
    await sleep(50);
    // Issued while the transaction runs: must wait for COMMIT and then see both rows.
    const counted = db.query<{ n: number }>('select count(*) as n from t').then((r) => (seenDuring = r.rows[0]!.n));
    await Promise.all([tx, counted]);
    expect(seenDuring).toBe(2);

    await expect(
      db.tx(async (q) => {
        await q.query('insert into t values ($1)', [3]);
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    expect((await db.query<{ n: number }>('select count(*) as n from t')).rows[0]!.n).toBe(2);
    await expect(db.tx(() => db.query('select 1'))).rejects.toThrow(/inside db.tx/);
    // Work a transaction starts but does not wait for may query once it has committed.
    let later: Promise<unknown> | undefined;
    await db.tx(async () => {
      later = sleep(50).then(() => db.query('select 1'));
    });
    await expect(later).resolves.toMatchObject({ rowCount: 1 });
  });

  it('keeps its data across reopen and refuses a second opener', async () => {
    const dir = tempDataDir();
    const db = await openAt(dir);
    await db.query('create table kept (v text)');
    await db.query('insert into kept values ($1)', ['x']);
    const err = await openAt(dir).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UserError);
    expect((err as Error).message).toMatch(/another launchwatch \(pid \d+/);
    await db.close();
    open.splice(open.indexOf(db), 1);
    const again = await openAt(dir);
    expect((await again.query<{ v: string }>('select v from kept')).rows).toEqual([{ v: 'x' }]);
  });

  it('serves psql on a socket, in turns with the service', async () => {
    const db = await openAt(tempDataDir(), 0);
    expect(db.psql?.command).toMatch(/^psql -h 127\.0\.0\.1 -p \d+ -U postgres/);
    await db.query('create table t (id int primary key)');
    expect(await psql(db, 'select 40 + 2')).toBe('42');

    // A psql transaction: the service's query must neither run inside it nor see its rows early.
    const client = psql(db, 'begin', 'insert into t values (1)', 'select pg_sleep(0.4)', 'insert into t values (2)', 'commit');
    await sleep(150);
    const during = await db.query<{ n: number }>('select count(*) as n from t');
    await client;
    expect(during.rows[0]!.n === 0 || during.rows[0]!.n === 2).toBe(true);
    expect((await db.query<{ n: number }>('select count(*) as n from t')).rows[0]!.n).toBe(2);

    // And the other way round: psql waits for the service's transaction.
    const tx = db.tx(async (q) => {
      await q.query('insert into t values ($1)', [3]);
      await sleep(300);
      await q.query('insert into t values ($1)', [4]);
    });
    await sleep(50);
    expect(await psql(db, 'select count(*) from t')).toBe('4');
    await tx;
  });

  it('takes the session back from a psql client idle in a transaction', async () => {
    const db = await openAt(tempDataDir(), 0);
    await db.query('create table t (id int primary key)');
    // psql runs BEGIN and the insert, then sleeps in the shell without sending anything.
    const { spawn } = await import('node:child_process');
    const child = spawn('psql', ['-h', '127.0.0.1', '-p', String(db.psql!.port), '-U', 'postgres', '-XAtq'], { stdio: ['pipe', 'ignore', 'ignore'] });
    child.stdin.write('begin;\ninsert into t values (1);\n');
    await sleep(500);
    const t0 = Date.now();
    const res = await db.query<{ n: number }>('select count(*) as n from t');
    const waited = Date.now() - t0;
    child.stdin.end('\\q\n');
    await new Promise((r) => child.on('close', r));
    expect(res.rows[0]!.n).toBe(0);
    expect(waited).toBeGreaterThan(1500);
    expect(waited).toBeLessThan(6000);
  });

  it('rolls back the transaction of a psql client that goes away', async () => {
    const db = await openAt(tempDataDir(), 0);
    await db.query('create table t (id int primary key)');
    const { spawn } = await import('node:child_process');
    const child = spawn('psql', ['-h', '127.0.0.1', '-p', String(db.psql!.port), '-U', 'postgres', '-XAtq'], { stdio: ['pipe', 'ignore', 'ignore'] });
    child.stdin.write('begin;\ninsert into t values (1);\n');
    await sleep(500);
    child.kill('SIGKILL');
    await new Promise((r) => child.on('close', r));
    const t0 = Date.now();
    const res = await db.query<{ n: number }>('select count(*) as n from t');
    expect(res.rows[0]!.n).toBe(0);
    expect(Date.now() - t0).toBeLessThan(1500);
    // The session is clean: a new client and the service both go on.
    expect(await psql(db, 'insert into t values (2)', 'select count(*) from t')).toBe('1');
  });

  it('keeps extended-protocol clients and their transactions apart from the service', async () => {
    const db = await openAt(tempDataDir(), 0);
    await db.query('create table t (who text, n int)');
    const { default: pg } = await import('pg');
    const clients = [0, 1].map(() => new pg.Client({ host: '127.0.0.1', port: db.psql!.port, user: 'postgres', database: 'postgres' }));
    for (const c of clients) await c.connect();
    try {
      // Three sessions at once: the service and two clients, each client in transactions.
      const service = (async () => {
        for (let i = 0; i < 20; i++) await db.query('insert into t values ($1, $2)', ['service', i]);
      })();
      const perClient = clients.map(async (c, k) => {
        for (let i = 0; i < 20; i++) {
          await c.query('begin');
          await c.query('insert into t values ($1, $2)', [`client${k}`, i]);
          const r = await c.query<{ n: string }>('select count(*) as n from t where who = $1', [`client${k}`]);
          expect(Number(r.rows[0]!.n)).toBe(i + 1);
          await c.query('commit');
        }
      });
      await Promise.all([service, ...perClient]);
      const rows = await db.query<{ who: string; n: number }>('select who, count(*) as n from t group by who order by who');
      expect(rows.rows).toEqual([
        { who: 'client0', n: 20 },
        { who: 'client1', n: 20 },
        { who: 'service', n: 20 },
      ]);
    } finally {
      for (const c of clients) await c.end();
    }
  });
});
