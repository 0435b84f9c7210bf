import { readFileSync } from 'node:fs';
import path from 'node:path';
import { load } from 'cheerio';
import type { Element } from 'domhandler';
import YAML from 'yaml';
import { z } from 'zod';
import { ConfigError, coerceError } from '../errors.js';

/** One configured feed. */
export interface FeedSpec {
  url: string;
  title?: string;
  language?: string;
  enabled: boolean;
  pollIntervalS: number;
  /** Fetch the article page when an item's text is shorter than this. */
  minTextChars?: number;
  tags?: string[];
}

const httpUrl = z.string().trim().refine((s) => {
  try {
    const u = new URL(s);
    return (u.protocol === 'http:' || u.protocol === 'https:') && u.hostname !== '';
  } catch {
    return false;
  }
}, 'must be an absolute http(s) URL');

const feedSpecSchema = z
  .object({
    url: httpUrl,
    title: z.string().trim().min(1).max(500).optional(),
    language: z.string().trim().regex(/^[A-Za-z]{2,3}(?:-[A-Za-z0-9]{1,8})*$/, 'must be a language tag like en or zh-CN').optional(),
    enabled: z.boolean().default(true),
    pollIntervalS: z.number().int().min(30).max(7 * 24 * 3600).default(900),
    minTextChars: z.number().int().min(0).max(1_000_000).optional(),
    tags: z.array(z.string().trim().min(1).max(100)).max(50).optional(),
  })
  // Unknown keys are typos (pollInterval, lang) that would otherwise be ignored silently.
  .strict();

const feedListSchema = z.union([z.array(feedSpecSchema), z.object({ feeds: z.array(feedSpecSchema) }).strict()]);

function issuePath(p: readonly PropertyKey[]): string {
  return p.reduce<string>((acc, k) => (typeof k === 'number' ? `${acc}[${k}]` : acc ? `${acc}.${String(k)}` : String(k)), '');
}

/** Validates parsed feed-list data; ConfigError names the file and the field. */
export function validateFeedList(data: unknown, file: string): FeedSpec[] {
  const res = feedListSchema.safeParse(data);
  if (!res.success) {
    // The union hides the useful message; re-check the likeliest shape for a precise one.
    const shaped = Array.isArray(data) ? z.array(feedSpecSchema).safeParse(data) : z.object({ feeds: z.array(feedSpecSchema) }).strict().safeParse(data);
    const issue = (shaped.success ? res.error : shaped.error).issues[0];
    const where = issue ? issuePath(issue.path) || '(top level)' : '(top level)';
    throw new ConfigError(`${file}: ${where}: ${issue?.message ?? 'invalid feed list'}`);
  }
  const list = Array.isArray(res.data) ? res.data : res.data.feeds;
  const seen = new Set<string>();
  list.forEach((f, i) => {
    if (seen.has(f.url)) throw new ConfigError(`${file}: feeds[${i}].url: duplicate feed ${f.url}`);
    seen.add(f.url);
  });
  return list.map((f) => dropUndefined(f));
}

function dropUndefined(f: z.infer<typeof feedSpecSchema>): FeedSpec {
  const out: FeedSpec = { url: f.url, enabled: f.enabled, pollIntervalS: f.pollIntervalS };
  if (f.title !== undefined) out.title = f.title;
  if (f.language !== undefined) out.language = f.language;
  if (f.minTextChars !== undefined) out.minTextChars = f.minTextChars;
  if (f.tags !== undefined) out.tags = f.tags;
  return out;
}

function attr(el: Element, name: string): string | undefined {
  // OPML in the wild spells attributes xmlUrl, xmlurl or XMLURL.
  const want = name.toLowerCase();
  for (const [k, v] of Object.entries(el.attribs)) if (k.toLowerCase() === want && v.trim()) return v.trim();
  return undefined;
}

/** Feeds of an OPML document: every outline with an xmlUrl, nested category outlines becoming tags. */
export function parseOpml(xml: string): FeedSpec[] {
  const $ = load(xml, { xml: true });
  const out: FeedSpec[] = [];
  $('outline').each((_, el) => {
    const url = attr(el, 'xmlUrl');
    if (!url) return;
    const spec: FeedSpec = { url, enabled: true, pollIntervalS: 900 };
    const title = attr(el, 'title') ?? attr(el, 'text');
    if (title) spec.title = title;
    const language = attr(el, 'language');
    if (language) spec.language = language;
    const tags = $(el)
      .parents('outline')
      .toArray()
      .map((p) => attr(p, 'text') ?? attr(p, 'title'))
      .filter((t): t is string => !!t)
      .reverse();
    if (tags.length) spec.tags = tags;
    out.push(spec);
  });
  return out;
}

function escapeAttr(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** An OPML 2.0 document listing the feeds (title, language and tags kept as attributes). */
export function toOpml(feeds: readonly (Partial<FeedSpec> & { url: string })[], title: string = 'launchwatch feeds'): string {
  const lines = feeds.map((f) => {
    const attrs = [`type="rss"`, `text="${escapeAttr(f.title ?? f.url)}"`];
    if (f.title) attrs.push(`title="${escapeAttr(f.title)}"`);
    attrs.push(`xmlUrl="${escapeAttr(f.url)}"`);
    if (f.language) attrs.push(`language="${escapeAttr(f.language)}"`);
    if (f.tags?.length) attrs.push(`category="${escapeAttr(f.tags.join(','))}"`);
    return `    <outline ${attrs.join(' ')}/>`;
  });
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<opml version="2.0">',
    `  <head><title>${escapeAttr(title)}</title></head>`,
    '  <body>',
    ...lines,
    '  </body>',
    '</opml>',
    '',
  ].join('\n');
}

function detectFormat(file: string, text: string): 'yaml' | 'json' | 'opml' {
  const ext = path.extname(file).toLowerCase();
  if (ext === '.opml' || ext === '.xml') return 'opml';
  if (ext === '.json') return 'json';
  if (ext === '.yaml' || ext === '.yml') return 'yaml';
  const head = text.trimStart();
  if (head.startsWith('<')) return 'opml';
  if (head.startsWith('{') || head.startsWith('[')) return 'json';
  return 'yaml';
}

/** Loads and validates a feed list from YAML, JSON or OPML (by extension, else by content). */
export function loadFeedList(file: string): FeedSpec[] {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (raw) {
    throw new ConfigError(`${file}: cannot read feed list (${coerceError(raw).message})`, { cause: raw });
  }
  const format = detectFormat(file, text);
  if (format === 'opml') {
    const specs = parseOpml(text);
    if (specs.length === 0 && !/<opml\b/i.test(text)) throw new ConfigError(`${file}: not an OPML document (no <opml> root)`);
    return validateFeedList(specs, file);
  }
  let data: unknown;
  try {
    data = format === 'json' ? JSON.parse(text) : YAML.parse(text);
  } catch (raw) {
    throw new ConfigError(`${file}: invalid ${format.toUpperCase()} (${coerceError(raw).message.split('\n')[0]})`, { cause: raw });
  }
  if (data === null || data === undefined) return [];
  return validateFeedList(data, file);
}
