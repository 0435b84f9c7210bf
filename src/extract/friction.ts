// Friction terms in context: negated ("was not delayed", "没有推迟"), hedged ("could be delayed",
// "据报道"), and whether the sentence is about an AI model or product at all.
import type { Token } from './scan.js';
import { clauseRange, gapHasConjunction, gapSize, isLatinKey } from './clauses.js';

export interface RawHit {
  token: number;
  negated: boolean;
  hedged: boolean;
}

/** Negation and hedging of the friction token at index i (its sentence spans tokens [first, last)). */
export function frictionFlags(
  text: string,
  norm: string,
  tokens: Token[],
  i: number,
  first: number,
  last: number,
  sentenceStart: number,
): RawHit {
  const t = tokens[i]!;
  const [lo, hi] = clauseRange(tokens, i, first, last);
  let negated = false;
  let hedged = false;
  // "would" hedges only a conditional ("would be delayed if tests fail"); in reported speech ("said
  // it would delay the launch") it reports a decision.
  let conditionalHedge = false;
  let conditional = false;
  for (let k = lo; k < hi; k++) {
    if (k === i) continue;
    const o = tokens[k]!;
    const { negator, hedge } = o.info;
    if (negator && !negated) {
      if (negator.reach === 'clause') negated = true;
      else if (k < i) {
        const latin = isLatinKey(o.key);
        const gap = gapSize(norm, o.ne, t.ns, latin);
        if (gap <= negator.window && !(latin && gapHasConjunction(norm, o.ne, t.ns))) negated = true;
      }
    }
    // A clause hedge covers its comma-delimited part only: "服务器繁忙，可能会限流" hedges 限流 alone.
    if (hedge === 'clause' && !hedged && !isMonth(text, o, sentenceStart) && !commaBetween(norm, o, t)) hedged = true;
    else if (hedge === 'conditional' && !commaBetween(norm, o, t)) conditionalHedge = true;
    if (o.info.conditional) conditional = true;
  }
  if (conditionalHedge && conditional) hedged = true;
  if (!hedged) {
    for (let k = first; k < last; k++) {
      if (tokens[k]!.info.hedge === 'sentence') {
        hedged = true;
        break;
      }
    }
  }
  return { token: i, negated, hedged };
}

// "May" in the middle of a sentence is the month, not a hedge.
function isMonth(text: string, o: Token, sentenceStart: number): boolean {
  if (o.key !== 'may') return false;
  return text.charCodeAt(o.start) === 77 /* M */ && o.start > sentenceStart;
}

function commaBetween(norm: string, a: Token, b: Token): boolean {
  const from = Math.min(a.ne, b.ne);
  const to = Math.max(a.ns, b.ns);
  return to > from && norm.slice(from, to).includes(',');
}
