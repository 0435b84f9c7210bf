// One pass of the compiled regex over the normalised text: every lexicon match becomes a token
// with its original offsets and sentence index.
import type { CompiledLexicon, TokenInfo } from './compile.js';
import { LANGUAGE_SAMPLE, toOriginal, toOriginalEnd, type Normalized } from './normalize.js';
import type { Sentence } from './types.js';

export interface Token {
  info: TokenInfo;
  /** Canonical matched form (the lookup key). */
  key: string;
  /** Offsets in the normalised text. */
  ns: number;
  ne: number;
  /** Offsets in the original text. */
  start: number;
  end: number;
  sentence: number;
}

/** Finds every lexicon term in the text (leftmost-longest, in order); stop and neutral phrases are consumed and dropped. */
export function scanTokens(text: string, norm: Normalized, sentences: Sentence[], lex: CompiledLexicon): Token[] {
  const tokens: Token[] = [];
  let s = 0;
  const nSent = sentences.length;
  lex.trie.scan(norm.text, (entry, ns, ne) => {
    const info = entry.info;
    if (info.stop || info.neutral) return;
    const start = toOriginal(norm, ns);
    const end = toOriginalEnd(norm, ne, text.length);
    while (s + 1 < nSent && sentences[s + 1]!.start <= start) s++;
    tokens.push({ info, key: entry.key, ns, ne, start, end, sentence: s });
  });
  return tokens;
}

/** [first, last) token index per sentence (tokens are in text order). */
export function sentenceRanges(tokens: Token[], nSentences: number): number[] {
  const ranges = new Array<number>(nSentences * 2);
  let t = 0;
  for (let s = 0; s < nSentences; s++) {
    ranges[2 * s] = t;
    while (t < tokens.length && tokens[t]!.sentence === s) t++;
    ranges[2 * s + 1] = t;
  }
  return ranges;
}

/** Language of the text: 'zh' when CJK characters are a large share of its letters. */
export function detectLanguage(text: string, hint: string | null | undefined): string {
  let cjk = 0;
  let latin = 0;
  // The first few thousand characters decide; the rest would only cost time.
  const n = Math.min(text.length, LANGUAGE_SAMPLE);
  for (let i = 0; i < n; i += 2) {
    const c = text.charCodeAt(i);
    if ((c >= 0x4e00 && c <= 0x9fff) || (c >= 0x3400 && c <= 0x4dbf)) cjk++;
    else if ((c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a)) latin++;
  }
  return languageFromCounts(cjk, latin, hint);
}

/** The language guess from the CJK and Latin letter counts of a text's start (see normalizeText). */
export function languageFromCounts(cjk: number, latin: number, hint: string | null | undefined): string {
  // A Chinese character carries about as much as a Latin word, so weigh them up against letters.
  const share = (cjk * 3) / (cjk * 3 + latin || 1);
  const hintZh = (hint ?? '').toLowerCase().startsWith('zh');
  if (share >= 0.5 || (hintZh && share >= 0.2)) return 'zh';
  return 'en';
}
