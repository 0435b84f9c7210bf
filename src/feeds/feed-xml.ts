import { load } from 'cheerio';

/** What the first element of a document says it is. */
export type RootKind = 'rss' | 'atom' | 'rdf' | 'html' | 'json' | 'other' | 'none';

/** A short, log-safe reason why a body is not a feed; null when it may be one. */
export function rootKind(text: string): { kind: RootKind; name: string | null } {
  const head = text.slice(0, 64 * 1024);
  if (/^\s*[[{]/.test(head)) return { kind: 'json', name: null };
  // Skip the prolog: XML declaration, PIs, comments, DOCTYPE (with or without an internal subset).
  const re = /<\?[\s\S]*?\?>|<!--[\s\S]*?-->|<!DOCTYPE(?:[^[>]*\[[\s\S]*?\]\s*>|[^>]*>)|<([A-Za-z_][\w.:-]*)/gi;
  for (const m of head.matchAll(re)) {
    const name = m[1];
    if (!name) continue;
    const local = name.toLowerCase();
    if (local === 'rss') return { kind: 'rss', name };
    if (local === 'feed' || local.endsWith(':feed')) return { kind: 'atom', name };
    if (local === 'rdf:rdf' || local.endsWith(':rdf') || local === 'rdf') return { kind: 'rdf', name };
    if (local === 'html' || local === 'head' || local === 'body') return { kind: 'html', name };
    return { kind: 'other', name };
  }
  return { kind: 'none', name: null };
}

/** True when the DOCTYPE has an internal subset declaring entities (billion laughs, XXE). */
export function declaresEntities(text: string): boolean {
  const head = text.slice(0, 256 * 1024);
  return /<!DOCTYPE[^>[]*\[[\s\S]*?<!ENTITY/i.test(head);
}

/** Attribute value on the root element (xml:lang, xml:base), read without a parser. */
export function rootAttribute(text: string, rootName: string, attr: string): string | null {
  const esc = rootName.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const open = new RegExp(`<${esc}\\b[^>]*>`).exec(text.slice(0, 64 * 1024));
  if (!open) return null;
  const a = new RegExp(`\\s${attr.replace(':', '\\:')}\\s*=\\s*["']([^"']*)["']`).exec(open[0]);
  return a?.[1]?.trim() || null;
}

const XML_ENTITIES = new Set(['amp', 'lt', 'gt', 'quot', 'apos']);
const entityCache = new Map<string, string>();

function htmlEntityToNumeric(name: string): string {
  let hit = entityCache.get(name);
  if (hit === undefined) {
    // cheerio (entities package) knows the whole HTML5 table; the cache keeps this cheap.
    const decoded = load(`&${name};`, null, false).text();
    hit = decoded === `&${name};` || decoded === '' ? `&amp;${name};` : [...decoded].map((c) => `&#${c.codePointAt(0)};`).join('');
    if (entityCache.size < 5000) entityCache.set(name, hit);
  }
  return hit;
}

/**
 * Repairs the commonest breakage of real feeds before a second parse attempt: HTML named entities
 * (&nbsp;, &eacute;) that XML does not define, and bare ampersands. CDATA sections are left alone.
 */
export function repairXml(text: string): string {
  return text
    .split(/(<!\[CDATA\[[\s\S]*?\]\]>)/)
    .map((part, i) => {
      if (i % 2 === 1) return part;
      return part.replace(/&(#[0-9]+;|#x[0-9a-fA-F]+;|([A-Za-z][A-Za-z0-9]{0,31});)?/g, (m, ref: string | undefined, name: string | undefined) => {
        if (!ref) return '&amp;';
        if (!name || XML_ENTITIES.has(name)) return m;
        return htmlEntityToNumeric(name);
      });
    })
    .join('');
}
