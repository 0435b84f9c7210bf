import { readFileSync, writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshDb, type TestDb } from '../../helpers/db.js';
import { queuePrefix, runCli, ROOT } from '../../helpers/cli.js';
import { startTestServer, type TestServer } from '../../helpers/http-server.js';
import { TEST_REDIS_URL } from '../../helpers/services.js';

const fixture = (name: string) => readFileSync(path.join(ROOT, 'test/fixtures/pipeline', name));

describe('launchwatch run --once, end to end on the real Redis and Postgres', () => {
  let t: TestDb;
  let server: TestServer;
  let q: ReturnType<typeof queuePrefix>;
  let feedsFile: string;
  let env: Record<string, string>;
  let first: Awaited<ReturnType<typeof runCli>>;

  beforeAll(async () => {
    t = await freshDb();
    q = queuePrefix();
    server = await startTestServer();
    server.route('/week-en.xml', { status: 200, headers: { 'content-type': 'application/rss+xml; charset=utf-8', etag: '"en-v1"' }, body: fixture('week-en.xml') });
    server.route('/week-atom.xml', { status: 200, headers: { 'content-type': 'application/atom+xml', 'last-modified': 'Thu, 26 Nov 2026 10:00:00 GMT' }, body: fixture('week-atom.xml') });
    server.route('/down.xml', { status: 500, body: 'internal error' });
    server.route('/broken.xml', { status: 200, headers: { 'content-type': 'application/rss+xml' }, body: fixture('broken.xml') });
    const dir = mkdtempSync(path.join(tmpdir(), 'lw-feeds-'));
    feedsFile = path.join(dir, 'feeds.yaml');
    writeFileSync(
      feedsFile,
      ['week-en.xml', 'week-atom.xml', 'down.xml', 'broken.xml'].map((f) => `- url: ${server.base}/${f}\n  language: en\n`).join(''),
    );
    env = { ...t.env, REDIS_URL: TEST_REDIS_URL, LAUNCHWATCH_QUEUE_PREFIX: q.prefix, LAUNCHWATCH_FETCH_PAGES: 'false', LAUNCHWATCH_HOST_INTERVAL_MS: '0' };
    first = await runCli(['run', '--once', '--feeds', feedsFile, '--allow-host', '127.0.0.1'], env);
  });

  afterAll(async () => {
    await server?.close();
    await q?.cleanup();
    await t?.drop();
  });

  const rows = async <R,>(sql: string, params: unknown[] = []) => (await t.db.query<R>(sql, params)).rows;

  it('exits 0, summarises the run and names the failed feeds', () => {
    expect(first.stderr).not.toMatch(/TypeError|ReferenceError/);
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(/feeds polled:\s+4 \(2 ok, 0 not modified, 2 failed\)/);
    expect(first.stdout).toMatch(/articles:\s+7 new, 0 already seen/);
    expect(first.stdout).toContain(`failed feed:       ${server.base}/down.xml`);
    expect(first.stdout).toContain(`${server.base}/broken.xml`);
  });

  it('stores every article once, classified, with canonical URLs', async () => {
    const articles = await rows<{ url: string; status: string }>('select url, status from articles order by url');
    expect(articles).toHaveLength(7);
    expect(new Set(articles.map((a) => a.status))).toEqual(new Set(['classified']));
    expect(articles.map((a) => a.url)).toContain('http://news.test/2026/11/alibaba-qwen3-rocky');
    expect(articles.map((a) => a.url)).toContain('http://news.test/2026/11/seedance-throttled');
  });

  it('records company and model mentions linked model → company', async () => {
    const m = await rows<{ kind: string; entity: string; company: string }>('select distinct kind, entity, company from mentions');
    const has = (kind: string, entity: string, company: string) => m.some((r) => r.kind === kind && r.entity === entity && r.company === company);
    expect(has('model', 'qwen', 'alibaba')).toBe(true);
    expect(has('model', 'doubao', 'bytedance')).toBe(true);
    expect(has('model', 'seedance', 'bytedance')).toBe(true);
    expect(has('model', 'kling', 'kuaishou')).toBe(true);
    expect(has('company', 'alibaba', 'alibaba')).toBe(true);
    // Seedance is named as if it were a company; it is ByteDance's model, never a company of its own.
    expect(m.some((r) => r.kind === 'company' && r.entity === 'seedance')).toBe(false);
  });

  it('keeps friction hits with their sentences and negation', async () => {
    const hits = await rows<{ term: string; negated: boolean; sentence_text: string; target_companies: string[] }>(
      'select term, negated, sentence_text, target_companies from friction_hits',
    );
    const rocky = hits.find((h) => /rocky/i.test(h.sentence_text) && !h.negated);
    expect(rocky?.target_companies).toContain('alibaba');
    expect(hits.some((h) => h.target_companies.includes('bytedance') && !h.negated && /delay/i.test(h.sentence_text))).toBe(true);
    const notDelayed = hits.filter((h) => /not delayed/.test(h.sentence_text));
    expect(notDelayed.length).toBeGreaterThan(0);
    expect(notDelayed.every((h) => h.negated)).toBe(true);
  });

  it('ranks the rocky launches above the clean ones, and gives the unrelated article no event', async () => {
    const events = await rows<{ company: string; model: string; friction_score: number }>(
      'select company, model, friction_score from launch_events',
    );
    const score = (company: string, model: string) => events.find((e) => e.company === company && e.model === model)?.friction_score;
    const clean = score('tencent', 'hunyuan');
    const notDelayed = score('baidu', 'ernie');
    expect(clean).toBe(0);
    expect(notDelayed).toBe(0);
    for (const [company, model] of [['alibaba', 'qwen'], ['bytedance', 'doubao'], ['bytedance', 'seedance'], ['kuaishou', 'kling']] as const) {
      expect(score(company, model), `${company}/${model}`).toBeGreaterThan(20);
    }
    const linked = await rows<{ url: string }>('select a.url from event_articles ea join articles a on a.id = ea.article_id');
    expect(linked.map((r) => r.url)).not.toContain('http://news.test/2026/11/bike-lanes');
  });

  it('records the failing feeds on their rows and the good ones as ok', async () => {
    const feeds = await rows<{ url: string; last_status: string; last_error: string | null; consecutive_failures: number; etag: string | null }>(
      'select url, last_status, last_error, consecutive_failures, etag from feeds order by url',
    );
    const by = (f: string) => feeds.find((r) => r.url.endsWith(f))!;
    expect(by('down.xml')).toMatchObject({ last_status: 'error', consecutive_failures: 1 });
    expect(by('down.xml').last_error).toMatch(/500/);
    expect(by('broken.xml')).toMatchObject({ last_status: 'error', consecutive_failures: 1 });
    expect(by('broken.xml').last_error).toBeTruthy();
    expect(by('week-en.xml')).toMatchObject({ last_status: 'ok', etag: '"en-v1"', consecutive_failures: 0 });
  });

  it('a second run adds nothing: conditional GET or items already seen', async () => {
    const count = async () =>
      (
        await rows<Record<string, number>>(
          `select (select count(*) from articles) a, (select count(*) from mentions) m, (select count(*) from friction_hits) h,
                  (select count(*) from launch_events) e, (select count(*) from event_articles) ea`,
        )
      )[0];
    const before = await count();
    const second = await runCli(['run', '--once', '--feeds', feedsFile, '--allow-host', '127.0.0.1'], env);
    expect(second.code).toBe(0);
    expect(second.stdout).toMatch(/articles:\s+0 new/);
    expect(await count()).toEqual(before);
    expect(server.hits('/week-en.xml').at(-1)?.headers['if-none-match']).toBe('"en-v1"');
    expect(server.hits('/week-atom.xml').at(-1)?.headers['if-modified-since']).toBe('Thu, 26 Nov 2026 10:00:00 GMT');
  });

  it('explains an event: its articles, sentences, terms and weights', async () => {
    const [ev] = await rows<{ id: number }>(`select id from launch_events where company = 'alibaba' and model = 'qwen'`);
    const res = await runCli(['explain', `event:${ev!.id}`], env);
    expect(res.code, res.stderr).toBe(0);
    expect(res.stdout).toMatch(/alibaba\/qwen/);
    expect(res.stdout).toMatch(/rocky/);
    expect(res.stdout).toMatch(/throttl/);
    const missing = await runCli(['explain', 'event:999999'], env);
    expect(missing.code).toBe(1);
  });

  it('reclassify with an unchanged lexicon goes through the queue and changes nothing', async () => {
    const before = await rows('select id, friction_score, article_count from launch_events order by id');
    const res = await runCli(['reclassify'], env);
    expect(res.code, res.stderr).toBe(0);
    expect(res.stdout).toMatch(/7 of 7 articles/);
    expect(res.stdout).toMatch(/0 changed|no event/i);
    expect(await rows('select id, friction_score, article_count from launch_events order by id')).toEqual(before);
  });
});
