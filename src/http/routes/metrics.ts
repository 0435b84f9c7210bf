import type { FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import type { Queryable } from '../../db/db.js';
import { countStored } from '../../db/sql/stats.js';
import { countFeedsByHealth } from '../../db/sql/feed-health.js';
import type { Queues } from '../../queue/queues.js';
import { coerceError } from '../../errors.js';
import { countScrapeError, registry, setScrapeGauges, type ScrapeSnapshot } from '../metrics.js';
import { withTimeout } from '../with-timeout.js';

export interface MetricsDeps {
  db: Queryable;
  queues: Queues | null;
  log: Logger;
  timeoutMs: number;
}

const STATES = ['waiting', 'active', 'delayed', 'prioritized', 'waiting-children', 'failed', 'completed'] as const;

/** Reads what Postgres and BullMQ hold now; a source that fails is left out (its gauges clear) and counted. */
export async function collectSnapshot(d: MetricsDeps): Promise<ScrapeSnapshot> {
  const snap: ScrapeSnapshot = {};
  const fromPg = (async () => {
    try {
      const [stored, feeds] = await withTimeout(Promise.all([countStored(d.db), countFeedsByHealth(d.db)]), d.timeoutMs, 'postgres');
      snap.articles = stored.articles;
      snap.launchEvents = stored.launchEvents;
      snap.feeds = feeds;
    } catch (raw) {
      countScrapeError('postgres');
      d.log.warn({ err: coerceError(raw) }, 'Unable to read metrics from Postgres');
    }
  })();
  const fromRedis = (async () => {
    if (!d.queues) return;
    const qs = [d.queues.poll, d.queues.classify, d.queues.fetchPage];
    try {
      const counts = await withTimeout(Promise.all(qs.map((q) => q.getJobCounts(...STATES))), d.timeoutMs, 'redis');
      snap.queues = Object.fromEntries(qs.map((q, i) => [q.name, counts[i]!]));
    } catch (raw) {
      countScrapeError('redis');
      d.log.warn({ err: coerceError(raw) }, 'Unable to read queue depths from Redis');
    }
  })();
  await Promise.all([fromPg, fromRedis]);
  return snap;
}

/** /metrics in the Prometheus text format, with the scrape-time gauges refreshed first. */
export function registerMetricsRoute(app: FastifyInstance, d: MetricsDeps): void {
  app.get('/metrics', async (_req, reply) => {
    setScrapeGauges(await collectSnapshot(d));
    const body = await registry.metrics();
    return reply.header('content-type', registry.contentType).send(body);
  });
}
