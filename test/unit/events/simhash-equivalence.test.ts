import { describe, expect, it } from 'vitest';
import { simhash64, simhashFeatures } from '../../../src/events/simhash.js';

// Frozen copy of the original (string-per-shingle) implementation. Stored fingerprints were made
// with it, so the optimised simhash64 must agree with it bit for bit on every input.
const REF_CJK = /[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uac00-\ud7af]/u;
const REF_TOKEN = /[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uac00-\ud7af]+|[\p{L}\p{N}]+/gu;

function referenceFeatures(text: string): string[] {
  const norm = text.normalize('NFKC').toLowerCase();
  const out: string[] = [];
  const words: string[] = [];
  const flushWords = () => {
    if (words.length === 0) return;
    if (words.length < 3) out.push(words.join(' '));
    else for (let i = 0; i + 3 <= words.length; i++) out.push(words.slice(i, i + 3).join(' '));
    words.length = 0;
  };
  for (const m of norm.matchAll(REF_TOKEN)) {
    const tok = m[0];
    if (REF_CJK.test(tok[0]!)) {
      flushWords();
      const chars = [...tok];
      if (chars.length === 1) out.push(chars[0]!);
      for (let i = 0; i + 1 < chars.length; i++) out.push(chars[i]! + chars[i + 1]!);
    } else words.push(tok);
  }
  flushWords();
  return out;
}

function referenceFnv32(s: string, seed: number): number {
  let h = seed >>> 0;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

function referenceSimhash64(text: string): bigint | null {
  const feats = referenceFeatures(text);
  if (feats.length < 8) return null;
  const v = new Int32Array(64);
  for (const f of feats) {
    const hi = referenceFnv32(f, 0x811c9dc5);
    const lo = referenceFnv32(f, 0x050c5d1f);
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

// mulberry32: a tiny seeded PRNG so the generated corpus is the same on every run.
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const ENGLISH = ['the', 'model', 'Qwen3', 'release', 'OpenAI', 'GPT-5', 'benchmark', 'weights', 'open', 'a', 'of', 'in', 'API', '2025', 'v1.5', "it's", 'Llama'];
const CHINESE = ['阿里', '发布', '通义千问', '模型', '开发者', '算力', '基准测试', '开放权重', '新加坡', '杭州'];
const KANA_HANGUL = ['カタカナ', 'ひらがな', '・', 'ー', '한국어', '모델', '゛', '゠'];
const ACCENTED = ['café', 'naïve', 'Ångström', 'Straße', 'İstanbul', 'IŞIK', 'ǅ', 'ﬁnal', 'Ωmega', 'ΣΊΣΥΦΟΣ'];
const FULL_WIDTH = ['ＡＢＣ', 'ｄｅｆ', '１２３', '㍻', '①', 'ｶﾀｶﾅ', '㈱', '﨑', '豈'];
const ASTRAL = ['😀', '𠀀', '𠀀𠀁', '𝐀𝐁', '𐐀', '🇯🇵', '𝟙𝟚'];
const PUNCT = [' ', ' ', ' ', ', ', '. ', '! ', ' — ', '\n', '\t', '-', '"', '(', ')', '：', '，', '。', '\u00a0', '\u200b', '\u0301'];
const ODD = ['\ud800', '\udc00', 'a\u0301', '\u0000', '٣٤', 'ⅷ', '²', '\ufeff'];
const POOLS = [ENGLISH, CHINESE, KANA_HANGUL, ACCENTED, FULL_WIDTH, ASTRAL, PUNCT, ODD];

function randomText(rand: () => number): string {
  const pools = POOLS.filter(() => rand() < 0.5);
  if (pools.length === 0) pools.push(ENGLISH);
  const n = Math.floor(rand() ** 2 * 120);
  let s = '';
  for (let i = 0; i < n; i++) {
    const pool = pools[Math.floor(rand() * pools.length)]!;
    s += pool[Math.floor(rand() * pool.length)]!;
    if (pool !== PUNCT && rand() < 0.6) s += ' ';
  }
  return s;
}

describe('simhash64 matches the original implementation bit for bit', () => {
  it('on thousands of generated mixed-script texts', () => {
    const rand = prng(20250101);
    let nonNull = 0;
    for (let i = 0; i < 4000; i++) {
      const text = randomText(rand);
      const expected = referenceSimhash64(text);
      if (expected !== null) nonNull++;
      expect(simhash64(text), JSON.stringify(text)).toBe(expected);
      expect(simhashFeatures(text), JSON.stringify(text)).toEqual(referenceFeatures(text));
    }
    // The corpus must exercise both the null and the fingerprint paths.
    expect(nonNull).toBeGreaterThan(1000);
    expect(nonNull).toBeLessThan(3900);
  });

  it('on long articles (English, Chinese, mixed)', () => {
    const rand = prng(7);
    const pick = (pool: string[]) => pool[Math.floor(rand() * pool.length)]!;
    for (let i = 0; i < 50; i++) {
      let en = '';
      let zh = '';
      let mixed = '';
      while (en.length < 2000) en += pick(ENGLISH) + pick([' ', ' ', ', ', '. ']);
      while (zh.length < 700) zh += pick(CHINESE) + pick(['', '', '，', '。']);
      while (mixed.length < 2000) mixed += pick(rand() < 0.5 ? ENGLISH : CHINESE) + pick([' ', '', '，']);
      for (const text of [en, zh, mixed]) expect(simhash64(text)).toBe(referenceSimhash64(text));
    }
  });

  it('when one feature repeats far more often than a vote counter batch', () => {
    // The same few features thousands of times push every set bit's tally well past 255.
    for (const text of ['release the weights '.repeat(1500), '啊'.repeat(3000), '发布'.repeat(1200) + ' model '.repeat(700)]) {
      expect(simhash64(text)).toBe(referenceSimhash64(text));
    }
  });

  it('at the feature-count threshold and on short or empty texts', () => {
    const words = 'alpha beta gamma delta epsilon zeta eta theta iota kappa'.split(' ');
    // n words give n-2 shingles: 9 words → 7 features (null), 10 words → 8 features.
    expect(referenceFeatures(words.slice(0, 9).join(' '))).toHaveLength(7);
    expect(simhash64(words.slice(0, 9).join(' '))).toBeNull();
    expect(referenceFeatures(words.join(' '))).toHaveLength(8);
    expect(simhash64(words.join(' '))).toBe(referenceSimhash64(words.join(' ')));
    // CJK: a run of n characters gives n-1 bigrams.
    expect(simhash64('阿里巴巴周一发布')).toBeNull();
    expect(simhash64('阿里巴巴周一发布了')).toBe(referenceSimhash64('阿里巴巴周一发布了'));
    for (const t of ['', ' ', '...', 'a', '中', '😀😀😀', 'a 中 b 中 c 中 d 中 e 中 f 中 g 中 h', 'İİİ İ İ İ İ İ İ İ', '𠀀 '.repeat(20)]) {
      expect(simhash64(t), JSON.stringify(t)).toBe(referenceSimhash64(t));
      expect(simhashFeatures(t)).toEqual(referenceFeatures(t));
    }
  });

  it('on a tie (as many features with a bit set as without)', () => {
    // Even feature counts allow exact ties; the original leaves such bits at 0.
    const rand = prng(99);
    for (let i = 0; i < 200; i++) {
      const n = 8 + 2 * Math.floor(rand() * 4);
      const text = Array.from({ length: n + 2 }, () => ENGLISH[Math.floor(rand() * ENGLISH.length)]).join(' ');
      expect(simhash64(text)).toBe(referenceSimhash64(text));
    }
  });
});
