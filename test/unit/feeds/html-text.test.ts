import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { extractMainText, htmlToText } from '../../../src/feeds/html-text.js';

const fixture = (name: string): string => readFileSync(new URL(`../../fixtures/feeds/${name}`, import.meta.url), 'utf8');

describe('htmlToText', () => {
  it('turns blocks into lines, decodes entities and drops scripts and styles', () => {
    const html = '<h2>Title</h2><p>One&nbsp;&amp; two&hellip;</p><script>evil()</script><style>p{}</style><ul><li>a</li><li>b</li></ul>text<br>after';
    expect(htmlToText(html)).toBe('Title\nOne & two…\na\nb\ntext\nafter');
  });

  it('keeps inline elements in one sentence', () => {
    expect(htmlToText('<p>The <b>launch</b> was <a href="#">delayed</a>.</p>')).toBe('The launch was delayed.');
  });

  it('handles plain text and empty input', () => {
    expect(htmlToText('just   text\n\n here')).toBe('just text\nhere');
    expect(htmlToText('')).toBe('');
  });

  it('reads malformed markup as a browser-like parser builds it', () => {
    // Implied closes (<p> and <li> closed by their next sibling), cells, a dropped element holding
    // blocks, comments and CDATA (never text in HTML), an unclosed script, unknown tags.
    expect(htmlToText('<ul><li>one<li>two</ul><p>a<p>b')).toBe('one\ntwo\na\nb');
    expect(htmlToText('<table><tr><td>x</td><td>y</td></tr><tr><th>z</th></tr></table>')).toBe('x y\nz');
    expect(htmlToText('<div>keep<noscript><p>drop</p><div>this too</div></noscript> me</div>')).toBe('keep me');
    expect(htmlToText('a<!-- hidden -->b<![CDATA[ not text ]]>c')).toBe('abc');
    expect(htmlToText('<P>Upper<BR>Case</P><custom-tag>kept</custom-tag>')).toBe('Upper\nCase\nkept');
    expect(htmlToText('before<script>if (a < b) { x = "</p>" }')).toBe('before');
    expect(htmlToText('<svg><text>chart</text></svg>after &lt;tag&gt; &#x4E2D;&#25991;')).toBe('after <tag> 中文');
  });

  it('survives 100 000-deep nesting', () => {
    const depth = 100_000;
    const html = `${'<div>'.repeat(depth)}deep text${'</div>'.repeat(depth)}`;
    const t0 = Date.now();
    expect(htmlToText(html)).toBe('deep text');
    expect(Date.now() - t0).toBeLessThan(10_000);
  });
});

describe('extractMainText', () => {
  it('keeps the article and drops nav, banners, share bars, related links, footer and comments', () => {
    const { title, text } = extractMainText(fixture('article.html'));
    expect(title).toBe('Qwen 3 launch hit by outages');
    expect(text).toContain("Alibaba's Qwen 3 launch on Tuesday was rocky");
    expect(text).toContain('Developers reported timeouts and rate limits & error pages across regions.');
    for (const junk of ['Home', 'cookies', 'Share on', 'Related', 'Other story', 'Most read', 'All rights reserved', 'Subscribe', 'comment', 'tracking']) {
      expect(text).not.toContain(junk);
    }
  });

  it('falls back to the element with the most paragraph text', () => {
    const { text } = extractMainText(fixture('article-divs.html'));
    expect(text).toContain('DeepSeek R2 was delayed again');
    expect(text).toContain('did not respond');
    expect(text).not.toContain('teaser');
    expect(text).not.toContain('News');
  });

  it('survives 100 000-deep nesting', () => {
    const depth = 100_000;
    const html = `<html><body><article>${'<div>'.repeat(depth)}<p>${'Deep article text. '.repeat(10)}</p>${'</div>'.repeat(depth)}</article></body></html>`;
    expect(extractMainText(html).text).toContain('Deep article text.');
  });
});
