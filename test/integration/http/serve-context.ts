import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { loadConfig } from '../../../src/config.js';
import { silentLogger } from '../../../src/logger.js';
import { serveCommand, type ServeHandle } from '../../../src/commands/serve.js';
import { freshDb, type TestDb } from '../../helpers/db.js';
import { TEST_REDIS_URL } from '../../helpers/services.js';

// A `launchwatch serve` on a free port, over a fresh schema and (optionally) a BullMQ prefix
// of its own; stop() closes the server and removes the schema and the prefix's Redis keys.

export interface ServeContext {
  url: string;
  tdb: TestDb;
  prefix: string;
  redisUrl: string | null;
  get(path: string): Promise<Response>;
  json<T = any>(path: string): Promise<{ status: number; body: T }>;
  stop(): Promise<void>;
}

/** Starts serve; `redis: false` is embedded mode, a string is a Redis URL to use instead of the test one. */
export async function startServe(opts: { migrate?: boolean; redis?: boolean | string; tdb?: TestDb } = {}): Promise<ServeContext> {
  const tdb = opts.tdb ?? (await freshDb({ migrate: opts.migrate }));
  const prefix = `test-${randomUUID()}`;
  const redisUrl = opts.redis === false ? null : typeof opts.redis === 'string' ? opts.redis : TEST_REDIS_URL;
  const config = loadConfig({ LAUNCHWATCH_HTTP_PORT: '0', LAUNCHWATCH_HTTP_HOST: '127.0.0.1', LOG_LEVEL: 'silent' });
  let handle: ServeHandle;
  try {
    handle = await serveCommand({ config, log: silentLogger, db: tdb.db, redisUrl, queuePrefix: prefix });
  } catch (err) {
    await tdb.drop();
    throw err;
  }
  const get = (path: string) => fetch(`${handle.url}${path}`);
  return {
    url: handle.url,
    tdb,
    prefix,
    redisUrl,
    get,
    async json(path) {
      const res = await get(path);
      return { status: res.status, body: (await res.json()) as never };
    },
    async stop() {
      await handle.close();
      if (redisUrl === TEST_REDIS_URL) await dropPrefix(prefix);
      await tdb.drop();
    },
  };
}

/** Deletes every Redis key under a BullMQ prefix. */
export async function dropPrefix(prefix: string): Promise<void> {
  const redis = new Redis(TEST_REDIS_URL, { maxRetriesPerRequest: 2 });
  try {
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 500);
      if (keys.length) await redis.del(...keys);
      cursor = next;
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
}
