// Comparison phrases: "a ChatGPT rival", "compared with GPT-4o", "unlike Gemini", "than OpenAI's",
// "与GPT-4o相比", "对标OpenAI". The entity they name is the yardstick, not the subject, so friction in
// the sentence is never attributed to it (it is still a mention of that entity).
import type { Token } from './scan.js';
import { gapSize, isLatinKey } from './clauses.js';

// Punctuation that ends the reach of a comparison: "Unlike Gemini, DeepSeek was delayed".
const STOP = /[,;:.!?()"\u3002\uff0c\uff1b\uff1a\uff01\uff1f\u201c\u201d\uff08\uff09]/;
/** Words (Latin) or characters (CJK) allowed between a comparison phrase and the entity after it
 * ("compared with the new GPT-4o") or before it ("OpenAI's rival": "'s" is one word). */
const AFTER_GAP = 2;
const BEFORE_GAP = 1;
/** … and between two entities of one comparison ("than OpenAI's GPT-4o", "ChatGPT and Gemini rivals"). */
const CHAIN_GAP = 2;

/**
 * Marks, per token index, the mentions that a comparison phrase compares with. `isMention(k)` says
 * whether token k is a mention; `ranges` holds the [first, last) token range of each sentence.
 */
export function comparedMentions(
  norm: string,
  tokens: Token[],
  ranges: readonly number[],
  isMention: (k: number) => boolean,
  versionRe: RegExp,
): number[] | null {
  let out: number[] | null = null;
  // A mention reaches past the version written after it: "与GPT-4o相比" compares GPT-4o.
  const endOf = (t: Token): number => {
    versionRe.lastIndex = t.ne;
    const m = versionRe.exec(norm);
    return m ? t.ne + m[0].length : t.ne;
  };
  for (let c = 0; c < tokens.length; c++) {
    const side = tokens[c]!.info.compare;
    if (!side) continue;
    out ??= new Array<number>(tokens.length).fill(0);
    const s = tokens[c]!.sentence;
    const first = ranges[2 * s]!;
    const last = ranges[2 * s + 1]!;
    const latin = isLatinKey(tokens[c]!.key);
    if (side === 'after') markAfter(norm, tokens, c, last, latin, isMention, out, AFTER_GAP, endOf);
    else if (side === 'before') markBefore(norm, tokens, c, first, latin, isMention, out, endOf);
    // "around": the entity right after the phrase ("相比GPT-4o"), else the one before it ("与GPT-4o相比").
    else if (!markAfter(norm, tokens, c, last, latin, isMention, out, 0, endOf)) markBefore(norm, tokens, c, first, latin, isMention, out, endOf);
  }
  return out;
}

function gapOk(norm: string, from: number, to: number, latin: boolean, max: number): boolean {
  if (to < from) return false;
  if (to - from > 40) return false;
  const gap = norm.slice(from, to);
  if (STOP.test(gap)) return false;
  return gapSize(norm, from, to, latin) <= max;
}

type EndOf = (t: Token) => number;

function markAfter(
  norm: string,
  tokens: Token[],
  c: number,
  last: number,
  latin: boolean,
  isMention: (k: number) => boolean,
  out: number[],
  firstGap: number,
  endOf: EndOf,
): boolean {
  let from = tokens[c]!.ne;
  let max = firstGap;
  let marked = false;
  for (let k = c + 1; k < last; k++) {
    const t = tokens[k]!;
    if (t.info.clauseBreak || t.info.compare) break;
    if (!isMention(k)) continue;
    if (!gapOk(norm, from, t.ns, latin, max)) break;
    out[k] = 1;
    marked = true;
    from = endOf(t);
    max = CHAIN_GAP;
  }
  return marked;
}

function markBefore(
  norm: string,
  tokens: Token[],
  c: number,
  first: number,
  latin: boolean,
  isMention: (k: number) => boolean,
  out: number[],
  endOf: EndOf,
): boolean {
  let to = tokens[c]!.ns;
  let max = BEFORE_GAP;
  let marked = false;
  for (let k = c - 1; k >= first; k--) {
    const t = tokens[k]!;
    if (t.info.clauseBreak || t.info.compare) break;
    if (!isMention(k)) continue;
    if (!gapOk(norm, endOf(t), to, latin, max)) break;
    out[k] = 1;
    marked = true;
    to = t.ns;
    max = CHAIN_GAP;
  }
  return marked;
}
