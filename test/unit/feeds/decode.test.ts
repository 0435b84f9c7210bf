import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { decodeBody } from '../../../src/feeds/decode.js';
import { parseFeed } from '../../../src/feeds/parse.js';

const SIMPLIFIED = '字节跳动的豆包大模型发布后因为算力不足而限流，上线推迟。这是我们对这个问题的报告，用户表示不满。';
const TRADITIONAL = '字節跳動的豆包大模型發布後因為算力不足而限流，上線推遲。這是我們對這個問題的報告，用戶表示不滿。';
// GBK-only (not in GB2312) and GB18030-only (4-byte) characters: 镕 is GBK, 𠀀 needs GB18030.
const GB18030_EXTRA = '朱镕基𠀀';

function rss(title: string, encodingDecl: string | null): string {
  const decl = encodingDecl ? `<?xml version="1.0" encoding="${encodingDecl}"?>` : '<?xml version="1.0"?>';
  return `${decl}<rss version="2.0"><channel><title>${title}</title><item><title>${title}</title><link>https://cn.example.com/1</link></item></channel></rss>`;
}

describe('decodeBody charsets', () => {
  it.each([
    ['gbk', 'text/xml; charset=GBK', null, SIMPLIFIED],
    ['gb2312 label with GBK-only chars', 'application/rss+xml; charset="gb2312"', null, SIMPLIFIED + '镕'],
    ['gb18030', 'text/xml;charset=gb18030', null, SIMPLIFIED + GB18030_EXTRA],
    ['big5', 'text/xml; charset=big5', null, TRADITIONAL],
  ])('%s from the Content-Type header', async (_n, contentType, decl, text) => {
    const enc = contentType.includes('big5') ? 'big5' : 'gb18030';
    const { text: out } = decodeBody(iconv.encode(rss(text, decl), enc), contentType);
    expect(out).not.toContain('\uFFFD');
    expect((await parseFeed(out, 'https://cn.example.com/feed')).title).toBe(text);
  });

  it.each([
    ['GBK', 'gb18030', SIMPLIFIED + '镕'],
    ['GB2312', 'gb18030', SIMPLIFIED],
    ['GB18030', 'gb18030', SIMPLIFIED + GB18030_EXTRA],
    ['Big5', 'big5', TRADITIONAL],
  ])('%s named only in the XML declaration', async (decl, enc, text) => {
    const { text: out } = decodeBody(iconv.encode(rss(text, decl), enc), 'application/xml');
    expect(out).not.toContain('\uFFFD');
    expect((await parseFeed(out, 'https://cn.example.com/feed')).items[0]?.title).toBe(text);
  });

  it.each([
    ['gb18030', SIMPLIFIED, 'gb18030'],
    ['big5', TRADITIONAL, 'cp950'],
  ])('%s detected from the bytes alone', (enc, text, expected) => {
    const res = decodeBody(iconv.encode(rss(text, null), enc), null);
    expect(res.charset).toBe(expected);
    expect(res.text).toContain(text);
  });

  it('distrusts a UTF-8 header over bytes that are not UTF-8', () => {
    const res = decodeBody(iconv.encode(rss(SIMPLIFIED, 'gbk'), 'gbk'), 'text/xml; charset=utf-8');
    expect(res.text).toContain(SIMPLIFIED);
  });

  it('reads BOMs (UTF-8, UTF-16LE/BE) and BOM-less UTF-16', () => {
    const s = rss('héllo 世界', null);
    expect(decodeBody(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(s)]), null).text).toBe(s);
    expect(decodeBody(Buffer.concat([Buffer.from([0xff, 0xfe]), iconv.encode(s, 'utf-16le')]), 'text/xml; charset=iso-8859-1').text).toBe(s);
    expect(decodeBody(Buffer.concat([Buffer.from([0xfe, 0xff]), iconv.encode(s, 'utf-16be')]), null).text).toBe(s);
    expect(decodeBody(iconv.encode(s, 'utf-16le'), null).charset).toBe('utf-16le');
  });

  it('treats ISO-8859-1 as windows-1252 and falls back to it for non-CJK bytes', () => {
    const bytes = iconv.encode(rss('café “quoted”', 'ISO-8859-1'), 'windows-1252');
    expect(decodeBody(bytes, null).text).toContain('café “quoted”');
    expect(decodeBody(iconv.encode('plain café text', 'latin1'), null).charset).toBe('windows-1252');
  });

  it('reads an HTML meta charset', () => {
    const html = `<html><head><meta charset="gbk"><title>${SIMPLIFIED}</title></head></html>`;
    expect(decodeBody(iconv.encode(html, 'gbk'), 'text/html').text).toContain(SIMPLIFIED);
  });

  it('strips NUL bytes and lone surrogates', () => {
    const buf = Buffer.concat([Buffer.from('a\u0000b'), Buffer.from([0xed, 0xa0, 0x80]), Buffer.from('c')]);
    const { text } = decodeBody(buf, 'text/plain; charset=utf-8');
    expect(text).not.toContain('\u0000');
    expect(text.startsWith('ab')).toBe(true);
    expect(decodeBody(Buffer.from('x\u0000y'), null).text).toBe('xy');
  });
});

describe('decodeBody with a few unreadable UTF-8 sequences', () => {
  it('stays UTF-8 and drops the unreadable mark instead of turning the text into mojibake', () => {
    const body = Buffer.concat([Buffer.from('<rss><title>通义千问 Kling '), Buffer.from([0xed, 0xa0, 0x80]), Buffer.from(' rollout</title></rss>')]);
    const { text, charset } = decodeBody(body, 'application/rss+xml');
    expect(charset).toBe('utf-8');
    expect(text).toBe('<rss><title>通义千问 Kling  rollout</title></rss>');
  });

  it('still reads real windows-1252 bytes as such', () => {
    const { text } = decodeBody(Buffer.from([0x63, 0x61, 0x66, 0xe9, 0x20, 0x6f, 0x6b]), null);
    expect(text).toBe('café ok');
  });
});
