import { freshDb } from '../../helpers/db.js';
import { queuePrefix, runCli } from '../../helpers/cli.js';
import { TEST_REDIS_URL } from '../../helpers/services.js';
import { fingerprint, type Fingerprint } from './invariant.js';

/** The environment every fault test gives the CLI: own schema, own prefix, no page fetches, no politeness delay. */
export function baseEnv(dbEnv: Record<string, string>, prefix: string, redisUrl = TEST_REDIS_URL): Record<string, string> {
  return {
    ...dbEnv,
    REDIS_URL: redisUrl,
    LAUNCHWATCH_QUEUE_PREFIX: prefix,
    LAUNCHWATCH_FETCH_PAGES: 'false',
    LAUNCHWATCH_HOST_INTERVAL_MS: '0',
    // Short locks so a crashed or frozen worker's jobs come back in seconds, not 30 s.
    LAUNCHWATCH_LOCK_DURATION_MS: '2000',
    LAUNCHWATCH_STALLED_INTERVAL_MS: '1000',
    LAUNCHWATCH_SHUTDOWN_GRACE_MS: '2000',
  };
}

/** What a clean `run --once` over the feeds file stores: the reference a faulted run must match. */
export async function cleanRunFingerprint(feedsFile: string): Promise<Fingerprint> {
  const t = await freshDb();
  const q = queuePrefix();
  try {
    const res = await runCli(['run', '--once', '--feeds', feedsFile, '--allow-host', '127.0.0.1'], baseEnv(t.env, q.prefix));
    if (res.code !== 0) throw new Error(`clean baseline run failed (${res.code}): ${res.stderr.slice(-2000)}`);
    return await fingerprint(t.db);
  } finally {
    await q.cleanup();
    await t.drop();
  }
}
