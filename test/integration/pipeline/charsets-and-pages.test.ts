import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import iconv from 'iconv-lite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshDb, type TestDb } from '../../helpers/db.js';
import { queuePrefix, runCli } from '../../helpers/cli.js';
import { startTestServer, type TestServer } from '../../helpers/http-server.js';
import { TEST_REDIS_URL } from '../../helpers/services.js';

const GB_TITLE = '阿里巴巴发布通义千问Qwen3，上线首日服务器宕机';
const GB_BODY = '阿里巴巴周一发布了通义千问Qwen3大模型。上线首日，由于访问量激增，服务多次宕机，部分用户被限流。';
const BIG5_TITLE = '快手推出可靈2.1，服務延期開放';
const BIG5_BODY = '快手週四推出可靈2.1影片生成大模型，但海外版服務延期開放，用戶需要排隊等候。';

function rss(charset: string, title: string, body: string, link: string): string {
  return `<?xml version="1.0" encoding="${charset}"?>
<rss version="2.0"><channel><title>中文科技</title><link>http://zh.test/</link><language>zh-CN</language>
<item><title>${title}</title><link>${link}</link><pubDate>Mon, 23 Nov 2026 08:00:00 GMT</pubDate>
<description>${body}</description></item></channel></rss>`;
}

const PAGE = `<!doctype html><html><head><title>Kling page</title></head><body>
<nav><a href="/">Home</a> <a href="/ai">AI</a> Subscribe now</nav>
<article><h1>Kuaishou opens Kling 2.1 to overseas users</h1>
<p>Kuaishou rolled out Kling 2.1, its AI video generation model, to overseas users on Thursday.</p>
<p>The rollout was throttled: free users were limited to three generations a day, and paid users reported queues of more than an hour.</p>
<p>Kuaishou said it was adding GPU capacity and expected the limits to ease within a week.</p></article>
<aside>Related: Share this on social media</aside><footer>© News Test</footer></body></html>`;

describe('Chinese feeds and article pages, end to end', () => {
  let t: TestDb;
  let server: TestServer;
  let q: ReturnType<typeof queuePrefix>;
  let res: Awaited<ReturnType<typeof runCli>>;

  beforeAll(async () => {
    t = await freshDb();
    q = queuePrefix();
    server = await startTestServer();
    // GBK declared only in the XML declaration; Big5 only in the HTTP header.
    server.route('/gbk.xml', { headers: { 'content-type': 'application/rss+xml' }, body: iconv.encode(rss('GBK', GB_TITLE, GB_BODY, 'http://zh.test/qwen3'), 'gbk') });
    server.route('/big5.xml', {
      headers: { 'content-type': 'text/xml; charset=big5' },
      body: iconv.encode(rss('big5', BIG5_TITLE, BIG5_BODY, 'http://zh.test/kling').replace('encoding="big5"', ''), 'big5'),
    });
    const teaser = `<?xml version="1.0"?><rss version="2.0"><channel><title>Teasers</title>
<item><title>Kuaishou opens Kling 2.1 to overseas users</title><link>${server.base}/kling-page</link><description>Kuaishou has news.</description></item>
<item><title>Tencent ships a Hunyuan update</title><link>${server.base}/missing-page</link><description>Tencent launched a Hunyuan update.</description></item>
</channel></rss>`;
    server.route('/teasers.xml', { headers: { 'content-type': 'application/rss+xml' }, body: teaser });
    server.route('/kling-page', { headers: { 'content-type': 'text/html; charset=utf-8' }, body: PAGE });
    server.route('/missing-page', { status: 404, body: 'not found' });
    server.route('/robots.txt', { headers: { 'content-type': 'text/plain' }, body: 'User-agent: *\nAllow: /\n' });
    const dir = mkdtempSync(path.join(tmpdir(), 'lw-zh-'));
    const feeds = path.join(dir, 'feeds.yaml');
    writeFileSync(feeds, ['gbk.xml', 'big5.xml', 'teasers.xml'].map((f) => `- url: ${server.base}/${f}\n`).join(''));
    res = await runCli(['run', '--once', '--feeds', feeds, '--allow-host', '127.0.0.1'], {
      ...t.env,
      REDIS_URL: TEST_REDIS_URL,
      LAUNCHWATCH_QUEUE_PREFIX: q.prefix,
      LAUNCHWATCH_MIN_TEXT_CHARS: '200',
      LAUNCHWATCH_HOST_INTERVAL_MS: '0',
    });
  });

  afterAll(async () => {
    await server?.close();
    await q?.cleanup();
    await t?.drop();
  });

  it('runs clean', () => {
    expect(res.code, res.stderr).toBe(0);
    expect(res.stdout).toMatch(/feeds polled:\s+3 \(3 ok/);
  });

  it('stores GBK and Big5 feeds as correct UTF-8 text, with no U+FFFD', async () => {
    const rows = (await t.db.query<{ title: string; summary: string; body: string }>(`select title, summary, body from articles where url like 'http://zh.test/%' order by url`)).rows;
    expect(rows.map((r) => r.title).sort()).toEqual([BIG5_TITLE, GB_TITLE].sort());
    for (const r of rows) expect(`${r.title}${r.summary}${r.body}`).not.toContain('\uFFFD');
    expect(rows.some((r) => r.summary.includes(GB_BODY) || r.body.includes(GB_BODY))).toBe(true);
  });

  it('classifies the Chinese articles: models, companies and friction', async () => {
    const m = (await t.db.query<{ entity: string }>(`select distinct entity from mentions where kind = 'model'`)).rows.map((r) => r.entity);
    expect(m).toEqual(expect.arrayContaining(['qwen', 'kling']));
    const hits = (await t.db.query<{ term: string; target_companies: string[] }>(`select term, target_companies from friction_hits where not negated`)).rows;
    expect(hits.some((h) => h.target_companies.includes('alibaba'))).toBe(true);
  });

  it('fetches the page of a teaser and classifies the article on its main text', async () => {
    const [a] = (await t.db.query<{ id: number; body: string; page_status: string; status: string }>(`select id, body, page_status, status from articles where url like '%/kling-page'`)).rows;
    expect(a).toMatchObject({ page_status: 'fetched', status: 'classified' });
    expect(a!.body).toContain('free users were limited to three generations a day');
    expect(a!.body).not.toMatch(/Subscribe now|Share this|©/);
    const hits = (await t.db.query<{ sentence_text: string }>(`select sentence_text from friction_hits where article_id = $1 and not negated`, [a!.id])).rows;
    expect(hits.some((h) => /throttled/.test(h.sentence_text))).toBe(true);
  });

  it('classifies on the teaser when the page cannot be fetched, with the reason kept', async () => {
    const [a] = (await t.db.query<{ page_status: string; page_error: string; status: string }>(`select page_status, page_error, status from articles where url like '%/missing-page'`)).rows;
    expect(a).toMatchObject({ page_status: 'failed', status: 'classified' });
    expect(a!.page_error).toMatch(/404/);
  });
});
