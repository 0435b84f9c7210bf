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

/** Collapses all whitespace runs (incl. NBSP and ideographic space) to one space and trims. */
export function collapseWhitespace(s: string): string {
  return s.replace(/[\s\u00A0\u3000\u200B\uFEFF]+/g, ' ').trim();
}

/** Cuts `s` to at most `max` UTF-16 units without splitting a surrogate pair. */
export function truncate(s: string, max: number): string {
  if (s.length <= max) return s;
  let end = max;
  const code = s.charCodeAt(end - 1);
  if (code >= 0xd800 && code <= 0xdbff) end -= 1;
  return s.slice(0, end);
}
