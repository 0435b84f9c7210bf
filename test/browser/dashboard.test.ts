import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { startServe, type ServeContext } from '../integration/http/serve-context.js';
import { GPT_SENTENCE, QWEN_SENTENCE, seedWorld } from '../integration/http/seed.js';
import { launchChromium } from './chromium.js';

// The dashboard in a real headless Chromium against seeded data: what a person would see.

let s: ServeContext;
let browser: Browser;
let page: Page;
const problems: string[] = [];

beforeAll(async () => {
  // Fails (does not skip) without Chromium: the message says how to install it.
  browser = await launchChromium();
  s = await startServe({ redis: false });
  await seedWorld(s.tdb.db);
  page = await browser.newPage({ viewport: { width: 1360, height: 1000 }, timezoneId: 'UTC', locale: 'en-US' });
  page.on('console', (m) => {
    if (m.type() === 'error') problems.push(`console: ${m.text()}`);
  });
  page.on('pageerror', (err) => problems.push(`page error: ${err.message}`));
  // The page must work offline: anything not served by launchwatch itself is refused and noted.
  const origin = new URL(s.url).origin;
  await page.route('**/*', (route) => {
    const url = route.request().url();
    if (url.startsWith(origin) || url.startsWith('data:')) return route.continue();
    problems.push(`outside request: ${url}`);
    return route.abort();
  });
  await page.goto(`${s.url}/`);
  await page.waitForSelector('body[data-loaded="true"]', { timeout: 15_000 });
});

afterAll(async () => {
  await browser?.close();
  await s?.stop();
});

describe('dashboard', () => {
  it('loads without errors or outside requests', () => {
    expect(problems).toEqual([]);
  });

  it('sums up the default 30-day period', async () => {
    const tile = (key: string) => page.textContent(`#tiles [data-key="${key}"]`);
    expect(await tile('events')).toBe('4');
    expect(await tile('rocky_events')).toBe('2');
    expect(await tile('feeds_failing')).toBe('1');
  });

  it('charts one point per seeded event, coloured per company', async () => {
    const points = await page.$$eval('#chart svg circle.point', (cs) =>
      cs.map((c) => ({ company: c.getAttribute('data-company'), fill: c.getAttribute('fill'), cy: Number(c.getAttribute('cy')) })),
    );
    expect(points.map((p) => p.company).sort()).toEqual(['alibaba', 'anthropic', 'google', 'openai']);
    expect(new Set(points.map((p) => p.fill)).size).toBe(4);
    // Higher friction is drawn higher up: openai (72.5) above google (0).
    const cy = (c: string) => points.find((p) => p.company === c)!.cy;
    expect(cy('openai')).toBeLessThan(cy('google'));
    const legend = await page.$$eval('#legend .legend-item', (bs) => bs.map((b) => b.textContent));
    expect(legend).toEqual(['alibaba (1)', 'anthropic (1)', 'google (1)', 'openai (1)']);
  });

  it('lists the rockiest launches with their evidence sentences, the term marked', async () => {
    const items = await page.$$eval('#rocky .rocky-item', (lis) =>
      lis.map((li) => ({
        name: li.querySelector('.rocky-name')?.textContent,
        score: li.querySelector('.score')?.textContent,
        sentences: [...li.querySelectorAll('.evidence-sentence')].map((q) => q.textContent),
        marks: [...li.querySelectorAll('mark')].map((m) => m.textContent),
      })),
    );
    expect(items.map((i) => i.name)).toEqual(['openai gpt 5', 'alibaba qwen 3', 'anthropic claude 4']);
    expect(items[0]).toMatchObject({ score: '73', sentences: [GPT_SENTENCE], marks: ['delayed'] });
    expect(items[1]).toMatchObject({ sentences: [QWEN_SENTENCE], marks: ['限流'] });
  });

  it('shows feed health rows, failing first with its error', async () => {
    const rows = await page.$$eval('#feeds tbody tr', (trs) => trs.map((tr) => ({ health: tr.getAttribute('data-health'), text: tr.textContent })));
    expect(rows.map((r) => r.health)).toEqual(['failing', 'never_polled', 'ok']);
    expect(rows[0]!.text).toContain('AI Wire');
    expect(rows[0]!.text).toContain('HTTP 503 Service Unavailable');
    expect(rows[1]!.text).toContain('科技快讯');
  });

  it('shows a tooltip for a point and hides a company from its legend entry', async () => {
    await page.hover('#chart circle[data-company="openai"]');
    expect(await page.isVisible('#tooltip')).toBe(true);
    expect(await page.textContent('#tooltip')).toContain('openai gpt 5');
    await page.click('#legend [data-company="google"]');
    expect(await page.getAttribute('#chart g.series[data-company="google"]', 'visibility')).toBe('hidden');
    await page.click('#legend [data-company="google"]');
    expect(await page.getAttribute('#chart g.series[data-company="google"]', 'visibility')).toBeNull();
  });

  it('widens to every event when the period is All', async () => {
    await page.click('[data-period="all"]');
    // (waitForFunction with a string would be refused by the page's CSP: no eval.)
    await page.waitForSelector('#chart circle[data-company="meta"]');
    expect(await page.$$eval('#chart circle.point', (cs) => cs.length)).toBe(5);
    expect(await page.textContent('#tiles [data-key="events"]')).toBe('5');
    expect(await page.$$eval('#chart circle[data-company="meta"]', (cs) => cs.length)).toBe(1);
    expect(new URL(page.url()).hash).toBe('#period=all');
    expect(problems).toEqual([]);
  });
});
