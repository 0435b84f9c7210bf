import type { Logger } from 'pino';
import type { Config } from '../config.js';
import type { Db } from './db.js';
import { createPgDb } from './pool.js';
import { UserError, coerceError } from '../errors.js';

/** Opens the configured Postgres (DATABASE_URL) and checks that it answers. */
export async function openDb(config: Readonly<Config>, log: Logger, opts: { max?: number } = {}): Promise<Db> {
  if (!config.databaseUrl) {
    const { openEmbeddedDb } = await import('./embedded.js');
    return openEmbeddedDb(config, log);
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
    await db.query('select 1');
  } catch (raw) {
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
