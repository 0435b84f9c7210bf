import type { Logger } from 'pino';
import type { Db } from '../src/db/db.js';
import { getArticle, setArticlePage } from '../src/db/sql/articles.js';
import { safeFetch, type FetchOptions } from '../src/feeds/fetcher.js';
import type { HostRateLimiter } from '../src/feeds/rate-limit.js';
import { isAllowedByRobots } from '../src/feeds/robots.js';
import { decodeBody } from '../src/feeds/decode.js';
import { extractMainText } from '../src/feeds/html-text.js';
import type { Enqueuer } from '../src/pipeline/enqueuer.js';
import { coerceError } from '../src/errors.js';

export interface FetchPageDeps {
  db: Db;
  enqueue: Enqueuer;
  log: Logger;
  fetch: Omit<FetchOptions, 'maxBytes'> & { maxBytes: number };
  limiter: HostRateLimiter;
}

/**
 * Fetches an article's page and keeps its main text when it is longer than what the feed gave.
 * Whatever happens to the page, the article goes on to classification (on its teaser if need be),
 * with the reason recorded on the row.
 */
export async function fetchArticlePage(deps: FetchPageDeps, articleId: number): Promise<{ status: string }> {
  const article = await getArticle(deps.db, articleId);
  if (!article) return { status: 'missing' };
  const ref = [{ id: article.id, article_key: article.article_key }];
  if (article.status !== 'pending' || article.page_status) {
    await deps.enqueue.classify(ref);
    return { status: 'already' };
  }
  let status: 'fetched' | 'failed' | 'skipped' = 'failed';
  let error: string | null = null;
  let body: string | undefined;
  try {
    const fetchOpts = { ...deps.fetch, rateLimiter: deps.limiter, accept: 'text/html,application/xhtml+xml;q=0.9,*/*;q=0.5' };
    if (!(await isAllowedByRobots(article.url, fetchOpts))) {
      status = 'skipped';
      error = 'disallowed by robots.txt';
    } else {
      const res = await safeFetch(article.url, fetchOpts);
      const { text } = decodeBody(res.body, res.contentType);
      const main = extractMainText(text);
      const current = Math.max(article.body.length, article.summary.length);
      if (main.text.length > current) {
        status = 'fetched';
        body = main.text;
      } else {
        status = 'skipped';
        error = 'page text not longer than the feed text';
      }
    }
  } catch (raw) {
    const err = coerceError(raw);
    error = err.message;
    deps.log.warn({ err, articleId, url: article.url }, 'Unable to fetch article page');
  }
  await setArticlePage(deps.db, article.id, { status, body, error });
  await deps.enqueue.classify(ref);
  return { status };
}
