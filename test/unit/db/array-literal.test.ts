import { describe, expect, it } from 'vitest';
import { arrayLiteral, wireParam } from '../../../src/db/array-literal.js';

// The literal as Postgres' array syntax defines it, written the plain way: each string in double
// quotes with `"` and `\` backslash-escaped, null (NULL in any case) for null, numbers and booleans as they print.
function reference(values: readonly (string | number | boolean | null | undefined)[]): string {
  return `{${values.map((v) => (v === null || v === undefined ? 'null' : typeof v === 'string' ? `"${v.replace(/["\\]/g, '\\$&')}"` : String(v))).join(',')}}`;
}

// Small seeded generator, so a failure repeats.
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

describe('arrayLiteral (pure)', () => {
  it('writes what the element-by-element definition writes, for random awkward text', () => {
    // Quotes, backslashes before the letters JSON uses for its own escapes, braces, commas,
    // control characters, a lone surrogate, CJK and the word null.
    const pieces = ['"', '\\', '\\n', '\\u0041', 'b', 'f', 'n', 'r', 't', 'u', '{', '}', ',', ' ', '\n', '\t', '\u0001', '\u001f', '\ud800', '通义', 'null', 'NULL', 'x', "'"];
    const next = rng(7);
    for (let round = 0; round < 3000; round++) {
      const values = Array.from({ length: Math.floor(next() * 5) }, () =>
        next() < 0.1 ? null : Array.from({ length: Math.floor(next() * 6) }, () => pieces[Math.floor(next() * pieces.length)]).join(''),
      );
      expect(arrayLiteral(values)).toBe(reference(values));
    }
  });

  it('writes numbers as String() prints them, NaN and infinities included', () => {
    const values = [0, -0, 7, -3, 0.1, 1 / 3, 1e21, 5e-7, Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, null, undefined];
    expect(arrayLiteral(values)).toBe(reference(values));
    expect(arrayLiteral([1, 2.5])).toBe('{1,2.5}');
    expect(arrayLiteral([true, false, null])).toBe('{true,false,null}');
  });

  it('nests: a literal inside a literal is escaped like any other text', () => {
    const inner = [arrayLiteral(['a "b"', null]), arrayLiteral([1, 2])];
    expect(arrayLiteral(inner)).toBe(reference(inner));
    expect(arrayLiteral([])).toBe('{}');
  });
});

describe('wireParam', () => {
  it('turns flat arrays of text, numbers, booleans, nulls and Dates into literals', () => {
    const at = new Date('2026-03-01T12:34:56.789Z');
    expect(wireParam([1, 2, null])).toBe('{1,2,null}');
    expect(wireParam(['a"b', undefined])).toBe('{"a\\"b",null}');
    expect(wireParam([at, null])).toBe('{"2026-03-01T12:34:56.789Z",null}');
    expect(wireParam([])).toBe('{}');
  });

  it('leaves everything else to node-postgres', () => {
    const nested = [[1], [2]];
    const objects = [{ a: 1 }];
    const invalid = [new Date(Number.NaN)];
    const big = [1n];
    for (const p of [nested, objects, invalid, big]) expect(wireParam(p)).toBe(p);
    expect(wireParam('x')).toBe('x');
    expect(wireParam(null)).toBe(null);
    const at = new Date();
    expect(wireParam(at)).toBe(at);
  });
});
