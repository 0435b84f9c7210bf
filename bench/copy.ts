// COPY FROM STDIN (text format) through pg-copy-streams: the raw write ceiling the pipeline is
// compared with, and the quick way to seed stored articles for the reclassification bench.
import { createHash } from 'node:crypto';
import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';
import type pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import type { BenchArticle } from './corpus.js';
import { arrayLiteral } from '../src/db/array-literal.js';

export type Cell = string | number | boolean | Date | null | readonly (string | number | null)[];

const escText = (s: string) => s.replace(/\\/g, '\\\\').replace(/\t/g, '\\t').replace(/\n/g, '\\n').replace(/\r/g, '\\r');

function cell(v: Cell): string {
  if (v === null) return '\\N';
  if (v instanceof Date) return v.toISOString();
  if (Array.isArray(v)) return escText(arrayLiteral(v));
  if (typeof v === 'boolean') return v ? 't' : 'f';
  return escText(String(v));
}

/** Streams rows into `table (columns)` with one COPY; returns the rows written. */
export async function copyRows(pool: pg.Pool, table: string, columns: readonly string[], rows: Iterable<readonly Cell[]>): Promise<number> {
  const client = await pool.connect();
  let n = 0;
  try {
    const sink = client.query(copyFrom(`copy ${table} (${columns.join(', ')}) from stdin`));
    // Lines are grouped into ~64 KB chunks: one write per line would cost more than the COPY.
    function* chunks(): Generator<string> {
      let buf = '';
      for (const r of rows) {
        buf += `${r.map(cell).join('\t')}\n`;
        n++;
        if (buf.length > 65_536) {
          yield buf;
          buf = '';
        }
      }
      if (buf) yield buf;
    }
    await pipeline(Readable.from(chunks()), sink);
  } finally {
    client.release();
  }
  return n;
}

export const ARTICLE_COLUMNS = ['id', 'article_key', 'url', 'title', 'summary', 'body', 'language', 'published_at', 'content_hash', 'status', 'enqueued_at'] as const;

/** The articles table row of a generated article (explicit id; status as given). */
export function articleRow(id: number, a: BenchArticle, status: 'pending' | 'classified'): Cell[] {
  const hash = createHash('sha256').update(`${a.title}\n${a.body}`).digest('hex');
  return [id, a.key, `http://news.bench/story/${a.key}`, a.title, a.summary, a.body, a.language, a.publishedAt, hash, status, new Date()];
}

/** Moves the articles id sequence past the ids COPY wrote explicitly. */
export async function syncArticleIds(pool: pg.Pool): Promise<void> {
  await pool.query(`select setval(pg_get_serial_sequence('articles', 'id'), greatest((select max(id) from articles), 1))`);
}
