// Lone surrogates break JSON, Postgres text and most downstream code; C0 controls (but tab/LF/CR) are never text.
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/g;
// U+FFFD marks bytes a decoder could not read (e.g. a lone surrogate sent as raw UTF-8): no text of
// the article survives in it, so it is dropped rather than stored as garbage.
const REPLACEMENT = /\uFFFD/g;

// Any character one of the three could remove: most text has none, and one test is one pass.
// eslint-disable-next-line no-control-regex
const SUSPECT = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F\uD800-\uDFFF\uFFFD]/;

/** Removes NUL and other control characters, lone UTF-16 surrogates and U+FFFD replacement marks. */
export function sanitizeText(s: string): string {
  if (!SUSPECT.test(s)) return s;
  return s.replace(CONTROL, '').replace(LONE_SURROGATE, '').replace(REPLACEMENT, '');
}

/** Collapses all whitespace runs (incl. NBSP, ideographic space and ZWSP) to one space and trims. */
export function collapseWhitespace(s: string): string {
  return foldSpace(s, false);
}

/** 1 for JavaScript's \s (WhiteSpace and LineTerminator) and ZWSP (U+200B), by UTF-16 unit. */
const SPACE = new Uint8Array(65536);
for (const c of [9, 10, 11, 12, 13, 32, 0xa0, 0x1680, 0x2028, 0x2029, 0x202f, 0x205f, 0x3000, 0xfeff]) SPACE[c] = 1;
for (let c = 0x2000; c <= 0x200b; c++) SPACE[c] = 1;

/**
 * Folds every run of whitespace (JavaScript's \s, and ZWSP) to one character: a line break when
 * the run holds one and `breaks` is set, else one space; the ends are trimmed. One pass over the
 * text, copying only what changes: every feed item's summary, body and content hash goes through
 * here, and the equivalent regular expressions (test/unit/feeds/sanitize.test.ts) cost two to
 * four times as much (docs/performance.md, item 23).
 */
export function foldSpace(s: string, breaks: boolean): string {
  const n = s.length;
  let out = '';
  let copied = 0; // s[copied, i) is still to be copied as it is
  let i = 0;
  while (i < n) {
    const c0 = s.charCodeAt(i);
    if (SPACE[c0] === 0) {
      i++;
      continue;
    }
    // The common case, one plain space between words (or one line break where breaks are kept),
    // stays as it is: skip it and the character after it without further ado.
    if ((c0 === 32 || (c0 === 10 && breaks)) && i > 0 && i + 1 < n && SPACE[s.charCodeAt(i + 1)] === 0) {
      i += 2;
      continue;
    }
    const start = i;
    let lineBreak = false;
    for (; i < n; i++) {
      const c = s.charCodeAt(i);
      if (SPACE[c] === 0) break;
      if (c === 10) lineBreak = true;
    }
    const fold = breaks && lineBreak ? '\n' : ' ';
    out += s.slice(copied, start);
    if (start > 0 && i < n) out += fold;
    copied = i;
  }
  return copied === 0 ? s : out + s.slice(copied);
}

/** Cuts `s` to at most `max` UTF-16 units without splitting a surrogate pair. */
export function truncate(s: string, max: number): string {
  if (s.length <= max) return s;
  let end = max;
  const code = s.charCodeAt(end - 1);
  if (code >= 0xd800 && code <= 0xdbff) end -= 1;
  return s.slice(0, end);
}
