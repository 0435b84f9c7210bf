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
const LETTER_OR_DIGIT = /^[\p{L}\p{N}]$/u;
const FNV_PRIME = 0x01000193;
const SEED_HI = 0x811c9dc5;
const SEED_LO = 0x050c5d1f;
const SPACE = 0x20;

// Tokens are maximal CJK runs, else maximal runs of letters/digits (\p{L}\p{N}, by code point).
// The CJK ranges are all in the BMP, so a CJK run's code points are single UTF-16 units and a
// bigram is just two adjacent units of the normalised string.
const IS_WORD = 1;
const IS_CJK = 2;
const CLASSIFIED = 4;
// Class of each BMP unit, filled on first sight from the regexes above so the hand-written scanner
// classifies exactly like them (Unicode data is the engine's, not a table copied here).
const bmpClass = new Uint8Array(0x10000);

function charClass(cp: number): number {
  if (cp > 0xffff) return LETTER_OR_DIGIT.test(String.fromCodePoint(cp)) ? IS_WORD : 0;
  let k = bmpClass[cp]!;
  if (k === 0) {
    const ch = String.fromCharCode(cp);
    k = CLASSIFIED | (LETTER_OR_DIGIT.test(ch) ? IS_WORD : 0) | (CJK.test(ch) ? IS_CJK : 0);
    bmpClass[cp] = k;
  }
  return k;
}

// A feature is up to three [start, end) spans of the normalised text joined by single spaces,
// stored as six ints (an unused span is [0, 0)). Hashing the spans in place saves building a
// string per shingle. Features never outnumber UTF-16 units (a run of n words gives at most n),
// so one buffer sized for article-length text is reused; longer texts get their own.
const SPAN_INTS = 6;
const SHARED_SPAN_UNITS = 8192;
const sharedSpans = new Int32Array(SPAN_INTS * SHARED_SPAN_UNITS);

interface Features {
  spans: Int32Array;
  count: number;
}

function emit(buf: Int32Array, count: number, s0: number, e0: number, s1: number, e1: number, s2: number, e2: number): number {
  const o = count * SPAN_INTS;
  buf[o] = s0;
  buf[o + 1] = e0;
  buf[o + 2] = s1;
  buf[o + 3] = e1;
  buf[o + 4] = s2;
  buf[o + 5] = e2;
  return count + 1;
}

/** The features of the normalised text, as spans; valid until the next call. */
function featureSpans(norm: string): Features {
  const buf = norm.length <= SHARED_SPAN_UNITS ? sharedSpans : new Int32Array(SPAN_INTS * norm.length);
  let count = 0;
  // The current run of words (broken only by CJK runs): its length and its last two words, a then b.
  let runLen = 0;
  let aS = 0;
  let aE = 0;
  let bS = 0;
  let bE = 0;
  const n = norm.length;
  let i = 0;
  for (;;) {
    const cp = i < n ? norm.codePointAt(i)! : -1;
    const k = cp < 0 ? 0 : charClass(cp);
    if (cp < 0 || k & IS_CJK) {
      // The run of words ends; one shorter than a shingle still counts, as one feature of all its words.
      if (runLen === 1) count = emit(buf, count, bS, bE, 0, 0, 0, 0);
      else if (runLen === 2) count = emit(buf, count, aS, aE, bS, bE, 0, 0);
      runLen = 0;
      if (cp < 0) break;
      // The CJK run's bigrams are features on their own.
      const start = i;
      do i++;
      while (i < n && charClass(norm.charCodeAt(i)) & IS_CJK);
      if (i - start === 1) count = emit(buf, count, start, i, 0, 0, 0, 0);
      for (let j = start; j + 1 < i; j++) count = emit(buf, count, j, j + 2, 0, 0, 0, 0);
    } else if (k & IS_WORD) {
      const start = i;
      i += cp > 0xffff ? 2 : 1;
      while (i < n) {
        const c = norm.codePointAt(i)!;
        if (!(charClass(c) & IS_WORD)) break;
        i += c > 0xffff ? 2 : 1;
      }
      if (++runLen >= WORD_SHINGLE) count = emit(buf, count, aS, aE, bS, bE, start, i);
      aS = bS;
      aE = bE;
      bS = start;
      bE = i;
    } else i += cp > 0xffff ? 2 : 1;
  }
  return { spans: buf, count };
}

function normalise(text: string): string {
  return text.normalize('NFKC').toLowerCase();
}

/** The features (shingles) SimHash counts: word 3-shingles for Latin, character bigrams for CJK. */
export function simhashFeatures(text: string): string[] {
  const norm = normalise(text);
  const { spans, count } = featureSpans(norm);
  const out: string[] = [];
  for (let f = 0; f < count; f++) {
    const o = f * SPAN_INTS;
    let s = norm.slice(spans[o], spans[o + 1]);
    if (spans[o + 3]! > 0) s += ' ' + norm.slice(spans[o + 2], spans[o + 3]);
    if (spans[o + 5]! > 0) s += ' ' + norm.slice(spans[o + 4], spans[o + 5]);
    out.push(s);
  }
  return out;
}

// Final avalanche so short features spread over all bits.
function avalanche(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h;
}

// Votes are tallied eight bits at a time: byte j of lanes[k] counts how often bit 8j+k was set.
// A byte holds 255, so the lanes are emptied into the per-bit totals every 255 features.
const LANE_MAX = 255;
const LANE_MASK = 0x01010101;

function drainLanes(lanes: Int32Array, ones: Int32Array): void {
  for (let k = 0; k < 16; k++) {
    const bit = ((k & 8) << 2) | (k & 7);
    const x = lanes[k]!;
    ones[bit] = ones[bit]! + (x & 0xff);
    ones[bit + 8] = ones[bit + 8]! + ((x >>> 8) & 0xff);
    ones[bit + 16] = ones[bit + 16]! + ((x >>> 16) & 0xff);
    ones[bit + 24] = ones[bit + 24]! + (x >>> 24);
    lanes[k] = 0;
  }
}

/** 64-bit SimHash of text as a signed bigint (Postgres bigint), or null when the text is too short. */
export function simhash64(text: string): bigint | null {
  const norm = normalise(text);
  const { spans: buf, count } = featureSpans(norm);
  if (count < SIMHASH_MIN_FEATURES) return null;
  // The lanes live in locals while features are tallied (lN: low word, hN: high word; lane k of
  // either holds bits k, k+8, k+16, k+24); `lanes` only carries them to drainLanes. Kept in an
  // Int32Array (16 loads and stores per feature) the whole call took 13-15 % longer
  // (docs/performance.md, item 29).
  const lanes = new Int32Array(16);
  const ones = new Int32Array(64);
  let l0 = 0, l1 = 0, l2 = 0, l3 = 0, l4 = 0, l5 = 0, l6 = 0, l7 = 0;
  let h0 = 0, h1 = 0, h2 = 0, h3 = 0, h4 = 0, h5 = 0, h6 = 0, h7 = 0;
  let pending = 0;
  for (let f = 0; f < count; f++) {
    // FNV-1a over the UTF-16 units of the spans joined by spaces, both seeds in one pass (the
    // first span on its own: the others start with the joining space).
    let hi = SEED_HI;
    let lo = SEED_LO;
    const o = f * SPAN_INTS;
    for (let i = buf[o]!, end = buf[o + 1]!; i < end; i++) {
      const c = norm.charCodeAt(i);
      hi = Math.imul(hi ^ c, FNV_PRIME);
      lo = Math.imul(lo ^ c, FNV_PRIME);
    }
    for (let p = o + 2; p < o + SPAN_INTS; p += 2) {
      const end = buf[p + 1]!;
      if (end === 0) break;
      hi = Math.imul(hi ^ SPACE, FNV_PRIME);
      lo = Math.imul(lo ^ SPACE, FNV_PRIME);
      for (let i = buf[p]!; i < end; i++) {
        const c = norm.charCodeAt(i);
        hi = Math.imul(hi ^ c, FNV_PRIME);
        lo = Math.imul(lo ^ c, FNV_PRIME);
      }
    }
    hi = avalanche(hi);
    lo = avalanche(lo);
    l0 += lo & LANE_MASK;
    l1 += (lo >>> 1) & LANE_MASK;
    l2 += (lo >>> 2) & LANE_MASK;
    l3 += (lo >>> 3) & LANE_MASK;
    l4 += (lo >>> 4) & LANE_MASK;
    l5 += (lo >>> 5) & LANE_MASK;
    l6 += (lo >>> 6) & LANE_MASK;
    l7 += (lo >>> 7) & LANE_MASK;
    h0 += hi & LANE_MASK;
    h1 += (hi >>> 1) & LANE_MASK;
    h2 += (hi >>> 2) & LANE_MASK;
    h3 += (hi >>> 3) & LANE_MASK;
    h4 += (hi >>> 4) & LANE_MASK;
    h5 += (hi >>> 5) & LANE_MASK;
    h6 += (hi >>> 6) & LANE_MASK;
    h7 += (hi >>> 7) & LANE_MASK;
    if (++pending === LANE_MAX || f === count - 1) {
      lanes[0] = l0;
      lanes[1] = l1;
      lanes[2] = l2;
      lanes[3] = l3;
      lanes[4] = l4;
      lanes[5] = l5;
      lanes[6] = l6;
      lanes[7] = l7;
      lanes[8] = h0;
      lanes[9] = h1;
      lanes[10] = h2;
      lanes[11] = h3;
      lanes[12] = h4;
      lanes[13] = h5;
      lanes[14] = h6;
      lanes[15] = h7;
      drainLanes(lanes, ones);
      l0 = l1 = l2 = l3 = l4 = l5 = l6 = l7 = 0;
      h0 = h1 = h2 = h3 = h4 = h5 = h6 = h7 = 0;
      pending = 0;
    }
  }
  // Bit b is set when more features have it set than not (a tie leaves it clear).
  let lo = 0;
  let hi = 0;
  for (let b = 0; b < 32; b++) {
    if (2 * ones[b]! > count) lo |= 1 << b;
    if (2 * ones[b + 32]! > count) hi |= 1 << b;
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
