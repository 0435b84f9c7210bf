// 64-bit SimHash of an article's text, for near-duplicate (syndicated copy) detection. Pure.
//
// Features: shingles of 3 consecutive words for Latin-script text, overlapping character bigrams
// for CJK runs (Chinese has no spaces, and bigrams are what a reader would call "words" closely
// enough). Each feature is hashed to 64 bits (two independent 32-bit FNV-1a variants); the
// fingerprint's bit i is set when more features have bit i set than not. Two reprints of one
// story differ by a handful of bits; unrelated stories by about 32.

/** Hamming distance at or below which two fingerprints are the same story. */
export const SIMHASH_MAX_DISTANCE = 3;
/** Fewer features than this and the fingerprint is too noisy to trust (returns null). */
export const SIMHASH_MIN_FEATURES = 8;
/** The fingerprint is split in this many 16-bit bands; two within distance 3 share at least one. */
export const SIMHASH_BANDS = 4;

const WORD_SHINGLE = 3;
const CJK = /[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uac00-\ud7af]/u;
const TOKEN = /[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uac00-\ud7af]+|[\p{L}\p{N}]+/gu;

/** The features (shingles) SimHash counts: word 3-shingles for Latin, character bigrams for CJK. */
export function simhashFeatures(text: string): string[] {
  const norm = text.normalize('NFKC').toLowerCase();
  const out: string[] = [];
  const words: string[] = [];
  const flushWords = () => {
    if (words.length === 0) return;
    if (words.length < WORD_SHINGLE) out.push(words.join(' '));
    else for (let i = 0; i + WORD_SHINGLE <= words.length; i++) out.push(words.slice(i, i + WORD_SHINGLE).join(' '));
    words.length = 0;
  };
  for (const m of norm.matchAll(TOKEN)) {
    const tok = m[0];
    if (CJK.test(tok[0]!)) {
      // A CJK run breaks the word sequence; its bigrams are features on their own.
      flushWords();
      const chars = [...tok];
      if (chars.length === 1) out.push(chars[0]!);
      for (let i = 0; i + 1 < chars.length; i++) out.push(chars[i]! + chars[i + 1]!);
    } else words.push(tok);
  }
  flushWords();
  return out;
}

function fnv32(s: string, seed: number): number {
  let h = seed >>> 0;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  // Final avalanche so short features spread over all bits.
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** 64-bit SimHash of text as a signed bigint (Postgres bigint), or null when the text is too short. */
export function simhash64(text: string): bigint | null {
  const feats = simhashFeatures(text);
  if (feats.length < SIMHASH_MIN_FEATURES) return null;
  const v = new Int32Array(64);
  for (const f of feats) {
    const hi = fnv32(f, 0x811c9dc5);
    const lo = fnv32(f, 0x050c5d1f);
    for (let b = 0; b < 32; b++) {
      v[b] = v[b]! + ((lo >>> b) & 1 ? 1 : -1);
      v[b + 32] = v[b + 32]! + ((hi >>> b) & 1 ? 1 : -1);
    }
  }
  let lo = 0;
  let hi = 0;
  for (let b = 0; b < 32; b++) {
    if (v[b]! > 0) lo |= 1 << b;
    if (v[b + 32]! > 0) hi |= 1 << b;
  }
  return BigInt.asIntN(64, (BigInt(hi >>> 0) << 32n) | BigInt(lo >>> 0));
}

/** Number of differing bits between two 64-bit fingerprints. */
export function hamming64(a: bigint, b: bigint): number {
  let x = BigInt.asUintN(64, a ^ b);
  let n = 0;
  while (x) {
    x &= x - 1n;
    n++;
  }
  return n;
}

/** The four 16-bit bands, most significant first; equal to `(simhash >> 48-16i) & 65535` in SQL. */
export function simhashBands(h: bigint): number[] {
  const u = BigInt.asUintN(64, h);
  return [48n, 32n, 16n, 0n].map((s) => Number((u >> s) & 0xffffn));
}
