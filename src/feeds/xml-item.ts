import type { RawItem } from './normalize-item.js';
import { str } from './normalize-item.js';

type XmlNode = Record<string, unknown>;

function node(v: unknown): XmlNode | null {
  return v && typeof v === 'object' && !Array.isArray(v) ? (v as XmlNode) : null;
}

function first(item: XmlNode, ...names: string[]): unknown {
  for (const n of names) {
    const v = item[n];
    const f = Array.isArray(v) ? v[0] : v;
    if (f !== undefined && f !== null && f !== '') return f;
  }
  return undefined;
}

function escapeHtml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/**
 * Text content of an element as HTML. xml2js turns inline XHTML (Atom type="xhtml", or unescaped
 * markup in a description) into nested objects; their text is gathered iteratively, one line per
 * element, since documents can nest deeper than the stack allows recursion.
 */
export function contentHtml(v: unknown): string | null {
  if (typeof v === 'string') return v;
  const n = node(v);
  if (!n) return null;
  if (typeof n['_'] === 'string' && Object.keys(n).every((k) => k === '_' || k === '$')) return n['_'];
  const parts: string[] = [];
  const stack: unknown[] = [n];
  while (stack.length) {
    const cur = stack.pop();
    if (typeof cur === 'string') {
      parts.push(escapeHtml(cur));
      continue;
    }
    if (Array.isArray(cur)) {
      for (let i = cur.length - 1; i >= 0; i--) stack.push(cur[i]);
      continue;
    }
    const o = node(cur);
    if (!o) continue;
    const keys = Object.keys(o).filter((k) => k !== '$');
    for (let i = keys.length - 1; i >= 0; i--) {
      stack.push('\n');
      stack.push(o[keys[i] as string]);
    }
  }
  const html = parts.join('').replace(/\n+/g, '<br>');
  return html.trim() ? html : null;
}

function atomLink(item: XmlNode): string | null {
  const links = Array.isArray(item['link']) ? (item['link'] as unknown[]) : [];
  let fallback: string | null = null;
  for (const l of links) {
    const attrs = node(node(l)?.['$']);
    const href = attrs ? str(attrs['href']) : str(l);
    if (!href) continue;
    const rel = attrs ? str(attrs['rel']) : null;
    if (!rel || rel === 'alternate') return href;
    fallback ??= rel === 'self' || rel === 'enclosure' ? null : href;
  }
  return fallback;
}

function lang(item: XmlNode): string | null {
  return str(node(item['$'])?.['xml:lang']) ?? str(first(item, 'dc:language', 'language'));
}

/** Maps an xml2js RSS 0.9x/1.0/2.0 <item> to a RawItem. */
export function rssItem(v: unknown): RawItem | null {
  const item = node(v);
  if (!item) return null;
  const guidEl = first(item, 'guid');
  return {
    link: str(first(item, 'link')) ?? atomLink(item) ?? str(node(item['$'])?.['rdf:about']),
    guid: str(guidEl),
    title: contentHtml(first(item, 'title', 'dc:title')),
    summaryHtml: contentHtml(first(item, 'description', 'summary', 'dc:description')),
    bodyHtml: contentHtml(first(item, 'content:encoded', 'content')),
    dates: [str(first(item, 'pubDate')), str(first(item, 'dc:date')), str(first(item, 'pubdate', 'date'))],
    language: lang(item),
  };
}

/** Maps an xml2js Atom 1.0/0.3 <entry> to a RawItem. */
export function atomItem(v: unknown): RawItem | null {
  const item = node(v);
  if (!item) return null;
  return {
    link: atomLink(item),
    guid: str(first(item, 'id')),
    title: contentHtml(first(item, 'title')),
    summaryHtml: contentHtml(first(item, 'summary')),
    bodyHtml: contentHtml(first(item, 'content')),
    // Atom 0.3 used issued/modified/created.
    dates: [
      str(first(item, 'published')),
      str(first(item, 'updated')),
      str(first(item, 'issued')),
      str(first(item, 'modified')),
      str(first(item, 'created')),
      str(first(item, 'dc:date')),
    ],
    language: lang(item),
  };
}
