import type { Queryable } from '../db.js';
import type { NormalizedItem } from '../../feeds/normalize-item.js';

/** A new article as the feed parser normalised it. */
export type NewArticle = NormalizedItem;

export interface ArticleRow {
  id: number;
  article_key: string;
  feed_id: number | null;
  url: string;
  guid: string | null;
  title: string;
  summary: string;
  body: string;
  language: string | null;
  published_at: Date | null;
  fetched_at: Date;
  status: 'pending' | 'classified' | 'failed';
  page_status: 'fetched' | 'failed' | 'skipped' | null;
  classifier_version: string | null;
}

/** Stores new articles as 'pending' (ON CONFLICT DO NOTHING) and returns only those inserted. */
export async function insertArticles(
  db: Queryable,
  feedId: number | null,
  items: readonly NewArticle[],
): Promise<{ id: number; article_key: string }[]> {
  if (items.length === 0) return [];
  const res = await db.query<{ id: number; article_key: string }>(
    `insert into articles (feed_id, article_key, url, guid, title, summary, body, language, published_at, content_hash)
     select $1, * from unnest($2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::timestamptz[], $10::text[])
     on conflict (article_key) do nothing
     returning id, article_key`,
    [
      feedId,
      items.map((i) => i.key),
      items.map((i) => i.url),
      items.map((i) => i.guid),
      items.map((i) => i.title),
      items.map((i) => i.summary),
      items.map((i) => i.body),
      items.map((i) => i.language),
      items.map((i) => i.publishedAt),
      items.map((i) => i.contentHash),
    ],
  );
  return res.rows.map((r) => ({ id: Number(r.id), article_key: r.article_key }));
}

export async function getArticle(db: Queryable, id: number): Promise<ArticleRow | null> {
  const res = await db.query<ArticleRow>(`select * from articles where id = $1`, [id]);
  return res.rows[0] ?? null;
}

/** Marks articles as handed to the queue (the reconciler looks at enqueued_at). */
export async function markEnqueued(db: Queryable, ids: readonly number[]): Promise<void> {
  if (ids.length === 0) return;
  await db.query(`update articles set enqueued_at = now() where id = any($1::bigint[])`, [ids]);
}

/** Pending articles not (re-)enqueued for afterS seconds: work a lost job left behind. */
export async function listStalePending(db: Queryable, afterS: number, limit: number): Promise<{ id: number; article_key: string }[]> {
  const res = await db.query<{ id: number; article_key: string }>(
    `select id, article_key from articles
     where status = 'pending' and coalesce(enqueued_at, fetched_at) < now() - make_interval(secs => $1)
     order by id limit $2`,
    [afterS, limit],
  );
  return res.rows.map((r) => ({ id: Number(r.id), article_key: r.article_key }));
}

/** All pending articles (run --once finishes what a crash left). */
export async function listPending(db: Queryable, limit: number): Promise<{ id: number; article_key: string }[]> {
  const res = await db.query<{ id: number; article_key: string }>(
    `select id, article_key from articles where status = 'pending' order by id limit $1`,
    [limit],
  );
  return res.rows.map((r) => ({ id: Number(r.id), article_key: r.article_key }));
}

/** Records a permanent classification failure with its reason. */
export async function markArticleFailed(db: Queryable, id: number, reason: string): Promise<void> {
  await db.query(`update articles set status = 'failed', last_error = $2 where id = $1`, [id, reason.slice(0, 2000)]);
}

/** Stores the main text fetched from the article page (or why it could not be fetched). */
export async function setArticlePage(
  db: Queryable,
  id: number,
  page: { status: 'fetched' | 'failed' | 'skipped'; body?: string; error?: string | null },
): Promise<void> {
  await db.query(
    `update articles set page_status = $2, body = coalesce($3, body), page_error = $4 where id = $1`,
    [id, page.status, page.body ?? null, page.error ?? null],
  );
}
