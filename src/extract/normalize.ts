import { HAS_TRADITIONAL, toSimplified } from './traditional.js';

// NFKC + case-fold (+ Traditional -> Simplified Chinese) with a map back to the original offsets. Most articles keep their length under
// normalisation, and then the map is the identity (no array is built): that is the fast path.

export interface Normalized {
  /** Normalised, lower-cased text that the matcher scans. */
  text: string;
  /** map[i] = offset in the original string of normalised unit i (length text.length + 1), or null for identity. */
  map: Int32Array | null;
}

// Same-length substitutions after NFKC: typographic apostrophes and non-ASCII hyphens become ASCII,
// so "didn’t" and "sign‑ups" match the lexicon's spelling.
const PUNCT = /[\u2018\u2019\u2032\u2010\u2011\u2012\u2013\u00a0]/g;
const HAS_PUNCT = /[\u2018\u2019\u2032\u2010\u2011\u2012\u2013\u00a0]/;
const PUNCT_MAP: Record<string, string> = {
  '\u2018': "'",
  '\u2019': "'",
  '\u2032': "'",
  '\u2010': '-',
  '\u2011': '-',
  '\u2012': '-',
  '\u2013': '-',
  '\u00a0': ' ',
};

// Characters NFKC can change: compatibility forms (full-width, ligatures, circled, superscripts,
// ideographic space …), combining marks (composition) and astral characters. Text without any
// (plain ASCII, common CJK and its punctuation) skips the costly normalize() call.
const MAYBE_COMPAT =
  /[\u00a0-\u00bf\u0132-\u0149\u017f\u01c4-\u01cc\u02b0-\u036f\u2000-\u200a\u2011\u2024-\u2026\u202f\u2033-\u2037\u203c\u2047-\u2049\u205f\u2070-\u209f\u20a8\u2100-\u218f\u2460-\u24ff\u2a0c-\u2a76\u2c7c\u2c7d\u2e80-\u2fff\u3000\u3036-\u303f\u3099-\u30ff\u3131-\u33ff\ua000-\uabff\uac00-\ud7ff\ud800-\udfff\uf900-\uffff]/;

// What each UTF-16 unit may need, in one table, so that a text is checked in one pass of array
// reads instead of three regex scans (the Traditional-character class alone has ~500 members).
const NEEDS_COMPAT = 1;
const NEEDS_PUNCT = 2;
const NEEDS_SIMPLIFIED = 4;
const CLASS = new Uint8Array(65536);
for (let c = 0; c < 65536; c++) {
  const ch = String.fromCharCode(c);
  if (HAS_PUNCT.test(ch)) CLASS[c]! |= NEEDS_PUNCT;
  if (HAS_TRADITIONAL.test(ch)) CLASS[c]! |= NEEDS_SIMPLIFIED;
  if (!MAYBE_COMPAT.test(ch)) continue;
  CLASS[c]! |= NEEDS_COMPAT;
  // What NFKC turns this character into may need more (U+2011 becomes the hyphen U+2010, a
  // compatibility ideograph a Traditional character): flag that here, not by re-reading the text.
  // (Lone surrogates, Hangul syllables and Yi decompose to neither: skip the costly probe.)
  if ((c >= 0xa000 && c <= 0xd7ff) || (c >= 0xd800 && c <= 0xdfff)) continue;
  const nf = ch.normalize('NFKC');
  if (HAS_PUNCT.test(nf)) CLASS[c]! |= NEEDS_PUNCT;
  if (HAS_TRADITIONAL.test(nf)) CLASS[c]! |= NEEDS_SIMPLIFIED;
}

/** Characters the language guess looks at (the first few thousand decide; the rest only cost time). */
export const LANGUAGE_SAMPLE = 3000;

/** A normalised text with the letter counts of its start (for the language guess). */
export interface NormalizedText extends Normalized {
  /** CJK ideographs and Latin letters among every other unit of the first LANGUAGE_SAMPLE. */
  cjk: number;
  latin: number;
}

function needsOf(s: string): number {
  let need = 0;
  for (let i = 0; i < s.length; i++) need |= CLASS[s.charCodeAt(i)]!;
  return need;
}

// NFKC, case fold, ASCII punctuation and Simplified characters, for a string known to need `need`.
function foldWith(s: string, need: number): string {
  let t = need & NEEDS_COMPAT ? s.normalize('NFKC').toLowerCase() : s.toLowerCase();
  if (need & NEEDS_PUNCT) t = t.replace(PUNCT, (c) => PUNCT_MAP[c] ?? c);
  if (need & NEEDS_SIMPLIFIED) t = toSimplified(t);
  return t;
}

function fold(s: string): string {
  return foldWith(s, needsOf(s));
}

const NON_ASCII = /[^\x00-\x7f]/;

/** Normalises `text` and counts the letters the language guess needs, in the same pass. */
export function normalizeText(text: string): NormalizedText {
  // Plain ASCII needs case folding only, and without a CJK character the guess is English whatever
  // the Latin count: skip the character loop (the regex engine scans much faster).
  if (!NON_ASCII.test(text)) return { text: text.toLowerCase(), map: null, cjk: 0, latin: 0 };
  let need = 0;
  let cjk = 0;
  let latin = 0;
  const n = text.length;
  const sample = Math.min(n, LANGUAGE_SAMPLE);
  let i = 0;
  for (; i < sample; i++) {
    const c = text.charCodeAt(i);
    need |= CLASS[c]!;
    if ((i & 1) === 0) {
      if ((c >= 0x4e00 && c <= 0x9fff) || (c >= 0x3400 && c <= 0x4dbf)) cjk++;
      else if ((c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a)) latin++;
    }
  }
  for (; i < n; i++) need |= CLASS[text.charCodeAt(i)]!;
  const whole = foldWith(text, need);
  if (whole.length === text.length) return { text: whole, map: null, cjk, latin };
  return { ...slowPath(text), cjk, latin };
}

// A base character with its combining marks: NFKC may compose them, so they normalise together.
const CLUSTER = /\P{M}\p{M}*|\p{M}+/gsu;

/** Normalises `text` for matching and keeps the way back to original offsets. */
export function normalize(text: string): Normalized {
  const whole = fold(text);
  if (whole.length === text.length) return { text: whole, map: null };
  return slowPath(text);
}

// Lengths changed: normalise cluster by cluster and record where each output unit came from.
function slowPath(text: string): Normalized {
  const parts: string[] = [];
  const map: number[] = [];
  for (const m of text.matchAll(CLUSTER)) {
    const piece = fold(m[0]);
    parts.push(piece);
    for (let k = 0; k < piece.length; k++) map.push(m.index);
  }
  map.push(text.length);
  return { text: parts.join(''), map: Int32Array.from(map) };
}

/** Original offset of normalised offset `i` (an end offset maps to the end of its source unit). */
export function toOriginal(n: Normalized, i: number): number {
  return n.map === null ? i : (n.map[i] ?? n.map[n.map.length - 1] ?? i);
}

/** Original end offset for a normalised end offset (exclusive): just past the source of unit end-1. */
export function toOriginalEnd(n: Normalized, end: number, originalLength: number): number {
  if (n.map === null) return end;
  if (end <= 0) return 0;
  const last = n.map[end - 1] ?? originalLength;
  // The source of unit end-1 spans up to the next distinct source offset.
  for (let k = end; k < n.map.length; k++) {
    const v = n.map[k]!;
    if (v !== last) return v;
  }
  return originalLength;
}
