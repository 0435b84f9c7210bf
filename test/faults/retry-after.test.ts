import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshDb, type TestDb } from '../helpers/db.js';
import { queuePrefix, runCli, type CliResult } from '../helpers/cli.js';
import { startTestServer, type TestServer } from '../helpers/http-server.js';
import { feedsYaml, syntheticRss } from './helpers/feed-gen.js';
import { baseEnv } from './helpers/baseline.js';
import { writeFeedsFile } from './helpers/service-proc.js';

// Case 8: a 429 with Retry-After means no request to that host before the time it names: not
// from the same poll, not from another feed on the same host (the limiter), and not from a later
// poll (the feed's next_check_at). The limiter's own behaviour is unit-tested in
// test/unit/feeds/fetcher.test.ts; here it is checked through `run --once`.

const RETRY_S = 5;

describe('429 with Retry-After', () => {
  let server: TestServer;
  let t: TestDb;
  let q: ReturnType<typeof queuePrefix>;
  let env: Record<string, string>;
  let first: CliResult;
  const local = (p: string) => `http://localhost:${server.port}${p}`;

  beforeAll(async () => {
    server = await startTestServer();
    server.route('/limited.xml', { status: 429, headers: { 'retry-after': String(RETRY_S) }, body: 'slow down' });
    server.route('/same-host.xml', { headers: { 'content-type': 'application/rss+xml' }, body: syntheticRss(2, { tag: 'ra' }) });
    // Another host name for the limiter (localhost, not 127.0.0.1), asking for an hour.
    server.route('/limited-long.xml', { status: 429, headers: { 'retry-after': '3600' }, body: 'slow down' });
    t = await freshDb();
    q = queuePrefix();
    // One poll at a time, in list order: the 429 comes before the other feed of its host.
    env = { ...baseEnv(t.env, q.prefix), LAUNCHWATCH_POLL_CONCURRENCY: '1' };
    const file = writeFeedsFile(feedsYaml([server.url('/limited.xml'), server.url('/same-host.xml'), local('/limited-long.xml')]));
    first = await runCli(['run', '--once', '--feeds', file, '--allow-host', '127.0.0.1', '--allow-host', 'localhost'], env);
  });
  afterAll(async () => {
    await server?.close();
    await q?.cleanup();
    await t?.drop();
  });

  it('records the 429 on the feed row and schedules its next check after Retry-After', async () => {
    expect(first.code, first.stderr.slice(-2000)).toBe(0);
    const row = (
      await t.db.query<{ last_http_status: number; last_error: string; next_check_at: Date }>(
        `select last_http_status, last_error, next_check_at from feeds where url like '%/limited.xml'`,
      )
    ).rows[0]!;
    expect(row.last_http_status).toBe(429);
    const hit = server.hits('/limited.xml')[0]!.at;
    expect(row.next_check_at.getTime()).toBeGreaterThanOrEqual(hit + RETRY_S * 1000 - 1000);
  });

  it('makes the other feed of the same host wait until Retry-After has passed', () => {
    const blockedAt = server.hits('/limited.xml')[0]!.at;
    const next = server.hits('/same-host.xml')[0]!.at;
    expect(next - blockedAt).toBeGreaterThanOrEqual(RETRY_S * 1000 - 100);
  });

  // Fails today: `run --once` forces every poll (force: true ignores next_check_at) and the
  // limiter's block lives in the memory of the process that saw the 429, so a second run asks
  // again at once. Needs a change in workers/poll-feed.ts (see docs/reliability.md, "Known gaps").
  it('sends no request to a host from a later run before its Retry-After', async () => {
    const before = server.hits('/limited-long.xml').length;
    const file = writeFeedsFile(feedsYaml([local('/limited-long.xml')]));
    const second = await runCli(['run', '--once', '--feeds', file, '--allow-host', 'localhost'], env);
    expect(second.code).toBe(0);
    expect(server.hits('/limited-long.xml')).toHaveLength(before);
  });
});
