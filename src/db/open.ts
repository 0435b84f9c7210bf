import type { Logger } from 'pino';
import type { Config } from '../config.js';
import type { Db } from './db.js';
import { createPgDb } from './pool.js';
import { UserError, coerceError } from '../errors.js';

/** Opens the configured Postgres (DATABASE_URL) and checks that it answers. */
export async function openDb(config: Readonly<Config>, log: Logger, opts: { max?: number; psql?: boolean } = {}): Promise<Db> {
  if (!config.databaseUrl) {
    const { openEmbeddedDb } = await import('./embedded.js');
    // Short commands (migrate, explain, feeds) need no psql server; the service does.
    return openEmbeddedDb(config, log, {
      psqlPort: opts.psql ? config.pglite.port : null,
      psqlHost: config.pglite.host,
      psqlHoldTimeoutMs: config.pglite.holdTimeoutMs,
    });
  }
  const db = createPgDb({
    connectionString: config.databaseUrl,
    schema: config.dbSchema ?? undefined,
    max: opts.max ?? config.db.poolMax,
    statementTimeoutMs: config.db.statementTimeoutMs,
    lockTimeoutMs: config.db.lockTimeoutMs,
    log,
  });
  try {
    const res = await db.query<{ schema: string | null }>('select current_schema() as schema');
    if (config.dbSchema && res.rows[0]?.schema !== config.dbSchema) {
      await db.close().catch(() => undefined);
      throw new UserError(`schema ${config.dbSchema} does not exist in the database: create it (create schema ${config.dbSchema}) or unset LAUNCHWATCH_DB_SCHEMA`);
    }
  } catch (raw) {
    if (raw instanceof UserError) throw raw;
    await db.close().catch(() => undefined);
    const err = coerceError(raw);
    throw new UserError(
      `cannot reach Postgres at ${redactUrl(config.databaseUrl)}: ${err.message} — check DATABASE_URL and that the server runs`,
      { cause: err },
    );
  }
  return db;
}

/** A connection URL with its password hidden, for messages and logs. */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return '(unparsable URL)';
  }
}
