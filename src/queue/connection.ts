import { Redis, type RedisOptions } from 'ioredis';
import type { Logger } from 'pino';

/**
 * A Redis connection for BullMQ. Workers block and must wait out a Redis restart
 * (maxRetriesPerRequest: null); producers fail fast instead of queueing commands in memory.
 */
export function createRedis(url: string, role: 'worker' | 'producer', log?: Logger): Redis {
  const opts: RedisOptions = {
    maxRetriesPerRequest: role === 'worker' ? null : 2,
    // Producers keep the offline queue so start-up can wait for the first connect, but give up
    // on a command after two reconnect attempts instead of hanging while Redis is down.
    enableOfflineQueue: true,
    retryStrategy: (times) => Math.min(200 * 2 ** Math.min(times, 6), 10_000),
    connectionName: `launchwatch-${role}`,
    lazyConnect: false,
  };
  const redis = new Redis(url, opts);
  // Without a listener an 'error' would crash the process; ioredis reconnects by itself.
  redis.on('error', (err) => log?.warn({ err, role }, 'Redis connection error'));
  return redis;
}

/** Redis' eviction policy: BullMQ loses jobs under anything but noeviction. */
export async function maxmemoryPolicy(redis: Redis): Promise<string | null> {
  try {
    const res = (await redis.config('GET', 'maxmemory-policy')) as string[];
    return res[1] ?? null;
  } catch {
    return null; // CONFIG may be disabled (managed Redis): unknown
  }
}
