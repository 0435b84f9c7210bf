import { describe, expect, it } from 'vitest';
import { canonicalUrl } from '../../../src/feeds/canonical-url.js';

describe('canonicalUrl', () => {
  it.each([
    ['HTTPS://News.Example.COM:443/a/b?utm_source=x&b=2&a=1#frag', 'https://news.example.com/a/b?a=1&b=2'],
    ['http://example.com:80', 'http://example.com/'],
    ['http://example.com:8080/x', 'http://example.com:8080/x'],
    ['https://example.com/story?id=7&fbclid=abc&gclid=z&mc_cid=1&mc_eid=2', 'https://example.com/story?id=7'],
    ['https://example.com/?p=123&ref=twitter&ref_src=twsrc', 'https://example.com/?p=123'],
    ['https://example.com/a?story=9&cmpid=rss&spm=a.b.c&from=timeline&share=1', 'https://example.com/a?story=9'],
    ['https://example.com/a?UTM_Campaign=X&page=2', 'https://example.com/a?page=2'],
    ['https://example.com/a/?', 'https://example.com/a/'],
    ['https://user:pw@example.com./a', 'https://example.com/a'],
    ['https://example.com/a?b=2&a=3&a=1', 'https://example.com/a?a=3&a=1&b=2'],
    ['https://例子.测试/路径', 'https://xn--fsqu00a.xn--0zwm56d/%E8%B7%AF%E5%BE%84'],
  ])('%s → %s', (raw, want) => {
    expect(canonicalUrl(raw)).toBe(want);
  });

  it('resolves relative URLs against a base', () => {
    expect(canonicalUrl('../b?utm_medium=rss', 'https://example.com/x/y/feed')).toBe('https://example.com/x/b');
    expect(canonicalUrl('//cdn.example.com/p', 'https://example.com/')).toBe('https://cdn.example.com/p');
  });

  it.each([['javascript:alert(1)'], ['mailto:a@b.c'], ['ftp://example.com/x'], ['file:///etc/passwd'], ['not a url'], [''], ['/relative-without-base']])(
    'rejects %s',
    (raw) => {
      expect(canonicalUrl(raw)).toBeNull();
    },
  );
});
