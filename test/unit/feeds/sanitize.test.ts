import { describe, expect, it } from 'vitest';
import { collapseWhitespace, foldSpace } from '../../../src/feeds/sanitize.js';

// foldSpace replaces these regular expressions (the earlier implementation) with one pass; it
// must give the same text for any input.
const reference = {
  collapse: (s: string) => s.replace(/[\s\u00A0\u3000\u200B\uFEFF]+/g, ' ').trim(),
  tidy: (s: string) => s.replace(/[\s\u200B]*\n[\s\u200B]*/g, '\n').replace(/(?:[^\S\n]|\u200B)+/g, ' ').trim(),
};

// Every code unit JavaScript's \s matches, ZWSP and near neighbours that are not spaces.
const SPACES = ['\t', '\n', '\v', '\f', '\r', ' ', '\u00a0', '\u1680', '\u2000', '\u2005', '\u200a', '\u200b', '\u2028', '\u2029', '\u202f', '\u205f', '\u3000', '\ufeff'];
const OTHERS = ['a', 'Z', '7', '.', '模', '型', '\u180e', '\u200c', '\u200d', '\u2060', '\u00ad', '\u0085', '😀', '\u0000'];

function randomText(rand: () => number, length: number): string {
  let s = '';
  for (let i = 0; i < length; i++) {
    const pool = rand() < 0.45 ? SPACES : OTHERS;
    s += pool[Math.floor(rand() * pool.length)];
  }
  return s;
}

function seeded(seed: number): () => number {
  return () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
}

describe('foldSpace', () => {
  it('folds space runs to one space, or one line break where the run holds one, and trims', () => {
    expect(foldSpace('  Qwen \u00a0 3\u3000is\n\n  out \u200b ', true)).toBe('Qwen 3 is\nout');
    expect(foldSpace('  Qwen \u00a0 3\u3000is\n\n  out \u200b ', false)).toBe('Qwen 3 is out');
    expect(foldSpace('a\r\nb\u2028c', true)).toBe('a\nb c');
    expect(foldSpace('', true)).toBe('');
    expect(foldSpace(' \n\t ', true)).toBe('');
  });

  it('returns the very string when nothing needs folding', () => {
    const s = 'Doubao 1.5 ships\nto every user';
    expect(foldSpace(s, true)).toBe(s);
  });

  it('gives what the regular expressions it replaces give, on 20 000 random texts', () => {
    const rand = seeded(20261129);
    for (let k = 0; k < 20_000; k++) {
      const s = randomText(rand, Math.floor(rand() * 24));
      expect(foldSpace(s, true), JSON.stringify(s)).toBe(reference.tidy(s));
      expect(collapseWhitespace(s), JSON.stringify(s)).toBe(reference.collapse(s));
    }
  });

  it('agrees with them on every single code unit of the BMP, alone and between letters', () => {
    for (let c = 0; c <= 0xffff; c++) {
      const ch = String.fromCharCode(c);
      for (const s of [ch, `a${ch}b`, `a${ch}\n${ch}b`]) {
        if (foldSpace(s, true) !== reference.tidy(s) || collapseWhitespace(s) !== reference.collapse(s)) {
          throw new Error(`differs on U+${c.toString(16).padStart(4, '0')} in ${JSON.stringify(s)}`);
        }
      }
    }
  });
});
