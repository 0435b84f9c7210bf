import { load, type CheerioAPI } from 'cheerio';
import type { AnyNode, Element } from 'domhandler';
import { Parser } from 'htmlparser2';
import { limitHtmlDepth } from './html-depth.js';
import { foldSpace, sanitizeText } from './sanitize.js';

/** Elements whose start and end separate text into lines. */
const BLOCK = new Set([
  'address', 'article', 'aside', 'blockquote', 'br', 'dd', 'details', 'div', 'dl', 'dt', 'figcaption', 'figure',
  'footer', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'header', 'hr', 'li', 'main', 'nav', 'ol', 'p', 'pre', 'section',
  'summary', 'table', 'tbody', 'thead', 'tfoot', 'tr', 'ul', 'caption', 'center', 'body', 'html',
]);
/** Elements whose content is never reader-visible text. */
const DROPPED = new Set(['script', 'style', 'noscript', 'template', 'iframe', 'svg', 'math', 'head', 'object', 'canvas', 'select', 'button']);
const CELL = new Set(['td', 'th']);

const BOILERPLATE_SELECTOR = [
  'nav', 'header', 'footer', 'aside', 'form', 'dialog',
  '[role=navigation]', '[role=banner]', '[role=contentinfo]', '[role=complementary]', '[role=dialog]', '[aria-hidden=true]',
].join(', ');
// Class/id words of share bars, related links, cookie banners and the like.
const BOILERPLATE_WORDS =
  /(?:^|[\s_-])(?:share|sharing|social|related|cookies?|consent|gdpr|newsletter|subscribe|subscription|comments?|sidebar|breadcrumbs?|promo|advert|advertisement|ads?|banner|popup|modal|outbrain|taboola|recommended|recommendations|more-stories|read-more|paywall|signup|toolbar|footer|masthead|menu)(?:$|[\s_-])/i;
const KEEP_TAGS = new Set(['html', 'body', 'article', 'main']);

/** Parses HTML with htmlparser2 (linear time on deep input, unlike the spec parser) after capping depth. */
function parse(html: string): CheerioAPI {
  // _useHtmlParser2 is cheerio's own switch; the spec parser is quadratic on deeply nested documents.
  return load(limitHtmlDepth(html), { _useHtmlParser2: true } as Parameters<typeof load>[1]);
}

/** Walks `roots` iteratively (no recursion: documents can be deep) and returns text with block line breaks. */
function collectText(roots: readonly AnyNode[]): string {
  const out: string[] = [];
  type Frame = { node: AnyNode; exit: boolean };
  const stack: Frame[] = [];
  for (let i = roots.length - 1; i >= 0; i--) stack.push({ node: roots[i] as AnyNode, exit: false });
  while (stack.length) {
    const { node, exit } = stack.pop() as Frame;
    if (node.type === 'text') {
      out.push((node as unknown as { data: string }).data);
      continue;
    }
    if (node.type !== 'tag' && node.type !== 'root') continue; // comments, directives, CDATA wrappers of scripts
    const el = node as Element;
    const name = node.type === 'tag' ? el.name.toLowerCase() : '';
    if (DROPPED.has(name)) continue;
    if (exit) {
      if (BLOCK.has(name)) out.push('\n');
      else if (CELL.has(name)) out.push('\t');
      continue;
    }
    if (BLOCK.has(name)) out.push('\n');
    stack.push({ node, exit: true });
    const kids = el.children ?? [];
    for (let i = kids.length - 1; i >= 0; i--) stack.push({ node: kids[i] as AnyNode, exit: false });
  }
  return tidy(out.join(''));
}

/**
 * Collapses spaces within lines and blank-line runs, keeping one line per block: every line
 * trimmed, its space runs made one space, empty lines dropped. A run of spaces that holds a
 * line break is a line boundary, any other run one space.
 */
function tidy(text: string): string {
  return foldSpace(sanitizeText(text), true);
}

/**
 * Plain text of an HTML fragment: entities decoded, scripts/styles dropped, one line per block
 * element. Every feed item goes through here, so it streams htmlparser2's events instead of
 * building a DOM: the same text collectText would take from cheerio's tree (the tree is built
 * from these very events), at about a third of the cost.
 */
export function htmlToText(html: string): string {
  if (!html) return '';
  // Plain text without markup is common in feeds; skip the parser but still decode entities.
  if (!/[<&]/.test(html)) return tidy(html);
  const out: string[] = [];
  let depth = 0;
  // Depth of the dropped element (script, style, …) being skipped, or 0 when none is.
  let droppedAt = 0;
  const parser = new Parser(
    {
      onopentag(name) {
        depth++;
        if (droppedAt) return;
        if (DROPPED.has(name)) droppedAt = depth;
        else if (BLOCK.has(name)) out.push('\n');
      },
      onclosetag(name) {
        const closing = depth--;
        if (droppedAt) {
          if (closing === droppedAt) droppedAt = 0;
          return;
        }
        if (BLOCK.has(name)) out.push('\n');
        else if (CELL.has(name)) out.push('\t');
      },
      ontext(data) {
        if (!droppedAt) out.push(data);
      },
    },
    { decodeEntities: true },
  );
  // The depth cap keeps the parser's close-tag lookups (a search of its open-element stack) short.
  parser.end(limitHtmlDepth(html));
  return tidy(out.join(''));
}

function textLength(el: Element): number {
  let n = 0;
  const stack: AnyNode[] = [...(el.children ?? [])];
  while (stack.length) {
    const node = stack.pop() as AnyNode;
    if (node.type === 'text') n += (node as unknown as { data: string }).data.trim().length;
    else if (node.type === 'tag' && !DROPPED.has((node as Element).name)) stack.push(...(node as Element).children);
  }
  return n;
}

/** The element holding the article body: article/articleBody/main, else the parent with most paragraph text. */
function pickMain($: CheerioAPI): Element | null {
  for (const sel of ['[itemprop=articleBody]', 'article', '[role=main]', 'main']) {
    const found = $(sel).toArray() as Element[];
    if (found.length === 0) continue;
    // Several <article> (teasers) → the one with the most text.
    let best = found[0] as Element;
    let bestLen = textLength(best);
    for (const el of found.slice(1)) {
      const len = textLength(el);
      if (len > bestLen) [best, bestLen] = [el, len];
    }
    if (bestLen >= 100) return best;
  }
  const score = new Map<Element, number>();
  for (const p of $('p').toArray() as Element[]) {
    const parent = p.parent;
    if (!parent || parent.type !== 'tag') continue;
    const len = textLength(p);
    if (len < 20) continue;
    score.set(parent as Element, (score.get(parent as Element) ?? 0) + len);
  }
  let best: Element | null = null;
  let bestScore = 0;
  for (const [el, s] of score) if (s > bestScore) [best, bestScore] = [el, s];
  return best;
}

/** Title and main text of an article page, with navigation, widgets, banners and comments removed. */
export function extractMainText(html: string): { title: string | null; text: string } {
  const $ = parse(html);
  const rawTitle =
    $('meta[property="og:title"]').attr('content') || $('title').first().text() || $('h1').first().text();
  const title = rawTitle ? tidy(rawTitle).replace(/\n/g, ' ') || null : null;

  $('script, style, noscript, template, iframe, svg').remove();
  $(BOILERPLATE_SELECTOR).remove();
  $('[class], [id]').each((_, el) => {
    const tag = el.name.toLowerCase();
    if (KEEP_TAGS.has(tag) || $(el).attr('itemprop') === 'articleBody') return;
    const words = `${$(el).attr('class') ?? ''} ${$(el).attr('id') ?? ''}`;
    if (BOILERPLATE_WORDS.test(words)) $(el).remove();
  });
  const main = pickMain($);
  const text = main ? collectText([main]) : collectText($('body').toArray().length ? $('body').toArray() : $.root().toArray());
  return { title, text };
}
