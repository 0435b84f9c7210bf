import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServe, type ServeContext } from './serve-context.js';
import { GEMINI_NEGATED, GPT_SENTENCE, QWEN_SENTENCE, seedWorld, type Seeded } from './seed.js';

let s: ServeContext;
let seed: Seeded;
const now = new Date();
const daysAgo = (d: number) => new Date(now.getTime() - d * 86_400_000).toISOString();

beforeAll(async () => {
  s = await startServe({ redis: false });
  seed = await seedWorld(s.tdb.db, now);
});
afterAll(async () => {
  await s?.stop();
});

const ids = (body: { events: { id: number }[] }) => body.events.map((e) => e.id);

describe('GET /api/events', () => {
  it('lists every event newest first', async () => {
    const { status, body } = await s.json('/api/events');
    expect(status).toBe(200);
    expect(ids(body)).toEqual([seed.events.gpt, seed.events.qwen, seed.events.gemini, seed.events.claude, seed.events.oldLlama]);
    expect(body.next_cursor).toBeNull();
    expect(body.events[0]).toMatchObject({ company: 'openai', model: 'gpt', version: '5', friction_score: 72.5, article_count: 2, categories: ['delay', 'capacity'] });
  });

  it('filters by company (a comma list), model and minimum score', async () => {
    expect(ids((await s.json('/api/events?company=openai,alibaba')).body)).toEqual([seed.events.gpt, seed.events.qwen]);
    expect(ids((await s.json('/api/events?model=gemini')).body)).toEqual([seed.events.gemini]);
    expect(ids((await s.json('/api/events?min_score=50&order=friction')).body)).toEqual([seed.events.gpt, seed.events.qwen]);
    expect(ids((await s.json('/api/events?company=OpenAI&model=claude')).body)).toEqual([]);
  });

  it('filters by date range (events seen in [from, to))', async () => {
    // gpt: 50–48 h ago, qwen: 100 h ago, gemini: 200–190 h, claude: 300–290 h, llama: 100–99 days.
    expect(ids((await s.json(`/api/events?from=${daysAgo(3)}`)).body)).toEqual([seed.events.gpt]);
    expect(ids((await s.json(`/api/events?from=${daysAgo(30)}&to=${daysAgo(3)}`)).body)).toEqual([seed.events.qwen, seed.events.gemini, seed.events.claude]);
    const day = new Date(now.getTime() - 200 * 86_400_000).toISOString().slice(0, 10);
    expect(ids((await s.json(`/api/events?to=${day}`)).body)).toEqual([]);
  });

  it('pages with limit and cursor in both orders without gaps or repeats', async () => {
    for (const order of ['recent', 'friction']) {
      const seen: number[] = [];
      let cursor: string | null = null;
      let pages = 0;
      do {
        const q: string = `/api/events?order=${order}&limit=2${cursor ? `&cursor=${cursor}` : ''}`;
        const { status, body } = await s.json(q);
        expect(status).toBe(200);
        expect(body.events.length).toBeLessThanOrEqual(2);
        seen.push(...ids(body));
        cursor = body.next_cursor;
        pages++;
      } while (cursor);
      expect(pages).toBe(3);
      const all = ids((await s.json(`/api/events?order=${order}&limit=500`)).body);
      expect(seen).toEqual(all);
    }
    const scores = (await s.json('/api/events?order=friction')).body.events.map((e: { friction_score: number }) => e.friction_score);
    expect(scores).toEqual([...scores].sort((a, b) => b - a));
  });

  it('embeds the strongest evidence sentences, each once, without negated ones', async () => {
    const { body } = await s.json('/api/events?order=friction&evidence=3');
    const gpt = body.events.find((e: { id: number }) => e.id === seed.events.gpt);
    expect(gpt.evidence.map((ev: { sentence: string }) => ev.sentence)).toEqual([GPT_SENTENCE]);
    expect(gpt.evidence[0]).toMatchObject({ term: 'delay', category: 'delay', surface: 'delayed', negated: false, article: { title: 'GPT-5 rollout delayed' } });
    const qwen = body.events.find((e: { id: number }) => e.id === seed.events.qwen);
    expect(qwen.evidence[0].sentence).toBe(QWEN_SENTENCE);
    const gemini = body.events.find((e: { id: number }) => e.id === seed.events.gemini);
    expect(gemini.evidence).toEqual([]);
  });

  it.each([
    ['limit=0', /^limit: /],
    ['limit=abc', /^limit: expected a whole number \(got "abc"\)$/],
    ['min_score=101', /^min_score: /],
    ['from=yesterday', /^from: expected a date/],
    ['from=2026-02-30', /^from: not a real date/],
    [`from=${daysAgo(1)}&to=${daysAgo(2)}`, /^from: from must be before to \(got "/],
    ['company=Open%20AI', /^company: expected lowercase ids/],
    ['order=best', /^order: /],
    ['compnay=openai', /^unknown parameter "compnay"$/],
    ['cursor=garbage', /^cursor: not a cursor this API gave out/],
  ])('answers 400 with a clear message for %s', async (query, message) => {
    const { status, body } = await s.json(`/api/events?${query}`);
    expect(status).toBe(400);
    expect(body.error).toBe('bad_request');
    expect(body.message).toMatch(message);
  });

  it('refuses a cursor of the other order', async () => {
    const { body } = await s.json('/api/events?limit=1');
    const res = await s.json(`/api/events?order=friction&cursor=${body.next_cursor}`);
    expect(res.status).toBe(400);
  });
});

describe('GET /api/events/:id', () => {
  it('returns the event with its articles and every evidence sentence, negated ones flagged', async () => {
    const { status, body } = await s.json(`/api/events/${seed.events.gpt}`);
    expect(status).toBe(200);
    expect(body.event.id).toBe(seed.events.gpt);
    expect(body.articles.map((a: { id: number }) => a.id).sort()).toEqual([seed.articles.gpt1, seed.articles.gpt2].sort());
    expect(body.articles[0]).toMatchObject({ feed: expect.any(String), independent: true });
    expect(body.evidence).toHaveLength(1);
    expect(body.evidence[0].sentence).toBe(GPT_SENTENCE);

    const gemini = await s.json(`/api/events/${seed.events.gemini}`);
    expect(gemini.body.evidence).toMatchObject([{ sentence: GEMINI_NEGATED, negated: true, weight: 0 }]);
  });

  it('answers 404 for a missing event and 400 for a bad id', async () => {
    expect(await s.json('/api/events/999999')).toEqual({ status: 404, body: { error: 'not_found', message: 'no launch event 999999' } });
    const bad = await s.json('/api/events/abc');
    expect(bad.status).toBe(400);
    expect(bad.body.message).toMatch(/^id: expected a whole number/);
  });
});

describe('GET /api/evidence', () => {
  it('lists friction sentences newest first, filtered by company and category, negated ones on request', async () => {
    const all = await s.json('/api/evidence');
    expect(all.status).toBe(200);
    expect(all.body.evidence.map((e: { sentence: string }) => e.sentence)).toEqual([GPT_SENTENCE, GPT_SENTENCE, GPT_SENTENCE, QWEN_SENTENCE]);
    const capacity = await s.json('/api/evidence?category=capacity');
    expect(capacity.body.evidence.map((e: { term: string }) => e.term)).toEqual(['throttle', '限流']);
    const alibaba = await s.json('/api/evidence?company=alibaba');
    expect(alibaba.body.evidence).toHaveLength(1);
    const google = await s.json('/api/evidence?company=google&include_negated=true');
    expect(google.body.evidence).toMatchObject([{ negated: true, companies: ['google'] }]);
    expect((await s.json('/api/evidence?company=google')).body.evidence).toEqual([]);
  });

  it('pages with a cursor', async () => {
    const first = await s.json('/api/evidence?limit=3&include_negated=1');
    expect(first.body.evidence).toHaveLength(3);
    const second = await s.json(`/api/evidence?limit=3&include_negated=1&cursor=${first.body.next_cursor}`);
    expect(second.body.evidence).toHaveLength(2);
    expect(second.body.next_cursor).toBeNull();
    const hitIds = [...first.body.evidence, ...second.body.evidence].map((e: { hit_id: number }) => e.hit_id);
    expect(new Set(hitIds).size).toBe(5);
  });

  it('answers 400 for a bad flag', async () => {
    const res = await s.json('/api/evidence?include_negated=maybe');
    expect(res.status).toBe(400);
    expect(res.body.message).toMatch(/^include_negated: /);
  });
});

describe('GET /api/feeds and /api/summary', () => {
  it('lists feeds with their health, failing first, and filters by health', async () => {
    const { body } = await s.json('/api/feeds');
    expect(body.feeds.map((f: { id: number; health: string }) => [f.id, f.health])).toEqual([
      [seed.feeds.failing, 'failing'],
      [seed.feeds.never, 'never_polled'],
      [seed.feeds.ok, 'ok'],
    ]);
    expect(body.feeds[0]).toMatchObject({ consecutive_failures: 3, last_error: 'HTTP 503 Service Unavailable', articles_total: 1 });
    const ok = await s.json('/api/feeds?health=ok');
    expect(ok.body.feeds).toHaveLength(1);
    expect(ok.body.feeds[0]).toMatchObject({ articles_total: 3, articles_24h: 0 });
    expect((await s.json('/api/feeds?health=bad')).status).toBe(400);
  });

  it('sums up a period', async () => {
    const { body } = await s.json(`/api/summary?from=${daysAgo(30)}`);
    expect(body).toMatchObject({ events: 4, rocky_events: 2, companies: 4, articles: 4, feeds: 3, feeds_failing: 1, rocky_score: 50 });
  });
});

describe('GET / (dashboard)', () => {
  it('serves the page and its assets from this server only, under a strict content policy', async () => {
    const page = await s.get('/');
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(page.headers.get('content-security-policy')).toMatch(/default-src 'self'/);
    const html = await page.text();
    expect(html).not.toMatch(/https?:\/\/(?!www\.w3\.org\/2000\/svg)/);
    expect(html).toContain('/assets/dashboard.js');
    expect(html).toContain('/assets/dashboard.css');
    for (const asset of ['/assets/dashboard.js', '/assets/chart.js', '/assets/dom.js', '/assets/dashboard.css']) {
      const res = await s.get(asset);
      expect(res.status).toBe(200);
      expect(await res.text()).not.toMatch(/https?:\/\/(?!www\.w3\.org\/2000\/svg)/);
    }
  });
});
