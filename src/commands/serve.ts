import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import type { Config } from '../config.js';
import type { Db } from '../db/db.js';
import { pendingMigrations } from '../db/migrate.js';
import { createRedis } from '../queue/connection.js';
import { createQueues, type Queues } from '../queue/queues.js';
import { buildServer } from '../http/server.js';
import { enableDefaultMetrics } from '../http/metrics.js';
import { QUEUE_UI_PATH } from '../http/routes/queues.js';
import { UserError, coerceError } from '../errors.js';

export interface ServeDeps {
  config: Readonly<Config>;
  log: Logger;
  db: Db;
  /** BullMQ's Redis; null in embedded mode (no queue UI, no queue depths). */
  redisUrl: string | null;
  queuePrefix: string;
}

export interface ServeHandle {
  /** Base URL the server answers on, e.g. http://127.0.0.1:8080 (the real port when 0 was asked). */
  url: string;
  close(): Promise<void>;
}

/**
 * `launchwatch serve`: health, readiness, metrics, the JSON API, the dashboard and (with Redis)
 * the queue UI, on config.http. It starts even when Postgres is behind on migrations or Redis is
 * down, so /readyz can say why it is not ready.
 */
export async function serveCommand(deps: ServeDeps): Promise<ServeHandle> {
  const { config, log, db } = deps;
  enableDefaultMetrics();
  const pending = await pendingMigrations(db).catch(() => [] as string[]);
  if (pending.length) log.warn({ pending }, 'Database migrations are pending; /readyz answers 503 until `launchwatch migrate` runs');

  let redis: Redis | null = null;
  let queues: Queues | null = null;
  if (deps.redisUrl) {
    redis = createRedis(deps.redisUrl, 'producer', log);
    queues = createQueues(redis, deps.queuePrefix);
    for (const q of [queues.poll, queues.classify, queues.fetchPage]) q.on('error', (err) => log.warn({ err, queue: q.name }, 'Queue error'));
  }
  const closeRedis = async () => {
    await queues?.close().catch(() => undefined);
    redis?.disconnect();
  };

  const { host, port } = config.http;
  const app = await buildServer({ db, log, redis, queues, queueUiReadOnly: !isLoopback(host) });
  try {
    await app.listen({ host, port });
  } catch (raw) {
    await app.close().catch(() => undefined);
    await closeRedis();
    const err = coerceError(raw);
    const hint = (err as NodeJS.ErrnoException).code === 'EADDRINUSE' ? ' (port in use: set LAUNCHWATCH_HTTP_PORT)' : '';
    throw new UserError(`cannot listen on ${host}:${port}: ${err.message}${hint}`, { cause: err });
  }
  const addr = app.server.address();
  const realPort = addr && typeof addr === 'object' ? addr.port : port;
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${realPort}`;
  log.info({ url, queueUi: queues ? `${url}${QUEUE_UI_PATH}` : null, mode: queues ? 'distributed' : 'embedded' }, 'Serving dashboard, API and metrics');

  let closing: Promise<void> | null = null;
  return {
    url,
    close() {
      closing ??= (async () => {
        await app.close();
        await closeRedis();
      })();
      return closing;
    },
  };
}

function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || /^127\./.test(host);
}
