import type { Logger } from 'pino';
import type { Config } from '../config.js';
import type { Db } from '../db/db.js';
import type { Engine } from './context.js';
import type { JobRuntime } from './service.js';
import { UserError } from '../errors.js';

/** In-process jobs for embedded mode (no Redis). */
export async function startEmbeddedJobs(_o: {
  config: Readonly<Config>;
  db: Db;
  engine: Engine;
  log: Logger;
  extraAllowHosts?: readonly string[];
  timers: boolean;
}): Promise<JobRuntime> {
  throw new UserError('embedded mode is not built yet: set REDIS_URL and DATABASE_URL');
}
