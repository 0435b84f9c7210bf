import path from 'node:path';
import { PGlite, types, type Results, type Transaction } from '@electric-sql/pglite';
import type { Logger } from 'pino';
import type { Config } from '../config.js';
import type { Db, Queryable, QueryResult } from './db.js';
import { UserError, coerceError } from '../errors.js';
import { SessionGate } from '../runtime/embedded-gate.js';
import { lockDataDir, type DataDirLock } from '../runtime/embedded-lock.js';
import { startPsqlServer, type PsqlServer } from '../runtime/embedded-psql.js';
import { txScope } from '../runtime/embedded-tx-scope.js';

/** Port of the psql socket server when nothing else is configured (5432 is left to a real Postgres). */
export const DEFAULT_PSQL_PORT = 5433;

export interface EmbeddedDbOptions {
  /** Port for psql; 0 picks a free one; null starts no socket server. */
  psqlPort?: number | null;
  psqlHost?: string;
  /** A psql client idle inside a transaction this long gives the session back (rolled back). */
  psqlHoldTimeoutMs?: number;
}

export interface EmbeddedDb extends Db {
  readonly kind: 'pglite';
  readonly dataDir: string;
  /** The socket server for psql, when it started. */
  readonly psql: { host: string; port: number; command: string } | null;
}

/**
 * Embedded Postgres (PGlite) persisted in `<dataDir>/pglite`, behind the same Db seam as pg,
 * with a socket server for psql. One process owns the folder (lock file).
 */
export async function openEmbeddedDb(config: Readonly<Config>, log: Logger, opts: EmbeddedDbOptions = {}): Promise<EmbeddedDb> {
  const dataDir = path.join(config.dataDir, 'pglite');
  const lock = lockDataDir(config.dataDir);
  let pg: PGlite | undefined;
  try {
    pg = await PGlite.create({
      dataDir,
      // As pool.ts: int8 and numeric as numbers, since counts and ids here fit in a double.
      parsers: { [types.INT8]: (v: string) => Number(v), [types.NUMERIC]: (v: string) => Number(v) },
    });
  } catch (raw) {
    lock.release();
    const err = coerceError(raw);
    throw new UserError(`cannot open the embedded database in ${dataDir}: ${err.message}`, { cause: err });
  }
  const gate = new SessionGate();
  const psql = await startPsql(pg, gate, log, lock, opts);
  return pgliteDb(pg, gate, { dataDir, psql, lock, log });
}

async function startPsql(pg: PGlite, gate: SessionGate, log: Logger, lock: DataDirLock, opts: EmbeddedDbOptions): Promise<PsqlServer | null> {
  const wanted = opts.psqlPort === undefined ? DEFAULT_PSQL_PORT : opts.psqlPort;
  if (wanted === null) return null;
  const psqlLog = log.child({ module: 'psql-server' });
  const start = (port: number) =>
    startPsqlServer(pg, gate, { host: opts.psqlHost ?? '127.0.0.1', port, holdTimeoutMs: opts.psqlHoldTimeoutMs, log: psqlLog });
  let server: PsqlServer | null = null;
  try {
    server = await start(wanted);
  } catch (raw) {
    const err = coerceError(raw) as NodeJS.ErrnoException;
    // A busy port (another Postgres, another launchwatch data folder) should not stop the
    // service: take any free port and say which in the log.
    if (err.code === 'EADDRINUSE' && wanted !== 0) {
      log.warn({ port: wanted }, 'psql port in use; serving psql on a free port instead (set LAUNCHWATCH_PGLITE_PORT to choose)');
      server = await start(0).catch(() => null);
    }
    if (!server) log.warn({ err, port: wanted }, 'psql socket server not started; the service runs without it');
  }
  if (!server) return null;
  lock.update({ psql: server.psqlCommand });
  log.info({ psql: server.psqlCommand }, 'Embedded Postgres open to psql');
  return server;
}

/** The Db seam over one PGlite instance; every query and transaction takes its turn at the gate. */
function pgliteDb(pg: PGlite, gate: SessionGate, o: { dataDir: string; psql: PsqlServer | null; lock: DataDirLock; log: Logger }): EmbeddedDb {
  let closed = false;
  const self = {};
  const guard = (): void => {
    if (closed) throw new Error('embedded database is closed');
    const scope = txScope.getStore();
    if (scope?.db === self && scope.open) throw new Error('db.query called inside db.tx on the embedded database: use the transaction’s Queryable');
  };
  return {
    kind: 'pglite',
    dataDir: o.dataDir,
    psql: o.psql ? { host: o.psql.host, port: o.psql.port, command: o.psql.psqlCommand } : null,
    async query<R>(text: string, params?: readonly unknown[]): Promise<QueryResult<R>> {
      guard();
      return gate.run(() => runOn(pg, text, params));
    },
    async tx<T>(fn: (q: Queryable) => Promise<T>): Promise<T> {
      guard();
      return gate.run(() =>
        pg.transaction(async (t) => {
          const q: Queryable = { query: (text, params) => runOn(t, text, params) };
          const scope = { db: self, open: true };
          try {
            return await txScope.run(scope, () => fn(q));
          } finally {
            scope.open = false;
          }
        }),
      );
    },
    async close() {
      if (closed) return;
      closed = true;
      await o.psql?.stop().catch((raw) => o.log.warn({ err: coerceError(raw) }, 'Unable to stop the psql server'));
      await gate.idle();
      try {
        await pg.close();
      } finally {
        o.lock.release();
      }
    },
  };
}

/**
 * One statement the way node-postgres runs it: with parameters through the extended protocol,
 * without them through the simple protocol (so a migration file of many statements runs too).
 */
async function runOn<R>(target: PGlite | Transaction, text: string, params?: readonly unknown[]): Promise<QueryResult<R>> {
  if (params && params.length > 0) return toResult<R>(await target.query<R>(text, params as unknown[]));
  const all = await target.exec(text);
  const last = all[all.length - 1];
  return last ? toResult<R>(last as Results<R>) : { rows: [], rowCount: 0 };
}

/** pg's rowCount: rows affected by INSERT/UPDATE/DELETE, rows returned by SELECT. */
function toResult<R>(res: Results<R>): QueryResult<R> {
  return { rows: res.rows, rowCount: Math.max(res.affectedRows ?? 0, res.rows.length) };
}
