import type { Logger } from 'pino';
import type { Db } from '../src/db/db.js';
import { getFeed, recordPollFailure, recordPollSuccess, type FeedRow } from '../src/db/sql/feeds.js';
import { insertArticles } from '../src/db/sql/articles.js';
import { safeFetch, FetchError, type FetchOptions } from '../src/feeds/fetcher.js';
import type { HostRateLimiter } from '../src/feeds/rate-limit.js';
import { decodeBody } from '../src/feeds/decode.js';
import { parseFeed } from '../src/feeds/parse.js';
import { nextCheckAfterFailure, nextCheckAfterSuccess } from '../src/scheduling/next-check.js';
import type { Enqueuer } from '../src/pipeline/enqueuer.js';
import { coerceError } from '../src/errors.js';

export interface PollDeps {
  db: Db;
  enqueue: Enqueuer;
  log: Logger;
  fetch: Omit<FetchOptions, 'etag' | 'lastModified' | 'maxBytes'> & { maxBytes: number };
  limiter: HostRateLimiter;
  maxBackoffS: number;
  /** Articles shorter than this (characters of text) get their page fetched first; 0 disables. */
  minTextChars: number;
  fetchPages: boolean;
}

export interface PollResult {
  feedId: number;
  url: string;
  status: 'ok' | 'not_modified' | 'error' | 'skipped' | 'waiting';
  newArticles: number;
  seenArticles: number;
  rejectedItems: number;
  error?: string;
}

/**
 * Polls one feed: conditional GET through the safe fetcher, parse, store new articles as
 * pending, then enqueue them. Remote failures are recorded on the feed row (with backoff) and
 * end the job normally: the feed's own schedule retries it, not the queue. Database errors throw,
 * so the queue retries the job.
 */
export async function pollFeed(deps: PollDeps, feedId: number, opts: { force?: boolean } = {}): Promise<PollResult> {
  const feed = await getFeed(deps.db, feedId);
  const base = { feedId, url: feed?.url ?? '', newArticles: 0, seenArticles: 0, rejectedItems: 0 };
  if (!feed || !feed.enabled) return { ...base, status: 'skipped' };
  const due = !feed.next_check_at || feed.next_check_at.getTime() <= Date.now() + 1000;
  if (!opts.force && !due) return { ...base, status: 'skipped' };
  // Even a forced poll (run --once) keeps a server's Retry-After: it asked us not to come back yet.
  if (!due && (feed.last_http_status === 429 || feed.last_http_status === 503)) {
    return { ...base, status: 'waiting', error: `server asked to wait (HTTP ${feed.last_http_status}) until ${feed.next_check_at!.toISOString()}` };
  }
  const log = deps.log.child({ feedId, feedUrl: feed.url });
  let fetched;
  try {
    fetched = await safeFetch(feed.url, {
      ...deps.fetch,
      etag: feed.etag ?? undefined,
      lastModified: feed.last_modified ?? undefined,
      rateLimiter: deps.limiter,
      accept: 'application/rss+xml, application/atom+xml, application/feed+json, application/xml;q=0.9, text/xml;q=0.9, */*;q=0.5',
    });
  } catch (raw) {
    return failFeed(deps, feed, raw, log, base);
  }
  if (fetched.notModified) {
    await recordPollSuccess(deps.db, feed.id, {
      status: 'not_modified',
      httpStatus: fetched.status,
      etag: fetched.etag,
      lastModified: fetched.lastModified,
      nextCheckAt: nextCheckAfterSuccess(feed.poll_interval_s),
    });
    log.debug('Feed not modified');
    return { ...base, status: 'not_modified' };
  }
  let parsed;
  try {
    const { text } = decodeBody(fetched.body, fetched.contentType);
    parsed = await parseFeed(text, fetched.url);
  } catch (raw) {
    return failFeed(deps, feed, raw, log, base);
  }
  const language = feed.language ?? parsed.language;
  const items = parsed.items.map((i) => ({ ...i, language: i.language ?? language }));
  const inserted = await insertArticles(deps.db, feed.id, items);
  await enqueueNew(deps, inserted, items, feed);
  for (const r of parsed.rejected) {
    // A repeated item in the same feed is routine; anything else is worth an operator's look.
    if (r.reason.startsWith('duplicate')) log.debug({ item: r.index, reason: r.reason }, 'Feed item skipped');
    else log.warn({ item: r.index, reason: r.reason }, 'Feed item rejected');
  }
  await recordPollSuccess(deps.db, feed.id, {
    status: 'ok',
    httpStatus: fetched.status,
    etag: fetched.etag,
    lastModified: fetched.lastModified,
    nextCheckAt: nextCheckAfterSuccess(feed.poll_interval_s),
    title: parsed.title,
    rejectedItems: parsed.rejected.length ? `${parsed.rejected.length} item(s) rejected: ${parsed.rejected[0]!.reason}` : null,
  });
  const result: PollResult = {
    ...base,
    status: 'ok',
    newArticles: inserted.length,
    seenArticles: items.length - inserted.length,
    rejectedItems: parsed.rejected.length,
  };
  log.info({ new: result.newArticles, seen: result.seenArticles, rejected: result.rejectedItems }, 'Polled feed');
  return result;
}

/** Short articles go through the page fetcher first; the rest straight to classification. */
async function enqueueNew(
  deps: PollDeps,
  inserted: { id: number; article_key: string }[],
  items: { key: string; url: string; body: string; summary: string }[],
  feed: FeedRow,
): Promise<void> {
  if (inserted.length === 0) return;
  const textLen = new Map(items.map((i) => [i.key, Math.max(i.body.length, i.summary.length)]));
  const threshold = feed.min_text_chars ?? deps.minTextChars;
  const urls = new Map(items.map((i) => [i.key, i.url]));
  // Items without a page of their own (a synthetic feedUrl#item-… URL) have nothing to fetch.
  const hasPage = (a: { article_key: string }) => !(urls.get(a.article_key) ?? '').includes('#item-');
  const short =
    deps.fetchPages && threshold > 0 ? inserted.filter((a) => hasPage(a) && (textLen.get(a.article_key) ?? 0) < threshold) : [];
  const shortIds = new Set(short.map((a) => a.id));
  const ready = inserted.filter((a) => !shortIds.has(a.id));
  // Stored before enqueued: if this throws (Redis down), the reconciler enqueues them later.
  // Their reconcile deadline runs from fetched_at, set as they were stored a moment ago: marking
  // them enqueued too would rewrite every new row for the same timestamp.
  await deps.enqueue.classifyNew(ready);
  await deps.enqueue.fetchPage(short);
}

async function failFeed(
  deps: PollDeps,
  feed: FeedRow,
  raw: unknown,
  log: Logger,
  base: Omit<PollResult, 'status'>,
): Promise<PollResult> {
  const err = coerceError(raw);
  const status = err instanceof FetchError ? (err.status ?? null) : null;
  const retryAfterMs = err instanceof FetchError ? err.retryAfterMs : undefined;
  if (retryAfterMs) {
    try {
      deps.limiter.blockUntil(new URL(feed.url).host, Date.now() + retryAfterMs);
    } catch {
      /* an unparsable URL has no host to block */
    }
  }
  const failures = await recordPollFailure(deps.db, feed.id, {
    httpStatus: status,
    error: err.message,
    nextCheckAt: (n) => nextCheckAfterFailure(feed.poll_interval_s, n, { maxBackoffS: deps.maxBackoffS, retryAfterMs }),
  });
  log.warn({ err, failures, httpStatus: status }, 'Unable to poll feed');
  return { ...base, status: 'error', error: err.message };
}
