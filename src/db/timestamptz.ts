import pg from 'pg';

// timestamptz values as Postgres prints them (DateStyle ISO): '2026-03-01 12:34:56.789123+00',
// the offset that of the session's TimeZone ('+05:30', '-03', …). node-postgres parses every one
// with postgres-date's regular expressions; the batch writes and the event refresher read
// thousands per second (each article's time, each event link's). This reads the usual shape by
// position and hands anything else (BC, infinity, years outside 1000–9999, other DateStyles) to
// the default parser, whose results it reproduces exactly, milliseconds included.

const fallback = pg.types.getTypeParser(1184, 'text') as (value: string) => Date | number | null;

const digit = (s: string, i: number): number => s.charCodeAt(i) - 48;
const two = (s: string, i: number): number => digit(s, i) * 10 + digit(s, i + 1);
const isDigit = (s: string, i: number): boolean => {
  const c = s.charCodeAt(i);
  return c >= 48 && c <= 57;
};
const allDigits = (s: string, from: number, to: number): boolean => {
  for (let i = from; i < to; i++) if (!isDigit(s, i)) return false;
  return true;
};

/** A timestamptz as node-postgres' default parser returns it, faster for the usual shape. */
export function parseTimestamptz(s: string): Date | number | null {
  const n = s.length;
  // 'YYYY-MM-DD HH:MM:SS' then an optional fraction, then the offset.
  if (n < 22 || s[4] !== '-' || s[7] !== '-' || s[10] !== ' ' || s[13] !== ':' || s[16] !== ':') return fallback(s);
  if (!allDigits(s, 0, 4) || !allDigits(s, 5, 7) || !allDigits(s, 8, 10) || !allDigits(s, 11, 13) || !allDigits(s, 14, 16) || !allDigits(s, 17, 19)) return fallback(s);
  const year = digit(s, 0) * 1000 + digit(s, 1) * 100 + two(s, 2);
  if (year < 1000) return fallback(s);
  let i = 19;
  let ms = 0;
  if (s[i] === '.') {
    let j = i + 1;
    while (j < n && isDigit(s, j)) j++;
    if (j === i + 1) return fallback(s);
    // As postgres-date computes it (1000 × the fraction, truncated by Date.UTC), to the same millisecond.
    ms = 1000 * parseFloat(s.slice(i, j));
    i = j;
  }
  // Offset: +HH, +HH:MM or +HH:MM:SS (or -), and nothing after it.
  const sign = s[i] === '+' ? 1 : s[i] === '-' ? -1 : 0;
  if (sign === 0) return fallback(s);
  const rest = n - i - 1;
  if (!(rest === 2 || rest === 5 || rest === 8) || !allDigits(s, i + 1, i + 3)) return fallback(s);
  let offset = two(s, i + 1) * 3600;
  if (rest >= 5) {
    if (s[i + 3] !== ':' || !allDigits(s, i + 4, i + 6)) return fallback(s);
    offset += two(s, i + 4) * 60;
  }
  if (rest === 8) {
    if (s[i + 6] !== ':' || !allDigits(s, i + 7, i + 9)) return fallback(s);
    offset += two(s, i + 7);
  }
  const t = Date.UTC(year, two(s, 5) - 1, two(s, 8), two(s, 11), two(s, 14), two(s, 17), ms);
  return new Date(t - sign * offset * 1000);
}
