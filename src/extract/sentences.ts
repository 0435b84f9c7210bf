// Sentence splitting on the original text. Intl.Segmenter (sentence granularity) gives the same
// boundaries on news prose but ran at ~35 MB/s on English here (a third of the whole budget), so
// this is a single-pass splitter with the UAX #29 essentials: . ! ? and 。！？ end a sentence
// (with closing quotes/brackets), a line break ends one, and a Latin full stop must be followed by
// space and not belong to an abbreviation ("Mr.", "U.S.", "Inc.") or an initial.
import type { Sentence } from './types.js';

function isTerminator(c: number): boolean {
  return c === 46 || c === 33 || c === 63 || c === 0x3002 || c === 0xff01 || c === 0xff1f; // . ! ? 。！？
}

const CANDIDATE = /[.!?\n\u3002\uff01\uff1f]/g;

// Closing quotes and brackets that stay with the sentence they end: " ' ” ’ 」 』 ) ） ] 》
function isCloser(c: number): boolean {
  return c === 34 || c === 39 || c === 0x201d || c === 0x2019 || c === 0x300d || c === 0x300f || c === 41 || c === 0xff09 || c === 93 || c === 0x300b;
}
const ABBREVIATIONS = new Set([
  'mr', 'mrs', 'ms', 'dr', 'prof', 'sr', 'jr', 'st', 'inc', 'corp', 'co', 'ltd', 'plc', 'llc', 'vs', 'etc', 'no',
  'jan', 'feb', 'mar', 'apr', 'jun', 'jul', 'aug', 'sep', 'sept', 'oct', 'nov', 'dec', 'e.g', 'i.e', 'u.s', 'u.k',
  'approx', 'est', 'dept', 'gen', 'gov', 'sen', 'rep', 'fig', 'vol',
]);

const MAX_ABBREVIATION = Math.max(...[...ABBREVIATIONS].map((a) => a.length));

function isSpace(c: number): boolean {
  return c === 32 || c === 9 || c === 10 || c === 13 || c === 0xa0 || c === 0x3000 || c === 0x2028 || c === 0x2029;
}

function isCjk(c: number): boolean {
  return c >= 0x2e80 && c <= 0x9fff;
}

// The word before a full stop at `dot` ("U.S" for "U.S.", "Inc" for "Inc.").
function wordBefore(text: string, dot: number): string {
  let k = dot;
  // No abbreviation is longer than this: a longer word is cut and then not found in the set.
  const stop = Math.max(0, dot - MAX_ABBREVIATION - 1);
  while (k > stop) {
    const c = text.charCodeAt(k - 1);
    const wordish = (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 46;
    if (!wordish) break;
    k--;
  }
  return text.slice(k, dot);
}

function isAbbreviation(text: string, dot: number): boolean {
  const w = wordBefore(text, dot);
  if (w.length === 0 || w.length > MAX_ABBREVIATION) return false;
  if (w.length === 1 && w >= 'A' && w <= 'Z') return true; // an initial: "J. Smith"
  return ABBREVIATIONS.has(w.toLowerCase());
}

/** Splits `text` into sentences whose offsets index into it (leading/trailing whitespace trimmed). */
export function splitSentences(text: string): Sentence[] {
  const out: Sentence[] = [];
  const push = (from: number, to: number) => {
    while (from < to && isSpace(text.charCodeAt(from))) from++;
    while (to > from && isSpace(text.charCodeAt(to - 1))) to--;
    if (to > from) out.push({ index: out.length, start: from, end: to, text: text.slice(from, to) });
  };
  let start = 0;
  const n = text.length;
  // The regex engine finds the next candidate (a single-character class, scanned natively); the
  // rules are plain code. Most characters are neither a stop nor a line break.
  const find = CANDIDATE;
  find.lastIndex = 0;
  for (;;) {
    // test() moves lastIndex past the match like exec() without building a match array.
    if (!find.test(text)) break;
    const at = find.lastIndex - 1;
    const c0 = text.charCodeAt(at);
    if (c0 === 10) {
      push(start, at);
      start = at + 1;
      continue;
    }
    let end = at + 1;
    while (end < n && isTerminator(text.charCodeAt(end))) end++;
    const lastStop = text.charCodeAt(end - 1);
    const single = end - at === 1 && c0 === 46;
    const runEnd = end;
    while (end < n && isCloser(text.charCodeAt(end))) end++;
    const next = end < n ? text.charCodeAt(end) : 32;
    const cjkStop = lastStop >= 0x3000;
    if (!cjkStop) {
      // A Latin stop ends a sentence only before space (or CJK text), not inside "2.5" or "U.S.".
      if (!isSpace(next) && !isCjk(next)) {
        find.lastIndex = runEnd;
        continue;
      }
      if (single && isAbbreviation(text, at)) continue;
      // "approx. ten": a lower-case word after the stop continues the sentence.
      let k = end;
      while (k < n && isSpace(text.charCodeAt(k)) && text.charCodeAt(k) !== 10) k++;
      const c = text.charCodeAt(k);
      if (c >= 97 && c <= 122) {
        find.lastIndex = runEnd;
        continue;
      }
    }
    push(start, end);
    start = end;
    find.lastIndex = end;
  }
  push(start, n);
  return out;
}
