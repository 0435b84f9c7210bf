import pg from 'pg';
import type { Logger } from 'pino';
import type { Db, Queryable, QueryResult } from './db.js';

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
  log?: Logger;
}

/** node-postgres pool behind the Db seam, with timeouts set on every connection. */
export function createPgDb(opts: PgDbOptions): Db & { pool: pg.Pool } {
  const settings = [
    `-c statement_timeout=${Math.trunc(opts.statementTimeoutMs ?? 60_000)}`,
    `-c lock_timeout=${Math.trunc(opts.lockTimeoutMs ?? 10_000)}`,
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
  const query = async <R,>(text: string, params?: readonly unknown[]): Promise<QueryResult<R>> => {
    const res = await pool.query(text, params as unknown[] | undefined);
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
          const res = await client.query(text, params as unknown[] | undefined);
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
      await pool.end();
    },
  };
}

export function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}
