import { createHash } from 'node:crypto';
import { canonicalUrl } from './canonical-url.js';
import { htmlToText } from './html-text.js';
import { collapseWhitespace, sanitizeText, truncate } from './sanitize.js';

export const MAX_TITLE_CHARS = 1_000;
export const MAX_SUMMARY_CHARS = 20_000;
export const MAX_BODY_CHARS = 200_000;
// Raw HTML beyond this is not worth parsing: the text cap is reached long before.
const MAX_HTML_CHARS = 2_000_000;
const MIN_DATE = Date.UTC(1990, 0, 1);
const FUTURE_SLACK_MS = 2 * 24 * 3600 * 1000;

/** One item as any feed format gives it, before cleaning. */
export interface RawItem {
  link: string | null;
  guid: string | null;
  title: string | null;
  summaryHtml: string | null;
  bodyHtml: string | null;
  dates: Array<string | null | undefined>;
  language: string | null;
}

/** One feed item, cleaned and keyed; what the poll worker stores. */
export interface NormalizedItem {
  /** sha256 hex of the canonical URL, or of feedUrl + guid (or title) when there is no link. */
  key: string;
  /** Canonical article URL; for items without one, the feed URL with an #item-… fragment. */
  url: string;
  guid: string | null;
  title: string;
  summary: string;
  body: string;
  publishedAt: Date | null;
  language: string | null;
  /** sha256 of the normalised title + body (or summary) text. */
  contentHash: string;
}

export function sha256(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

/** Any value from a parsed feed as a trimmed, sanitised string, or null (xml2js gives objects for attributes). */
export function str(v: unknown): string | null {
  if (typeof v === 'string') {
    const s = sanitizeText(v).trim();
    return s || null;
  }
  if (typeof v === 'number' && Number.isFinite(v)) return String(v);
  if (Array.isArray(v)) return str(v[0]);
  if (v && typeof v === 'object' && '_' in v) return str((v as { _: unknown })._);
  return null;
}

/** First plausible date among the candidates; absurd ones (before 1990, > 2 days ahead) are null. */
export function plausibleDate(candidates: Array<string | null | undefined>, now: number = Date.now()): Date | null {
  for (const c of candidates) {
    if (!c) continue;
    const t = Date.parse(c.trim());
    if (Number.isNaN(t)) continue;
    if (t < MIN_DATE || t > now + FUTURE_SLACK_MS) return null;
    return new Date(t);
  }
  return null;
}

function plain(html: string | null, max: number): string {
  if (!html) return '';
  return truncate(htmlToText(truncate(html, MAX_HTML_CHARS)), max);
}

/** Language tag in a sane shape ('en-US', 'zh-cn'), or null. */
export function cleanLanguage(raw: string | null): string | null {
  const l = raw?.trim();
  return l && /^[A-Za-z]{2,3}(?:[-_][A-Za-z0-9]{1,8})*$/.test(l) ? l.replace('_', '-') : null;
}

/** Cleans and keys one raw item; returns a reason string when the item cannot be used. */
export function normalizeItem(raw: RawItem, feedUrl: string, base: string, feedLanguage: string | null): NormalizedItem | string {
  const guid = raw.guid ? truncate(collapseWhitespace(raw.guid), 2_000) : null;
  const titleSrc = raw.title ? truncate(raw.title, MAX_HTML_CHARS) : '';
  // Titles often carry escaped markup or entities; only run the HTML parser when they might.
  const title = truncate(collapseWhitespace(/[<&]/.test(titleSrc) ? htmlToText(titleSrc) : sanitizeText(titleSrc)), MAX_TITLE_CHARS);
  let url = raw.link ? canonicalUrl(raw.link, base) : null;
  // RSS guids are permalinks by default; use one when the link is missing.
  if (!url && guid && /^https?:\/\//i.test(guid)) url = canonicalUrl(guid);
  if (!url && !guid && !title) return 'item has no usable link, guid or title';

  const key = url ? sha256(url) : sha256(`${feedUrl}\n${guid ? `guid:${guid}` : `title:${title}`}`);
  const summary = plain(raw.summaryHtml, MAX_SUMMARY_CHARS);
  const body = plain(raw.bodyHtml, MAX_BODY_CHARS);
  const hashText = collapseWhitespace(`${title}\n${body || summary}`).normalize('NFKC').toLowerCase();
  return {
    key,
    url: url ?? `${canonicalUrl(feedUrl) ?? feedUrl}#item-${key.slice(0, 16)}`,
    guid,
    title,
    summary,
    body,
    publishedAt: plausibleDate(raw.dates),
    language: cleanLanguage(raw.language) ?? feedLanguage,
    contentHash: sha256(hashText),
  };
}
