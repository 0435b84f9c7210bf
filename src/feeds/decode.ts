import iconv from 'iconv-lite';
import { sanitizeText } from './sanitize.js';
import { guessCjkCharset } from './cjk-guess.js';

/** Charset labels we map to the decoder that actually handles real-world bytes sent under that label. */
const ALIASES: Record<string, string> = {
  // GB2312 and GBK feeds routinely contain GBK/GB18030-only characters; GB18030 is a superset of both.
  gb2312: 'gb18030',
  gbk: 'gb18030',
  'x-gbk': 'gb18030',
  cp936: 'gb18030',
  'euc-cn': 'gb18030',
  hz: 'gb18030',
  big5: 'cp950',
  'x-big5': 'cp950',
  'big5-hkscs': 'big5hkscs',
  // Per the WHATWG Encoding standard, latin1 and ascii labels mean windows-1252 on the web.
  'iso-8859-1': 'windows-1252',
  'iso8859-1': 'windows-1252',
  latin1: 'windows-1252',
  'us-ascii': 'windows-1252',
  ascii: 'windows-1252',
  utf8: 'utf-8',
  'unicode-1-1-utf-8': 'utf-8',
};

/** Normalises a charset label to one iconv-lite can decode, or null when unknown. */
export function normaliseCharset(label: string | null | undefined): string | null {
  if (!label) return null;
  const l = label.trim().replace(/^["']|["']$/g, '').toLowerCase();
  if (!l) return null;
  const mapped = ALIASES[l] ?? l;
  return iconv.encodingExists(mapped) ? mapped : null;
}

/** The charset parameter of a Content-Type header, if any. */
export function charsetFromContentType(contentType: string | null): string | null {
  if (!contentType) return null;
  const m = /;\s*charset\s*=\s*("?)([^";\s]+)\1/i.exec(contentType);
  return m?.[2] ?? null;
}

function bomCharset(body: Buffer): { charset: string; skip: number } | null {
  const b = (i: number): number => body[i] ?? -1;
  // UTF-32 first: its little-endian BOM starts like UTF-16LE's.
  if (b(0) === 0xff && b(1) === 0xfe && b(2) === 0 && b(3) === 0) return { charset: 'utf-32le', skip: 4 };
  if (b(0) === 0 && b(1) === 0 && b(2) === 0xfe && b(3) === 0xff) return { charset: 'utf-32be', skip: 4 };
  if (body.length >= 3 && body[0] === 0xef && body[1] === 0xbb && body[2] === 0xbf) return { charset: 'utf-8', skip: 3 };
  if (body.length >= 2 && body[0] === 0xff && body[1] === 0xfe) return { charset: 'utf-16le', skip: 2 };
  if (body.length >= 2 && body[0] === 0xfe && body[1] === 0xff) return { charset: 'utf-16be', skip: 2 };
  return null;
}

/** UTF-16/32 without a BOM, recognised by how '<' (0x3C) of the first tag is padded with zero bytes. */
function zeroPaddedCharset(body: Buffer): string | null {
  const h = [...body.subarray(0, 4)].join(',');
  if (h === '0,0,0,60') return 'utf-32be';
  if (h === '60,0,0,0') return 'utf-32le';
  if (h.startsWith('0,60,0,')) return 'utf-16be';
  if (h.startsWith('60,0,') && body[3] === 0) return 'utf-16le';
  return null;
}

/** The encoding named by an XML declaration or an HTML meta tag in the first bytes. */
export function declaredCharset(body: Buffer): string | null {
  // Declarations are ASCII in every ASCII-compatible charset, so latin1 reads them safely.
  const head = body.subarray(0, 2048).toString('latin1');
  const xml = /^\s*<\?xml[^>]*?\bencoding\s*=\s*["']([A-Za-z0-9._:-]+)["']/.exec(head);
  if (xml?.[1]) return xml[1];
  const meta = /<meta[^>]+charset\s*=\s*["']?([A-Za-z0-9._:-]+)/i.exec(head);
  return meta?.[1] ?? null;
}

/** True when the bytes are well-formed UTF-8. */
export function isValidUtf8(body: Buffer): boolean {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(body);
    return true;
  } catch {
    return false;
  }
}

/** True when every non-ASCII byte belongs to a lead byte followed by the right number of continuation bytes. */
export function isUtf8Shaped(body: Buffer): boolean {
  for (let i = 0; i < body.length; i++) {
    const b = body[i]!;
    if (b < 0x80) continue;
    const need = b >= 0xc2 && b <= 0xdf ? 1 : b >= 0xe0 && b <= 0xef ? 2 : b >= 0xf0 && b <= 0xf4 ? 3 : -1;
    if (need < 0 || i + need >= body.length) return false;
    for (let k = 1; k <= need; k++) if ((body[i + k]! & 0xc0) !== 0x80) return false;
    i += need;
  }
  return true;
}

/**
 * Decodes a fetched body to text. Charset from BOM, then the HTTP header, then the XML declaration /
 * HTML meta, then valid UTF-8, then a GB18030-vs-Big5 guess, then windows-1252. A declared UTF-8 that
 * the bytes contradict is not trusted. The text is sanitised (NUL, controls, lone surrogates).
 */
export function decodeBody(body: Buffer, contentType: string | null): { text: string; charset: string } {
  const bom = bomCharset(body);
  // The BOM is the strongest signal there is (WHATWG puts it before the header too).
  if (bom) return finish(iconv.decode(body.subarray(bom.skip), bom.charset, { stripBOM: true }), bom.charset);

  const wide = zeroPaddedCharset(body);
  if (wide) return finish(iconv.decode(body, wide), wide);

  const utf8Ok = isValidUtf8(body);
  for (const label of [charsetFromContentType(contentType), declaredCharset(body)]) {
    const cs = normaliseCharset(label);
    if (!cs) continue;
    // Servers and templates often claim UTF-8 by default over bytes in another charset.
    if (cs === 'utf-8' && !utf8Ok) continue;
    // A UTF-16 declaration read through latin1 cannot be real without a BOM; ignore it.
    if (cs.startsWith('utf-16') || cs.startsWith('utf16')) continue;
    return finish(iconv.decode(body, cs), cs);
  }
  if (utf8Ok) return finish(body.toString('utf8'), 'utf-8');
  // UTF-8 in shape but for a few unreadable sequences (an encoded lone surrogate, an overlong form):
  // still UTF-8; reading it as a legacy charset would turn every character into mojibake.
  if (isUtf8Shaped(body)) return finish(body.toString('utf8'), 'utf-8');
  const cjk = guessCjkCharset(body);
  if (cjk) return finish(iconv.decode(body, cjk), cjk);
  return finish(iconv.decode(body, 'windows-1252'), 'windows-1252');
}

function finish(text: string, charset: string): { text: string; charset: string } {
  return { text: sanitizeText(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text), charset };
}
