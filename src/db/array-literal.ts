// Postgres array literals built by hand: for arrays sent inside other arrays, where node-postgres'
// own serialisation cannot go, and for the large array parameters of the batch writes, where its
// serialisation (two regular-expression replaces and a string concatenation per element) was
// a fifth of everything the classify worker allocated (docs/performance.md).

// Only these two need a backslash inside a double-quoted element.
const NEEDS_ESCAPE = /["\\]/;
const ESCAPED = /["\\]/g;

/**
 * A Postgres array literal ('{"a","b",NULL}') of the values: strings double-quoted (so braces,
 * commas, spaces and the word NULL stay text), numbers and booleans as they print, null as NULL.
 * Sent as a parameter cast to the array type (`$1::text[]`), or one per row inside a text[]
 * parameter (cast back per row): unnest() cannot take the ragged two-dimensional array the rows
 * would make.
 */
export function arrayLiteral(values: readonly (string | number | boolean | null | undefined)[]): string {
  const parts = new Array<string>(values.length);
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (v === null || v === undefined) parts[i] = 'NULL';
    else if (typeof v === 'string') parts[i] = `"${NEEDS_ESCAPE.test(v) ? v.replace(ESCAPED, '\\$&') : v}"`;
    else parts[i] = String(v);
  }
  return `{${parts.join(',')}}`;
}
