import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ConfigError } from '../../../src/errors.js';
import { loadFeedList, parseOpml, toOpml } from '../../../src/feeds/feed-list.js';

const dir = mkdtempSync(path.join(tmpdir(), 'lw-feeds-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const write = (name: string, text: string): string => {
  const p = path.join(dir, name);
  writeFileSync(p, text);
  return p;
};
const opmlFixture = new URL('../../fixtures/feeds/feeds.opml', import.meta.url).pathname;

describe('loadFeedList', () => {
  it('reads YAML with defaults', () => {
    const file = write('a.yaml', 'feeds:\n  - url: https://a.example/feed\n    title: A\n    language: en\n  - url: https://b.example/rss\n    enabled: false\n    pollIntervalS: 60\n    minTextChars: 400\n    tags: [ai]\n');
    expect(loadFeedList(file)).toEqual([
      { url: 'https://a.example/feed', title: 'A', language: 'en', enabled: true, pollIntervalS: 900 },
      { url: 'https://b.example/rss', enabled: false, pollIntervalS: 60, minTextChars: 400, tags: ['ai'] },
    ]);
  });

  it('reads JSON (a bare list) and detects the format by content without an extension', () => {
    const file = write('list', JSON.stringify([{ url: 'https://a.example/feed' }]));
    expect(loadFeedList(file)).toEqual([{ url: 'https://a.example/feed', enabled: true, pollIntervalS: 900 }]);
  });

  it('reads OPML with nested outlines as tags', () => {
    const specs = loadFeedList(opmlFixture);
    expect(specs.map((s) => s.url)).toEqual(['https://news.example.com/feed.xml', 'https://cn.example.com/rss', 'https://top.example.com/atom']);
    expect(specs[0]?.tags).toEqual(['AI', 'English']);
    expect(specs[1]).toMatchObject({ title: '量子位', language: 'zh', tags: ['AI'] });
    expect(specs[2]?.title).toBe('Top level & co');
  });

  it.each([
    ['bad-url.yaml', 'feeds:\n  - url: ftp://x.example/\n', /bad-url\.yaml: feeds\[0\]\.url: must be an absolute http\(s\) URL/],
    ['typo.yaml', 'feeds:\n  - url: https://x.example/\n    pollInterval: 60\n', /typo\.yaml: feeds\[0\]/],
    ['small.yaml', 'feeds:\n  - url: https://x.example/\n    pollIntervalS: 5\n', /small\.yaml: feeds\[0\]\.pollIntervalS/],
    ['dup.yaml', 'feeds:\n  - url: https://x.example/\n  - url: https://x.example/\n', /dup\.yaml: feeds\[1\]\.url: duplicate/],
    ['broken.json', '{"feeds": [', /broken\.json: invalid JSON/],
  ])('names file and field in ConfigError for %s', (name, text, msg) => {
    const file = write(name, text);
    expect(() => loadFeedList(file)).toThrow(ConfigError);
    expect(() => loadFeedList(file)).toThrow(msg);
  });

  it('reports a missing file as ConfigError', () => {
    expect(() => loadFeedList(path.join(dir, 'nope.yaml'))).toThrow(/nope\.yaml: cannot read/);
  });
});

describe('OPML round trip', () => {
  it('toOpml output parses back to the same feeds', () => {
    const feeds = [
      { url: 'https://a.example/feed?x=1&y=2', title: 'A "quoted" <feed>', language: 'en', enabled: true, pollIntervalS: 900 },
      { url: 'https://b.example/rss', enabled: true, pollIntervalS: 900 },
    ];
    const back = parseOpml(toOpml(feeds));
    expect(back).toEqual([
      { url: 'https://a.example/feed?x=1&y=2', title: 'A "quoted" <feed>', language: 'en', enabled: true, pollIntervalS: 900 },
      { url: 'https://b.example/rss', title: 'https://b.example/rss', enabled: true, pollIntervalS: 900 },
    ]);
  });
});
