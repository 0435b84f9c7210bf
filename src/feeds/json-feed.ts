import type { RawItem } from './normalize-item.js';
import { str } from './normalize-item.js';

/** A JSON document mapped onto the feed shape, or a reason it is not a feed. */
export type JsonFeedResult = { title: string | null; language: string | null; items: unknown[]; toRaw: (item: unknown) => RawItem | null } | string;

function obj(v: unknown): Record<string, unknown> | null {
  return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : null;
}

function jsonFeedItem(v: unknown): RawItem | null {
  const it = obj(v);
  if (!it) return null;
  const html = str(it['content_html']);
  const text = str(it['content_text']);
  return {
    link: str(it['url']) ?? str(it['external_url']),
    guid: str(it['id']),
    title: str(it['title']),
    summaryHtml: str(it['summary']),
    // content_text is plain text: escape it so the HTML-to-text pass keeps it verbatim.
    bodyHtml: html ?? (text ? text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/\n/g, '<br>') : null),
    dates: [str(it['date_published']), str(it['date_modified'])],
    language: str(it['language']),
  };
}

function rssJsonItem(v: unknown): RawItem | null {
  const it = obj(v);
  if (!it) return null;
  const guid = obj(it['guid']);
  return {
    link: str(it['link']),
    guid: guid ? str(guid['#value'] ?? guid['value'] ?? guid['_']) : str(it['guid']),
    title: str(it['title']),
    summaryHtml: str(it['description']),
    bodyHtml: str(it['content:encoded']),
    dates: [str(it['pubDate']), str(it['dc:date'])],
    language: null,
  };
}

/** Maps a parsed JSON value: JSON Feed 1.x, or RSS expressed as JSON ({"rss":{"channel":…}}). */
export function mapJson(doc: unknown): JsonFeedResult {
  const root = obj(doc);
  if (!root) return 'JSON document is not an object';
  const version = str(root['version']);
  if ((version && version.includes('jsonfeed.org')) || Array.isArray(root['items'])) {
    if (!Array.isArray(root['items'])) return 'JSON Feed without an items array';
    return { title: str(root['title']), language: str(root['language']), items: root['items'], toRaw: jsonFeedItem };
  }
  const channel = obj(obj(root['rss'])?.['channel']);
  if (channel) {
    const items = channel['item'];
    return {
      title: str(channel['title']),
      language: str(channel['language']),
      items: Array.isArray(items) ? items : items ? [items] : [],
      toRaw: rssJsonItem,
    };
  }
  return 'JSON document is not a JSON Feed (no version/items)';
}
