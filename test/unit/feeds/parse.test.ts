import { readFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { FeedParseError, parseFeed } from '../../../src/feeds/parse.js';

const fixture = (name: string): string => readFileSync(new URL(`../../fixtures/feeds/${name}`, import.meta.url), 'utf8');
const sha = (s: string): string => createHash('sha256').update(s).digest('hex');

async function rejection(text: string): Promise<FeedParseError> {
  try {
    await parseFeed(text, 'https://feeds.example.com/x');
  } catch (err) {
    expect(err).toBeInstanceOf(FeedParseError);
    expect((err as FeedParseError).permanent).toBe(true);
    return err as FeedParseError;
  }
  throw new Error('expected a FeedParseError');
}

describe('parseFeed formats', () => {
  it('parses RSS 2.0: canonical URL, plain text, dates, guid permalinks, rejects', async () => {
    const feed = await parseFeed(fixture('rss2.xml'), 'https://news.example.com/feed.xml');
    expect(feed.title).toBe('AI Wire');
    expect(feed.language).toBe('en-us');
    expect(feed.items).toHaveLength(3);
    const [a, b, c] = feed.items;
    expect(a?.url).toBe('https://news.example.com/2025/05/gpt5-delay?id=42');
    expect(a?.key).toBe(sha('https://news.example.com/2025/05/gpt5-delay?id=42'));
    expect(a?.guid).toBe('ai-wire-1001');
    expect(a?.title).toBe('OpenAI delays GPT-5 rollout & throttles sign-ups');
    expect(a?.summary).toBe('The launch was pushed back again.');
    expect(a?.body).toBe('OpenAI said on Tuesday the rollout is delayed.\nSign-ups were throttled for hours.');
    expect(a?.publishedAt?.toISOString()).toBe('2025-05-06T09:30:00.000Z');
    expect(a?.language).toBe('en-us');
    expect(a?.contentHash).toMatch(/^[0-9a-f]{64}$/);
    expect(b?.url).toBe('https://news.example.com/2025/05/relative');
    expect(b?.publishedAt).toBeNull();
    expect(b?.summary).toBe('Plain escaped summary');
    expect(c?.url).toBe('https://news.example.com/2025/05/guid-only');
    expect(c?.publishedAt).toBeNull(); // 1979 is absurd
    expect(feed.rejected).toEqual([{ index: 3, reason: 'item has no usable link, guid or title' }]);
  });

  it('parses Atom: xml:base, xml:lang, html titles, xhtml content, a bad date', async () => {
    const feed = await parseFeed(fixture('atom.xml'), 'https://blog.example.org/atom.xml');
    expect(feed.title).toBe('Model Notes');
    expect(feed.language).toBe('en');
    expect(feed.items).toHaveLength(2);
    const [a, b] = feed.items;
    expect(a?.url).toBe('https://blog.example.org/posts/gemini-paused');
    expect(a?.title).toBe('Gemini 2.5 paused in Europe');
    expect(a?.guid).toBe('tag:blog.example.org,2025:1');
    expect(a?.summary).toBe('Google paused the rollout.');
    expect(a?.body).toContain('Google paused the Gemini 2.5 rollout in the EU.');
    expect(a?.body).toContain('Regulators asked questions.');
    expect(a?.publishedAt?.toISOString()).toBe('2025-05-01T10:00:00.000Z');
    expect(b?.publishedAt).toBeNull();
    expect(b?.body).toBe('Body text');
  });

  it('parses RSS 1.0 (RDF)', async () => {
    const feed = await parseFeed(fixture('rss1.rdf'), 'https://rdf.example.net/index.rdf');
    expect(feed.title).toBe('RDF Site');
    expect(feed.language).toBe('de');
    expect(feed.items).toHaveLength(1);
    expect(feed.items[0]?.title).toBe('Kimi K2 launch rocky');
    expect(feed.items[0]?.publishedAt?.toISOString()).toBe('2025-04-30T06:00:00.000Z');
  });

  it('parses JSON Feed: content_html, content_text, items without URL, future dates, non-objects', async () => {
    const feed = await parseFeed(fixture('feed.json'), 'https://json.example.com/feed.json');
    expect(feed.title).toBe('JSON News');
    expect(feed.language).toBe('zh-CN');
    expect(feed.items).toHaveLength(3);
    const [a, b, c] = feed.items;
    expect(a?.url).toBe('https://json.example.com/posts/1');
    expect(a?.body).toBe('字节跳动表示，由于算力不足，上线推迟。');
    expect(a?.publishedAt?.toISOString()).toBe('2025-05-02T00:00:00.000Z');
    expect(b?.body).toBe('Line one\nLine two & more');
    expect(b?.key).toBe(sha('https://json.example.com/feed.json\nguid:2'));
    expect(b?.url).toMatch(/^https:\/\/json\.example\.com\/feed\.json#item-[0-9a-f]{16}$/);
    expect(c?.publishedAt).toBeNull();
    expect(feed.rejected).toEqual([{ index: 3, reason: 'item is not an object' }]);
  });

  it('drops a repeated item within one document', async () => {
    const item = '<item><title>t</title><link>https://a.example/x</link></item>';
    const feed = await parseFeed(`<rss version="2.0"><channel>${item}${item}</channel></rss>`, 'https://a.example/f');
    expect(feed.items).toHaveLength(1);
    expect(feed.rejected[0]?.reason).toMatch(/duplicate/);
  });

  it('accepts HTML named entities and bare ampersands that real feeds contain', async () => {
    const xml = '<rss version="2.0"><channel><title>Caf&eacute; &amp; more</title><item><title>Tom &amp; Jerry &nbsp;&hellip; R&D</title><link>https://a.example/?a=1&b=2</link></item></channel></rss>';
    const feed = await parseFeed(xml, 'https://a.example/f');
    expect(feed.title).toBe('Café & more');
    expect(feed.items[0]?.title).toBe('Tom & Jerry … R&D');
    expect(feed.items[0]?.url).toBe('https://a.example/?a=1&b=2');
  });
});

describe('parseFeed rejects what is not a feed', () => {
  it.each([
    ['empty body', ''],
    ['whitespace', '  \n\t '],
  ])('%s', async (_name, text) => {
    expect((await rejection(text)).reason).toBe('empty body');
  });

  it('an HTML error page', async () => {
    expect((await rejection(fixture('html-error.html'))).reason).toMatch(/HTML page/);
  });

  it('truncated XML', async () => {
    expect((await rejection(fixture('truncated.xml'))).reason).toMatch(/malformed RSS XML/);
  });

  it('other XML and bad JSON', async () => {
    expect((await rejection('<catalog><book/></catalog>')).reason).toMatch(/root element <catalog>/);
    expect((await rejection('{"items": [')).reason).toMatch(/invalid JSON/);
    expect((await rejection('{"hello": 1}')).reason).toMatch(/not a JSON Feed/);
  });
});

describe('parseFeed on hostile input', () => {
  it('never expands billion-laughs entities', async () => {
    const t0 = Date.now();
    const feed = await parseFeed(fixture('billion-laughs.xml'), 'https://evil.example/f');
    expect(Date.now() - t0).toBeLessThan(2_000);
    expect(feed.items[0]?.title.length ?? 0).toBeLessThan(100);
    expect(feed.items[0]?.title).not.toMatch(/(lol){5}/);
  });

  it('never reads external entities (XXE)', async () => {
    const feed = await parseFeed(fixture('xxe.xml'), 'https://evil.example/f');
    const all = JSON.stringify(feed);
    expect(all).not.toMatch(/root:|\/bin\/(ba)?sh/);
    expect(feed.items[0]?.title).toBe('Leak: &xxe;');
  });

  it('does not pollute Object.prototype through __proto__/constructor elements', async () => {
    const feed = await parseFeed(fixture('prototype.xml'), 'https://evil.example/f');
    expect(feed.items).toHaveLength(1);
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
    expect((Object.prototype as Record<string, unknown>)['polluted']).toBeUndefined();
  });

  it('caps a 1 MB title and a huge body, strips NUL bytes and lone surrogates', async () => {
    const bigTitle = 'A'.repeat(1024 * 1024);
    const bigBody = '<p>word </p>'.repeat(60_000);
    const xml = `<rss version="2.0"><channel><item><title>${bigTitle}</title><link>https://a.example/1</link><description>x\u0000y\uD800z</description><content:encoded xmlns:content="http://purl.org/rss/1.0/modules/content/"><![CDATA[${bigBody}]]></content:encoded></item></channel></rss>`;
    const feed = await parseFeed(xml, 'https://a.example/f');
    const item = feed.items[0];
    expect(item?.title.length).toBe(1_000);
    expect(item?.summary).toBe('xyz');
    expect(item?.body.length).toBeLessThanOrEqual(200_000);
  });

  it('survives deeply nested XML without blowing the stack', async () => {
    const depth = 100_000;
    const xml = `<rss version="2.0"><channel><item><title>deep</title><link>https://a.example/d</link><description>${'<x>'.repeat(depth)}core${'</x>'.repeat(depth)}</description></item></channel></rss>`;
    const feed = await parseFeed(xml, 'https://a.example/f');
    expect(feed.items[0]?.summary).toContain('core');
  });

  it('rejects deeply nested garbage as malformed rather than crashing', async () => {
    const xml = `<rss version="2.0">${'<a>'.repeat(200_000)}`;
    expect((await rejection(xml)).reason).toMatch(/malformed/);
  });
});
