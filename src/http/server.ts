import Fastify, { LogController, type FastifyBaseLogger, type FastifyError, type FastifyInstance } from 'fastify';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import type { Db } from '../db/db.js';
import type { Queues } from '../queue/queues.js';
import { registerApiRoutes } from './routes/api.js';
import { registerDashboardRoutes } from './routes/dashboard.js';
import { registerHealthRoutes } from './routes/health.js';
import { registerMetricsRoute } from './routes/metrics.js';
import { registerQueueUi } from './routes/queues.js';

export interface ServerDeps {
  db: Db;
  log: Logger;
  /** Redis and the BullMQ queues, or null in embedded mode (no /queues, no queue depths). */
  redis: Redis | null;
  queues: Queues | null;
  /** Whether the /queues UI may retry, clean or empty queues. */
  queueUiReadOnly: boolean;
  /** How long a readiness probe or a scrape-time read may take. */
  probeTimeoutMs?: number;
}

/** Builds the HTTP app (health, metrics, JSON API, dashboard, queue UI) without listening. */
export async function buildServer(d: ServerDeps): Promise<FastifyInstance> {
  const log = d.log.child({ module: 'http' });
  const app = Fastify({
    loggerInstance: log as FastifyBaseLogger,
    // Probes and scrapes arrive every few seconds; per-request lines would drown the log.
    logController: new LogController({ disableRequestLogging: true }),
    return503OnClosing: true,
    routerOptions: { ignoreTrailingSlash: true },
  });
  const timeoutMs = d.probeTimeoutMs ?? 3000;

  app.setErrorHandler((raw: FastifyError, req, reply) => {
    const status = typeof raw.statusCode === 'number' && raw.statusCode >= 400 ? raw.statusCode : 500;
    if (status >= 500) {
      req.log.error({ err: raw, url: req.url }, 'Request failed');
      return reply.code(status).send({ error: 'internal', message: 'internal error; see the server log' });
    }
    return reply.code(status).send({ error: status === 400 ? 'bad_request' : 'error', message: raw.message });
  });
  app.setNotFoundHandler((req, reply) => reply.code(404).send({ error: 'not_found', message: `no route ${req.method} ${req.url.split('?')[0]}` }));

  registerHealthRoutes(app, { db: d.db, redis: d.redis, timeoutMs });
  registerMetricsRoute(app, { db: d.db, queues: d.queues, log, timeoutMs });
  registerApiRoutes(app, d.db);
  registerDashboardRoutes(app);
  if (d.queues) await registerQueueUi(app, d.queues, { readOnly: d.queueUiReadOnly });
  return app;
}
