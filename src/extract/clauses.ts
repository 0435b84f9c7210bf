// Clause scope inside a sentence: negation, hedging and attribution stop at clause breaks
// ("but", "however", ";", "但", "不过" …). Plain commas do not break a clause: "no outages, delays
// or glitches" stays negated throughout.
import type { Token } from './scan.js';

/** Token index range [lo, hi) of the clause around token i, within its sentence range [first, last). */
export function clauseRange(tokens: Token[], i: number, first: number, last: number): [number, number] {
  let lo = first;
  for (let k = i - 1; k >= first; k--) {
    if (tokens[k]!.info.clauseBreak) {
      lo = k + 1;
      break;
    }
  }
  let hi = last;
  for (let k = i + 1; k < last; k++) {
    if (tokens[k]!.info.clauseBreak) {
      hi = k;
      break;
    }
  }
  return [lo, hi];
}

const LATIN = /[a-z]/;

/** Distance from a negator to the term after it: words for Latin text, characters for CJK. */
export function gapSize(norm: string, from: number, to: number, latin: boolean): number {
  if (to <= from) return 0;
  if (!latin) {
    let n = 0;
    for (let k = from; k < to; k++) if (norm.charCodeAt(k) !== 32) n++;
    return n;
  }
  let words = 0;
  let inWord = false;
  for (let k = from; k < to; k++) {
    const sp = norm.charCodeAt(k) <= 32;
    if (!sp && !inWord) words++;
    inWord = !sp;
  }
  return words;
}

/** True when the gap holds a conjunction that starts a new predicate ("did not crash and was delayed"). */
export function gapHasConjunction(norm: string, from: number, to: number): boolean {
  if (to - from < 5) return false;
  const gap = norm.slice(from, to);
  return gap.includes(' and ') || gap.includes(' then ') || gap.includes('.') || gap.includes('而且') || gap.includes('并且');
}

export function isLatinKey(key: string): boolean {
  return LATIN.test(key);
}
