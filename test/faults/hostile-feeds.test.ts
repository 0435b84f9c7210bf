import { readFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshDb, type TestDb } from '../helpers/db.js';
import { queuePrefix, runCli, ROOT, type CliResult } from '../helpers/cli.js';
import { startTestServer, type TestServer } from '../helpers/http-server.js';
import { TEST_REDIS_URL } from '../helpers/services.js';
import { feedsYaml, syntheticRss } from './helpers/feed-gen.js';
import { baseEnv } from './helpers/baseline.js';
import { queueBacklog } from './helpers/invariant.js';
import { writeFeedsFile } from './helpers/service-proc.js';

// Case 7: hostile feeds end to end through `run --once`. The fetcher's defences are unit-tested
// one by one in test/unit/feeds/fetcher.test.ts (SSRF spellings, bombs, slowloris, redirects);
// here they run together through the whole pipeline: each hostile feed is refused or sanitised
// with its reason on the feed row, the good feeds are processed, the run exits 0, and no garbage
// reaches the articles table.
//
// The feeds are served as http://localhost:PORT and only `localhost` is allowed, so a redirect to
// the bare 127.0.0.1 (and every other loopback spelling) must be refused.

const fixture = (name: string) => readFileSync(path.join(ROOT, 'test/fixtures/feeds', name));
const rss = (items: string) =>
  `<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0"><channel><title>Hostile</title><link>http://evil.test/</link>${items}</channel></rss>`;
const xml = { 'content-type': 'application/rss+xml; charset=utf-8' };

describe('run --once over hostile feeds', () => {
  let server: TestServer;
  let t: TestDb;
  let q: ReturnType<typeof queuePrefix>;
  let res: CliResult;
  let feeds: { url: string; last_status: string | null; last_error: string | null }[];
  const local = (p: string) => `http://localhost:${server.port}${p}`;

  // path → what must be said about it on the feed row (a RegExp on last_error), or 'ok' when it is sanitised.
  const expectations = new Map<string, RegExp | 'ok'>();

  beforeAll(async () => {
    server = await startTestServer();
    const route = (p: string, body: string | Buffer, expect: RegExp | 'ok', headers: Record<string, string> = xml) => {
      server.route(p, { headers, body });
      expectations.set(local(p), expect);
    };
    route('/good-1.xml', syntheticRss(5, { tag: 'good1' }), 'ok');
    route('/good-2.xml', syntheticRss(5, { tag: 'good2' }), 'ok');
    // Entity declarations are ignored, not expanded: the feed is read, the entity stays literal text.
    route('/billion-laughs.xml', fixture('billion-laughs.xml'), 'ok');
    route('/xxe.xml', fixture('xxe.xml'), 'ok');
    route('/proto.xml', fixture('prototype.xml'), 'ok');
    route('/html.xml', fixture('html-error.html'), /html|not a feed|feed/i, { 'content-type': 'text/html' });
    route('/truncated.xml', fixture('truncated.xml'), /malformed/i);
    route('/huge-title.xml', rss(`<item><title>${'A'.repeat(1024 * 1024)}</title><link>http://evil.test/huge</link><description>Qwen launch delayed</description></item>`), 'ok');
    route('/nul.xml', rss(`<item><title>Qwen\u0000 launch</title><link>http://evil.test/nul</link><description>Doubao\u0000 delayed</description></item>`), 'ok');
    // A lone surrogate as a character reference is not XML: the feed is refused …
    route('/surrogate-ref.xml', rss(`<item><title>Kling &#xD800; launch</title><link>http://evil.test/sur1</link></item>`), /malformed|character/i);
    // … as raw (invalid UTF-8) bytes the undecodable mark is dropped and the item is kept.
    route(
      '/surrogate-bytes.xml',
      Buffer.concat([
        Buffer.from(rss('').replace('</channel></rss>', '<item><title>Kling ')),
        Buffer.from([0xed, 0xa0, 0x80]),
        Buffer.from(' rollout</title><link>http://evil.test/sur2</link></item></channel></rss>'),
      ]),
      'ok',
    );
    route(
      '/dates.xml',
      rss(
        `<item><title>Far future</title><link>http://evil.test/d1</link><pubDate>Sat, 01 Jan 275760 00:00:00 GMT</pubDate></item>` +
          `<item><title>Year zero</title><link>http://evil.test/d2</link><pubDate>0000-00-00T00:00:00Z</pubDate></item>` +
          `<item><title>Nonsense</title><link>http://evil.test/d3</link><pubDate>yesterday-ish</pubDate></item>`,
      ),
      'ok',
    );
    route('/gzip-bomb.xml', gzipSync(Buffer.alloc(64 * 1024 * 1024, 0x20)), /size|large|limit|bytes/i, { ...xml, 'content-encoding': 'gzip' });
    server.endless('/endless.xml');
    expectations.set(local('/endless.xml'), /size|large|limit|bytes/i);
    server.trickle('/slowloris.xml', 200);
    expectations.set(local('/slowloris.xml'), /time|deadline/i);
    server.never('/never.xml');
    expectations.set(local('/never.xml'), /time|deadline/i);
    server.redirect('/loop-a.xml', local('/loop-b.xml'));
    server.redirect('/loop-b.xml', local('/loop-a.xml'));
    expectations.set(local('/loop-a.xml'), /redirect/i);
    server.redirect('/to-loopback.xml', `${server.base}/good-1.xml`);
    expectations.set(local('/to-loopback.xml'), /block|not allowed|private|loopback|address/i);
    for (const u of [
      'http://169.254.169.254/latest/meta-data/',
      `http://[::1]:${server.port}/good-1.xml`,
      `http://[::ffff:127.0.0.1]:${server.port}/good-1.xml`,
      `http://0x7f.1:${server.port}/good-1.xml`,
      `http://2130706433:${server.port}/good-1.xml`,
    ]) {
      expectations.set(u, /block|not allowed|private|loopback|address/i);
    }

    t = await freshDb();
    q = queuePrefix();
    const feedsFile = writeFeedsFile(feedsYaml([...expectations.keys()]));
    const env = {
      ...baseEnv(t.env, q.prefix),
      LAUNCHWATCH_FETCH_TIMEOUT_MS: '2500',
      LAUNCHWATCH_FEED_MAX_BYTES: String(4 * 1024 * 1024),
    };
    res = await runCli(['run', '--once', '--feeds', feedsFile, '--allow-host', 'localhost'], env, { timeoutMs: 90_000 });
    feeds = (await t.db.query<{ url: string; last_status: string | null; last_error: string | null }>('select url, last_status, last_error from feeds')).rows;
  });
  afterAll(async () => {
    await server?.close();
    await q?.cleanup();
    await t?.drop();
  });

  it('exits 0 and drains the queues', async () => {
    expect(res.code, res.stderr.slice(-3000)).toBe(0);
    expect(res.stdout).toMatch(/feeds polled:/);
    expect(await queueBacklog(TEST_REDIS_URL, q.prefix)).toEqual({});
  });

  it('records each hostile feed with its reason, and the good ones as ok', () => {
    const report: string[] = [];
    for (const [url, want] of expectations) {
      const row = feeds.find((f) => f.url === url || decodeURI(f.url) === url);
      if (!row) {
        report.push(`${url}: no feed row`);
        continue;
      }
      if (want === 'ok' ? row.last_status !== 'ok' : row.last_status !== 'error' || !want.test(row.last_error ?? '')) {
        report.push(`${url}: ${row.last_status} ${row.last_error ?? ''}`.slice(0, 300));
      }
    }
    expect(report).toEqual([]);
  });

  it('processes the good feeds completely', async () => {
    const n = await t.db.query<{ status: string; n: number }>(
      `select a.status, count(*) as n from articles a join feeds f on f.id = a.feed_id where f.url like '%/good-_.xml' group by 1`,
    );
    expect(n.rows.map((r) => [r.status, Number(r.n)])).toEqual([['classified', 10]]);
  });

  it('refuses a feed list naming a file: or gopher: URL before polling anything, naming the entry', async () => {
    for (const bad of ['file:///etc/passwd', 'gopher://localhost:70/1']) {
      const before = server.requests.length;
      const list = writeFeedsFile(feedsYaml([local('/good-1.xml'), bad]));
      const r = await runCli(['run', '--once', '--feeds', list, '--allow-host', 'localhost'], baseEnv(t.env, q.prefix));
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/\[1\]\.url: must be an absolute http\(s\) URL/);
      expect(server.requests.length).toBe(before);
    }
  });

  it('lets no garbage into the articles table', async () => {
    const rows = (
      await t.db.query<{ url: string; title: string; summary: string; body: string; published_at: Date | null; status: string }>(
        'select url, title, summary, body, published_at, status from articles',
      )
    ).rows;
    for (const a of rows) {
      const text = `${a.title}\n${a.summary}\n${a.body}`;
      expect(text, a.url).not.toMatch(/\u0000/);
      expect(text, a.url).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/);
      expect(text, a.url).not.toMatch(/root:|lollol/);
      expect(a.title.length, a.url).toBeLessThanOrEqual(4096);
      if (a.published_at) {
        expect(a.published_at.getTime(), a.url).toBeGreaterThan(Date.UTC(1990, 0, 1));
        expect(a.published_at.getTime(), a.url).toBeLessThan(Date.now() + 2 * 86400_000);
      }
      expect(a.status, a.url).toBe('classified');
    }
    const urls = rows.map((r) => r.url);
    for (const kept of ['http://evil.test/huge', 'http://evil.test/nul', 'http://evil.test/sur2', 'http://evil.test/d1']) expect(urls).toContain(kept);
    const nul = rows.find((r) => r.url === 'http://evil.test/nul')!;
    expect(nul.title).toBe('Qwen launch');
    const sur = rows.find((r) => r.url === 'http://evil.test/sur2')!;
    expect(sur.title).toBe('Kling rollout');
  });
});
