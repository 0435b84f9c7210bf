// Where the benchmark runs: the real Postgres (a fresh schema per run) and the real Redis (a
// unique BullMQ prefix per run), both removed afterwards.
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { Redis } from 'ioredis';
import { createPgDb, quoteIdent } from '../src/db/pool.js';
import { migrate } from '../src/db/migrate.js';
import type { Db } from '../src/db/db.js';

export const DATABASE_URL = process.env.BENCH_DATABASE_URL ?? process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
export const REDIS_URL = process.env.BENCH_REDIS_URL ?? process.env.REDIS_URL ?? 'redis://127.0.0.1:6379/0';

// What an interrupted bench (Ctrl-C) must still remove: schemas and queue keys it created.
const pending = new Set<() => Promise<void>>();
let hooked = false;
function track(cleanup: () => Promise<void>): () => Promise<void> {
  if (!hooked) {
    hooked = true;
    const stop = (sig: NodeJS.Signals) => {
      process.stderr.write(`bench: ${sig}, removing its schemas and queue keys\n`);
      void Promise.allSettled([...pending].map((c) => c())).finally(() => process.exit(130));
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  }
  const once = async () => {
    if (!pending.delete(once)) return;
    await cleanup();
  };
  pending.add(once);
  return once;
}

export interface BenchDb {
  db: Db & { pool: pg.Pool };
  schema: string;
  drop(): Promise<void>;
}

/** A fresh migrated schema (dropped by drop()). */
export async function benchSchema(max = 8): Promise<BenchDb> {
  const schema = `bench_${randomUUID().replace(/-/g, '').slice(0, 12)}`;
  const admin = new pg.Client({ connectionString: DATABASE_URL });
  await admin.connect();
  await admin.query(`create schema ${quoteIdent(schema)}`);
  await admin.end();
  const db = createPgDb({ connectionString: DATABASE_URL, schema, max, applicationName: 'launchwatch-bench' });
  await migrate(db);
  const drop = track(async () => {
    await db.close().catch(() => undefined);
    const c = new pg.Client({ connectionString: DATABASE_URL });
    await c.connect();
    await c.query(`drop schema if exists ${quoteIdent(schema)} cascade`);
    await c.end();
  });
  return { db, schema, drop };
}

/** A unique BullMQ prefix and a cleanup that deletes every key under it. */
export function benchPrefix(): { prefix: string; cleanup(): Promise<void> } {
  const prefix = `lwbench-${randomUUID().slice(0, 8)}`;
  return {
    prefix,
    cleanup: track(async () => {
      const r = new Redis(REDIS_URL, { maxRetriesPerRequest: 3 });
      try {
        let cursor = '0';
        do {
          const [next, keys] = await r.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
          cursor = next;
          if (keys.length) await r.unlink(...keys);
        } while (cursor !== '0');
      } finally {
        r.disconnect();
      }
    }),
  };
}
