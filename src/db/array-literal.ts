// Array values sent inside other arrays, where node-postgres' own serialisation cannot go.

/**
 * A Postgres array literal ('{"a","b",NULL}') of one row's values, for a column of arrays sent
 * as one text[] parameter (one literal per row, cast back per row): unnest() cannot take the
 * ragged two-dimensional array the rows would make.
 */
export function arrayLiteral(values: readonly (string | number | null)[]): string {
  let out = '{';
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (i > 0) out += ',';
    if (v === null || v === undefined) out += 'NULL';
    else if (typeof v === 'number') out += String(v);
    else out += `"${v.replace(/[\\"]/g, '\\$&')}"`;
  }
  return `${out}}`;
}
