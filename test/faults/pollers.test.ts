import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { freshDb, type TestDb } from '../helpers/db.js';
import { queuePrefix } from '../helpers/cli.js';
import { startTestServer, type TestServer } from '../helpers/http-server.js';
import { TEST_REDIS_URL } from '../helpers/services.js';
import { QUEUE_NAMES } from '../../src/queue/queues.js';
import { feedsYaml, syntheticRss } from './helpers/feed-gen.js';
import { baseEnv, cleanRunFingerprint } from './helpers/baseline.js';
import { fingerprint, queueBacklog, type Fingerprint } from './helpers/invariant.js';
import { killAll, sleep, startCli, until, writeFeedsFile } from './helpers/service-proc.js';

// Case 6: two pollers starting at the same moment make one job scheduler per feed, and each
// feed is polled once per interval, not once per poller.

const FEEDS = ['a', 'b', 'c'];

describe('two pollers starting at once', () => {
  let server: TestServer;
  let feedsFile: string;
  let expected: Fingerprint;
  let t: TestDb | undefined;
  let q: ReturnType<typeof queuePrefix> | undefined;

  beforeAll(async () => {
    server = await startTestServer();
    for (const f of FEEDS) server.route(`/${f}.xml`, { headers: { 'content-type': 'application/rss+xml' }, body: syntheticRss(4, { tag: `poll-${f}` }) });
    feedsFile = writeFeedsFile(feedsYaml(FEEDS.map((f) => server.url(`/${f}.xml`)), { intervalS: 60 }));
    expected = await cleanRunFingerprint(feedsFile);
    server.requests.length = 0;
  });
  afterEach(async () => {
    killAll();
    await q?.cleanup();
    await t?.drop();
  });
  afterAll(async () => {
    await server?.close();
  });

  it('make one scheduler per feed and poll each feed once', async () => {
    t = await freshDb();
    q = queuePrefix();
    const env = baseEnv(t.env, q.prefix);
    const args = ['run', '--role', 'poller', '--feeds', feedsFile, '--allow-host', '127.0.0.1'];
    const p1 = startCli(args, env);
    const p2 = startCli(args, env);
    const w = startCli(['worker'], env);
    await Promise.all([p1, p2].map((p) => p.waitForLog((l) => l.msg === 'Service started', 30_000)));
    await until(async () => ((await fingerprint(t!.db)).statuses.classified ?? 0) === 12, 'every article classified', 30_000);
    await sleep(1500); // room for a duplicate poll to show up
    for (const f of FEEDS) expect(server.hits(`/${f}.xml`), f).toHaveLength(1);
    const conn = new Redis(TEST_REDIS_URL, { maxRetriesPerRequest: 1 });
    const poll = new Queue(QUEUE_NAMES.poll, { connection: conn, prefix: q.prefix });
    const schedulers = await poll.getJobSchedulers(0, -1);
    const ids = (await t.db.query<{ id: number }>('select id from feeds')).rows.map((r) => `feed-${r.id}`);
    expect(schedulers.map((s) => s.key ?? s.id).sort()).toEqual(ids.sort());
    await poll.close();
    conn.disconnect();
    expect(await queueBacklog(TEST_REDIS_URL, q.prefix)).toEqual({});
    expect(await fingerprint(t.db)).toEqual(expected);
    for (const p of [p1, p2, w]) p.kill('SIGTERM');
    for (const p of [p1, p2, w]) expect((await p.exited).code, p.stderr().slice(-2000)).toBe(0);
  });
});
