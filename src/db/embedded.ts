import type { Logger } from 'pino';
import type { Config } from '../config.js';
import type { Db } from './db.js';
import { UserError } from '../errors.js';

/** Embedded Postgres (PGlite) for running without servers. */
export async function openEmbeddedDb(_config: Readonly<Config>, _log: Logger): Promise<Db> {
  throw new UserError('embedded mode is not built yet: set DATABASE_URL and REDIS_URL');
}
