import pg from 'pg';
import type { Logger } from 'pino';
import type { Db, Queryable, QueryResult } from './db.js';
import { wireParam } from './array-literal.js';

// int8 and numeric come back as strings by default; counts and ids here fit in a double.
pg.types.setTypeParser(20, (v) => Number(v));
pg.types.setTypeParser(1700, (v) => Number(v));

export interface PgDbOptions {
  connectionString: string;
  /** Schema to put first on the search_path (tests use one schema each). */
  schema?: string | undefined;
  max?: number;
  statementTimeoutMs?: number;
  lockTimeoutMs?: number;
  connectionTimeoutMs?: number;
  applicationName?: string;
  /** How long close() waits for queries still running before cutting their connections (default 1 s). */
  closeTimeoutMs?: number;
  log?: Logger;
}

/** node-postgres pool behind the Db seam, with timeouts set on every connection. */
export function createPgDb(opts: PgDbOptions): Db & { pool: pg.Pool } {
  const settings = [
    `-c statement_timeout=${Math.trunc(opts.statementTimeoutMs ?? 60_000)}`,
    `-c lock_timeout=${Math.trunc(opts.lockTimeoutMs ?? 10_000)}`,
    // No JIT: every statement here is short (index probes, unnest() of one batch), but unnest's
    // row estimates can lift its cost past jit_above_cost, and compiling takes longer than the
    // statement runs (docs/performance.md). Analysts' own sessions keep the server's setting.
    '-c jit=off',
  ];
  if (opts.schema) settings.push(`-c search_path=${quoteIdent(opts.schema)}`);
  const pool = new pg.Pool({
    connectionString: opts.connectionString,
    max: opts.max ?? 10,
    connectionTimeoutMillis: opts.connectionTimeoutMs ?? 10_000,
    idleTimeoutMillis: 30_000,
    application_name: opts.applicationName ?? 'launchwatch',
    options: settings.join(' '),
  });
  // An idle client losing its server (pg restart, terminated backend) emits here; without a
  // listener the process would crash. The pool drops the client and makes a new one on demand.
  pool.on('error', (err) => opts.log?.warn({ err }, 'Idle Postgres connection lost'));
  // Every live client, so close() can cut those whose query never ends (a job abandoned after
  // the shutdown grace period, stuck on a lock): pool.end() alone waits for them forever.
  const clients = new Set<pg.PoolClient>();
  pool.on('connect', (c) => {
    clients.add(c);
    // A checked-out client whose connection dies between two statements of a transaction (a
    // terminated backend, a server restart) emits 'error' on itself, which the pool's listener does
    // not cover: without this one the process would crash. The query in progress fails and the
    // pool drops the client on release.
    c.on('error', (err) => opts.log?.warn({ err }, 'Postgres connection lost'));
  });
  pool.on('remove', (c) => clients.delete(c));
  const query = async <R,>(text: string, params?: readonly unknown[]): Promise<QueryResult<R>> => {
    const res = await pool.query(text, params?.map(wireParam));
    return { rows: res.rows as R[], rowCount: res.rowCount ?? 0 };
  };
  return {
    kind: 'pg',
    pool,
    query,
    async tx<T>(fn: (q: Queryable) => Promise<T>): Promise<T> {
      const client = await pool.connect();
      const q: Queryable = {
        async query<R>(text: string, params?: readonly unknown[]) {
          const res = await client.query(text, params?.map(wireParam));
          return { rows: res.rows as R[], rowCount: res.rowCount ?? 0 };
        },
      };
      try {
        await client.query('begin');
        const out = await fn(q);
        await client.query('commit');
        client.release();
        return out;
      } catch (err) {
        try {
          await client.query('rollback');
          client.release();
        } catch {
          client.release(true);
        }
        throw err;
      }
    },
    async close() {
      const ended = pool.end();
      let timer: NodeJS.Timeout | undefined;
      const late = await Promise.race([
        ended.then(() => false),
        new Promise<boolean>((r) => (timer = setTimeout(() => r(true), opts.closeTimeoutMs ?? 1000))),
      ]);
      clearTimeout(timer);
      if (!late) return;
      opts.log?.warn({ connections: clients.size }, 'Postgres queries still running at close; cutting their connections');
      // Their transactions roll back on the server when the connection goes.
      for (const c of clients) (c as unknown as { connection?: { stream?: { destroy(): void } } }).connection?.stream?.destroy();
      await Promise.race([ended, new Promise((r) => setTimeout(r, 1000))]);
    },
  };
}

export function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}
