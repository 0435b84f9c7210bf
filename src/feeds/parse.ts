import Parser from 'rss-parser';
import { declaresEntities, repairXml, rootAttribute, rootKind } from './feed-xml.js';
import { mapJson } from './json-feed.js';
import { cleanLanguage, normalizeItem, str, type NormalizedItem, type RawItem } from './normalize-item.js';
import { sanitizeText } from './sanitize.js';
import { atomItem, rssItem } from './xml-item.js';

export type { NormalizedItem } from './normalize-item.js';

/** Items beyond this in one document are ignored (reported once in `rejected`). */
export const MAX_ITEMS = 5_000;

export interface ParsedFeed {
  title: string | null;
  language: string | null;
  items: NormalizedItem[];
  rejected: { index: number; reason: string }[];
}

/** The body is not a feed at all (HTML page, truncated XML, empty); retrying will not help. */
export class FeedParseError extends Error {
  readonly permanent = true;
  readonly reason: string;
  constructor(reason: string, options?: ErrorOptions) {
    super(`not a feed: ${reason}`, options);
    this.name = 'FeedParseError';
    this.reason = reason;
  }
}

/**
 * rss-parser detects the format and builds the channel; its item builders are replaced because they
 * throw on odd dates/links and run a regex that is quadratic on hostile content. Items are mapped by
 * xml-item.ts from the raw xml2js objects instead.
 */
class FeedXmlParser extends Parser<Record<string, unknown>, { __raw: unknown; __atom: boolean }> {
  // rss-parser indexes channel[0] blindly; feeds with items straight under <rss> (or no channel) exist.
  buildRSS2(xmlObj: { rss: Record<string, unknown> }): unknown {
    xmlObj.rss = withChannel(xmlObj.rss);
    return (Parser.prototype as unknown as { buildRSS2: (o: unknown) => unknown }).buildRSS2.call(this, xmlObj);
  }
  buildRSS0_9(xmlObj: { rss: Record<string, unknown> }): unknown {
    xmlObj.rss = withChannel(xmlObj.rss);
    return (Parser.prototype as unknown as { buildRSS0_9: (o: unknown) => unknown }).buildRSS0_9.call(this, xmlObj);
  }
  buildRSS1(xmlObj: { 'rdf:RDF': Record<string, unknown> }): unknown {
    xmlObj['rdf:RDF'] = withChannel(xmlObj['rdf:RDF']);
    return (Parser.prototype as unknown as { buildRSS1: (o: unknown) => unknown }).buildRSS1.call(this, xmlObj);
  }
  parseItemRss(xmlItem: unknown): { __raw: unknown; __atom: boolean } {
    return { __raw: xmlItem, __atom: false };
  }
  parseItemAtom(entry: unknown): { __raw: unknown; __atom: boolean } {
    return { __raw: entry, __atom: true };
  }
}

/** Gives a channel-less RSS root an empty channel, keeping items found directly under the root. */
function withChannel(raw: unknown): Record<string, unknown> {
  // xml2js gives a bare string for an element with only text, e.g. an empty <rss>\n</rss>.
  const root: Record<string, unknown> = raw && typeof raw === 'object' ? (raw as Record<string, unknown>) : {};
  const channel = root['channel'];
  if (Array.isArray(channel) && channel[0] && typeof channel[0] === 'object') {
    const ch = channel[0] as Record<string, unknown>;
    // RSS 0.9x/2.0 keep items in the channel; RSS 1.0 and some broken feeds put them beside it.
    if (!ch['item'] && root['item']) ch['item'] = root['item'];
    return root;
  }
  root['channel'] = [{ item: root['item'] ?? [] }];
  return root;
}

function firstLine(err: unknown): string {
  const msg = err instanceof Error ? err.message : String(err);
  return msg.split('\n')[0]?.slice(0, 200) ?? 'unknown error';
}

async function parseXml(xml: string): Promise<Parser.Output<{ __raw: unknown; __atom: boolean }> & Record<string, unknown>> {
  const parser = new FeedXmlParser({ defaultRSS: 2, customFields: { feed: ['dc:language'] } });
  return parser.parseString(xml);
}

function strip(text: string): string {
  return text.replace(/^\uFEFF/, '').trimStart();
}

/**
 * Parses an RSS 0.9x/1.0/2.0, Atom or JSON Feed document into clean, keyed items. Throws
 * FeedParseError when the body is not a feed; unusable single items land in `rejected`.
 */
export async function parseFeed(xml: string, feedUrl: string): Promise<ParsedFeed> {
  const text = strip(sanitizeText(xml));
  if (!text) throw new FeedParseError('empty body');
  const root = rootKind(text);
  let title: string | null;
  let language: string | null;
  let entries: unknown[];
  let toRaw: (v: unknown) => RawItem | null;
  let base = feedUrl;

  if (root.kind === 'json') {
    let doc: unknown;
    try {
      doc = JSON.parse(text);
    } catch (err) {
      throw new FeedParseError(`invalid JSON (${firstLine(err)})`, { cause: err });
    }
    const mapped = mapJson(doc);
    if (typeof mapped === 'string') throw new FeedParseError(mapped);
    ({ title, language, items: entries, toRaw } = mapped);
  } else {
    if (root.kind === 'html') throw new FeedParseError('an HTML page, not a feed');
    if (root.kind === 'none') throw new FeedParseError('no XML element found');
    if (root.kind === 'other') throw new FeedParseError(`root element <${root.name}> is not rss, feed or rdf:RDF`);
    // sax never expands DTD entities, but drop the internal subset so none is even seen; references
    // to its entities then survive as literal text (repairXml escapes them).
    let safe = declaresEntities(text) ? text.replace(/<!DOCTYPE[^>[]*\[[\s\S]*?\]\s*>/i, '') : text;
    // rss-parser only knows <feed>; an Atom feed written with a prefix (<a:feed xmlns:a=…Atom>) is unprefixed here.
    const prefix = root.kind === 'atom' && root.name?.includes(':') ? root.name.split(':')[0] : null;
    if (prefix && rootAttribute(text, root.name ?? '', `xmlns:${prefix}`) === 'http://www.w3.org/2005/Atom') {
      safe = safe.replace(new RegExp(`<(/?)${prefix}:`, 'g'), '<$1');
    }
    let feed: Awaited<ReturnType<typeof parseXml>>;
    try {
      feed = await parseXml(safe);
    } catch (err) {
      try {
        feed = await parseXml(repairXml(safe));
      } catch {
        throw new FeedParseError(`malformed ${root.kind === 'atom' ? 'Atom' : 'RSS'} XML (${firstLine(err)})`, { cause: err });
      }
    }
    title = str(feed.title);
    const rootName = root.name ?? '';
    language = str(feed.language) ?? str(feed['dc:language']) ?? rootAttribute(text, rootName, 'xml:lang');
    const xmlBase = rootAttribute(text, rootName, 'xml:base');
    if (xmlBase) {
      try {
        base = new URL(xmlBase, feedUrl).href;
      } catch {
        // An unusable xml:base is ignored; links resolve against the feed URL.
      }
    }
    entries = (feed.items ?? []).map((i) => i);
    toRaw = (v) => {
      const w = v as { __raw: unknown; __atom: boolean };
      return w.__atom ? atomItem(w.__raw) : rssItem(w.__raw);
    };
  }

  const feedLanguage = cleanLanguage(language);
  const items: NormalizedItem[] = [];
  const rejected: ParsedFeed['rejected'] = [];
  const seen = new Set<string>();
  entries.slice(0, MAX_ITEMS).forEach((entry, index) => {
    const raw = toRaw(entry);
    if (!raw) return void rejected.push({ index, reason: 'item is not an object' });
    const item = normalizeItem(raw, feedUrl, base, feedLanguage);
    if (typeof item === 'string') return void rejected.push({ index, reason: item });
    // The same article twice in one document would collide on insert; keep the first.
    if (seen.has(item.key)) return void rejected.push({ index, reason: 'duplicate of an earlier item' });
    seen.add(item.key);
    items.push(item);
  });
  if (entries.length > MAX_ITEMS) rejected.push({ index: MAX_ITEMS, reason: `more than ${MAX_ITEMS} items; the rest ignored` });
  return { title: title ? title.replace(/\s+/g, ' ').slice(0, 1000) : null, language: feedLanguage, items, rejected };
}
