import type { FastifyInstance } from 'fastify';
import type { Redis } from 'ioredis';
import type { Db } from '../../db/db.js';
import { pendingMigrations } from '../../db/migrate.js';
import { coerceError } from '../../errors.js';
import { withTimeout } from '../with-timeout.js';

export interface ReadinessDeps {
  db: Db;
  /** Null in embedded mode: there is no Redis to check. */
  redis: Redis | null;
  timeoutMs: number;
}

export interface Readiness {
  ready: boolean;
  checks: Record<string, 'ok' | 'not configured' | string>;
  reasons: string[];
}

/** Checks Postgres, the schema version and Redis; each reason names what to fix. */
export async function checkReadiness(d: ReadinessDeps): Promise<Readiness> {
  const checks: Record<string, string> = {};
  const reasons: string[] = [];
  const probe = async (name: string, fn: () => Promise<string | null>) => {
    try {
      const problem = await withTimeout(fn(), d.timeoutMs, name);
      checks[name] = problem ?? 'ok';
      if (problem) reasons.push(`${name}: ${problem}`);
    } catch (raw) {
      const msg = coerceError(raw).message;
      checks[name] = msg;
      reasons.push(`${name}: unreachable: ${msg}`);
    }
  };
  await Promise.all([
    probe('postgres', async () => {
      await d.db.query('select 1');
      return null;
    }),
    probe('migrations', async () => {
      const pending = await pendingMigrations(d.db);
      return pending.length ? `${pending.length} pending (${pending.join(', ')}); run: launchwatch migrate` : null;
    }),
    d.redis
      ? probe('redis', async () => {
          const pong = await d.redis!.ping();
          return pong === 'PONG' ? null : `unexpected PING reply ${JSON.stringify(pong)}`;
        })
      : Promise.resolve(void (checks.redis = 'not configured')),
  ]);
  // A failed Postgres probe makes the migrations probe fail too; one reason is enough.
  if (checks.postgres !== 'ok' && checks.migrations !== 'ok') {
    const i = reasons.findIndex((r) => r.startsWith('migrations:'));
    if (i >= 0) reasons.splice(i, 1);
  }
  return { ready: reasons.length === 0, checks, reasons };
}

/** /healthz: the process is up and serving. /readyz: it can do its work (503 with reasons otherwise). */
export function registerHealthRoutes(app: FastifyInstance, d: ReadinessDeps): void {
  app.get('/healthz', async () => ({ status: 'ok' }));
  app.get('/readyz', async (req, reply) => {
    const r = await checkReadiness(d);
    if (!r.ready) req.log.warn({ reasons: r.reasons }, 'Not ready');
    return reply.code(r.ready ? 200 : 503).send({ status: r.ready ? 'ready' : 'not ready', checks: r.checks, reasons: r.reasons });
  });
}
