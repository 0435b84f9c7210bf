// Postgres array literals built by hand: for arrays sent inside other arrays, where node-postgres'
// own serialisation cannot go, and for the large array parameters of the batch writes, where its
// serialisation (two regular-expression replaces and a string concatenation per element) was
// a fifth of everything the classify worker allocated (docs/performance.md, items 24 and 31).

// Only these two need a backslash inside a double-quoted element.
const NEEDS_ESCAPE = /["\\]/;
const ESCAPED = /["\\]/g;
// JSON escapes of control characters and lone surrogates (\b \f \n \r \t \uXXXX). A backslash
// before one of these letters may also be an escaped backslash followed by the letter: then the
// slow path runs for nothing, which is still right.
const JSON_ONLY_ESCAPE = /\\[bfnrtu]/;

/** What an array literal holds. */
type Element = string | number | boolean | null | undefined;

/**
 * A Postgres array literal ('{"a","b",null}') of the values: strings double-quoted (so braces,
 * commas, spaces and the word NULL stay text), numbers and booleans as they print, null and
 * undefined as null (Postgres reads an unquoted NULL in any case). Sent as a parameter cast to
 * the array type (`$1::text[]`), or one per row inside a text[] parameter (cast back per row):
 * unnest() cannot take the ragged two-dimensional array the rows would make.
 *
 * JSON.stringify writes exactly that, faster than a loop in JS (1.5× on the batch writes'
 * arrays, most of them short; 2.5× on long arrays of sentences): strings in double quotes with
 * `"` and `\` escaped by a backslash, as an array element needs; numbers and booleans as String()
 * prints them; null for null and undefined. It differs only where Postgres would read
 * its output otherwise — control characters and lone surrogates, which JSON escapes (`\n` would
 * read back as `n`), and NaN and ±Infinity, which it writes as null — and those arrays take the
 * element loop.
 */
export function arrayLiteral(values: readonly Element[]): string {
  const json = JSON.stringify(values);
  if ((json.includes('\\') && JSON_ONLY_ESCAPE.test(json)) || (json.includes('null') && hasNonFinite(values))) return elementLoop(values);
  return `{${json.slice(1, -1)}}`;
}

function hasNonFinite(values: readonly unknown[]): boolean {
  for (const v of values) if (typeof v === 'number' && !Number.isFinite(v)) return true;
  return false;
}

function elementLoop(values: readonly Element[]): string {
  const parts = new Array<string>(values.length);
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (v === null || v === undefined) parts[i] = 'null';
    else if (typeof v === 'string') parts[i] = `"${NEEDS_ESCAPE.test(v) ? v.replace(ESCAPED, '\\$&') : v}"`;
    else parts[i] = String(v);
  }
  return `{${parts.join(',')}}`;
}

/**
 * A query parameter as it goes to node-postgres: a flat array of strings, numbers, booleans,
 * nulls and Dates becomes its literal here (Dates as ISO instants: every timestamp column is
 * timestamptz), which node-postgres would otherwise build element by element with two regular
 * expressions each (the batch writes' id, key and time arrays). Anything else — nested arrays,
 * objects, Buffers, bigints, invalid Dates — is left to node-postgres as before.
 */
export function wireParam(p: unknown): unknown {
  if (!Array.isArray(p)) return p;
  let dates = false;
  for (const v of p) {
    if (v === null || v === undefined) continue;
    const t = typeof v;
    if (t === 'string' || t === 'number' || t === 'boolean') continue;
    if (v instanceof Date && !Number.isNaN(v.getTime())) {
      dates = true;
      continue;
    }
    return p;
  }
  return arrayLiteral(dates ? p.map((v: unknown) => (v instanceof Date ? v.toISOString() : (v as Element))) : (p as Element[]));
}
