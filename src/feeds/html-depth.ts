// Elements that never nest (void) or that the parser closes implicitly when a sibling opens; neither deepens the tree.
const NO_DEPTH = new Set([
  'area', 'base', 'br', 'col', 'embed', 'hr', 'img', 'input', 'link', 'meta', 'param', 'source', 'track', 'wbr',
  'p', 'li', 'dt', 'dd', 'option', 'tr', 'td', 'th',
]);
const TAG = /<(\/?)([a-zA-Z][a-zA-Z0-9:-]*)(?:\s[^>]*)?>|<!--[\s\S]*?(?:-->|$)/g;

/**
 * Drops start/end tags nested deeper than `maxDepth` (their text stays), so a 100 000-deep document
 * cannot blow the parser's or a traversal's stack. Cheap: one regex pass; returns the input when shallow.
 */
export function limitHtmlDepth(html: string, maxDepth: number = 1000): string {
  let depth = 0;
  let deepest = 0;
  const drop: Array<[number, number]> = [];
  for (const m of html.matchAll(TAG)) {
    const name = m[2]?.toLowerCase();
    if (!name || NO_DEPTH.has(name) || m[0].endsWith('/>')) continue;
    const closing = m[1] === '/';
    if (!closing) depth++;
    if (depth > maxDepth) drop.push([m.index, m.index + m[0].length]);
    if (closing) depth = Math.max(0, depth - 1);
    if (depth > deepest) deepest = depth;
  }
  if (drop.length === 0) return html;
  const parts: string[] = [];
  let at = 0;
  for (const [start, end] of drop) {
    parts.push(html.slice(at, start));
    at = end;
  }
  parts.push(html.slice(at));
  return parts.join('');
}
