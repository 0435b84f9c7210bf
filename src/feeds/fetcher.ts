import { AllowList, bareHost } from './address-guard.js';
import { FetchError, isPermanentStatus, parseRetryAfter } from './fetch-error.js';
import { requestOnce } from './http-request.js';
import type { HostRateLimiter } from './rate-limit.js';

export { FetchError, isFetchError, parseRetryAfter } from './fetch-error.js';
export type { FetchErrorCode } from './fetch-error.js';

export const DEFAULT_USER_AGENT = 'launchwatch/0.1 (+https://github.com/launchwatch/launchwatch)';
const DEFAULT_ACCEPT =
  'application/rss+xml, application/atom+xml, application/feed+json, application/xml;q=0.9, text/xml;q=0.9, application/json;q=0.8, text/html;q=0.5, */*;q=0.3';

export interface FetchOptions {
  /** Host names or IPs exempt from the private-address guard (tests allow only 127.0.0.1). */
  allowHosts?: string[];
  connectTimeoutMs: number;
  firstByteTimeoutMs: number;
  /** Whole fetch, all redirect hops and the full body included. */
  totalTimeoutMs: number;
  /** Cap on the body after decompression. */
  maxBytes: number;
  maxRedirects?: number;
  userAgent?: string;
  etag?: string | null;
  lastModified?: string | null;
  accept?: string;
  signal?: AbortSignal;
  rateLimiter?: HostRateLimiter;
}

export interface FetchResult {
  status: number;
  /** Final URL after redirects. */
  url: string;
  headers: Record<string, string>;
  body: Buffer;
  notModified: boolean;
  contentType: string | null;
  etag: string | null;
  lastModified: string | null;
}

/** Sensible defaults for a feed poll; callers spread their own over these. */
export const DEFAULT_FETCH_OPTIONS: FetchOptions = {
  connectTimeoutMs: 5_000,
  firstByteTimeoutMs: 10_000,
  totalTimeoutMs: 30_000,
  maxBytes: 10 * 1024 * 1024,
  maxRedirects: 5,
};

const REDIRECTS = new Set([301, 302, 303, 307, 308]);

/** Parses and checks a URL: absolute, http or https, no credentials smuggled to a host. */
export function parseFetchUrl(raw: string): URL {
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch (err) {
    throw new FetchError('bad_url', `not a valid URL: ${JSON.stringify(raw.slice(0, 200))}`, { permanent: true, cause: err });
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new FetchError('bad_scheme', `refused scheme ${url.protocol} (only http and https)`, { permanent: true, url: raw });
  }
  if (!url.hostname) throw new FetchError('bad_url', `URL has no host: ${raw.slice(0, 200)}`, { permanent: true });
  url.hash = '';
  return url;
}

/**
 * GETs a URL with SSRF guard (every hop), redirect cap, connect/first-byte/total deadlines, a body cap
 * counted after decompression, conditional GET and per-host rate limiting. Throws FetchError.
 */
export async function safeFetch(rawUrl: string, opts: FetchOptions): Promise<FetchResult> {
  const allow = new AllowList(opts.allowHosts);
  const maxRedirects = opts.maxRedirects ?? 5;
  const headers: Record<string, string> = {
    'user-agent': opts.userAgent ?? DEFAULT_USER_AGENT,
    accept: opts.accept ?? DEFAULT_ACCEPT,
    'accept-encoding': 'gzip, deflate, br',
  };
  if (opts.etag) headers['if-none-match'] = opts.etag;
  if (opts.lastModified) headers['if-modified-since'] = opts.lastModified;

  let url = parseFetchUrl(rawUrl);
  let deadline: number | undefined;
  for (let hop = 0; ; hop++) {
    const host = bareHost(url.hostname);
    if (opts.rateLimiter) await waitForSlot(opts.rateLimiter, host, url, opts.signal);
    // The total deadline starts once we are allowed to send, so a polite wait is not counted as slowness.
    deadline ??= Date.now() + opts.totalTimeoutMs;
    const res = await requestOnce(url, {
      allow,
      headers,
      connectTimeoutMs: opts.connectTimeoutMs,
      firstByteTimeoutMs: opts.firstByteTimeoutMs,
      deadline,
      maxBytes: opts.maxBytes,
      ...(opts.signal ? { signal: opts.signal } : {}),
    });
    const location = res.headers['location'];
    if (REDIRECTS.has(res.status) && location) {
      if (hop >= maxRedirects) {
        throw new FetchError('too_many_redirects', `more than ${maxRedirects} redirects (last ${url.href})`, { permanent: false, url: rawUrl });
      }
      url = parseFetchUrl(new URL(location, url).href);
      continue;
    }
    const base = {
      url: url.href,
      headers: res.headers,
      contentType: res.headers['content-type'] ?? null,
      etag: res.headers['etag'] ?? null,
      lastModified: res.headers['last-modified'] ?? null,
    };
    if (res.status === 304) {
      // A 304 carries no new validators sometimes; keep the ones we sent so the next poll stays conditional.
      return { ...base, status: 304, body: Buffer.alloc(0), notModified: true, etag: base.etag ?? opts.etag ?? null, lastModified: base.lastModified ?? opts.lastModified ?? null };
    }
    if (res.status >= 200 && res.status < 300) return { ...base, status: res.status, body: res.body, notModified: false };
    throw statusError(res.status, res.headers, url, opts.rateLimiter);
  }
}

async function waitForSlot(limiter: HostRateLimiter, host: string, url: URL, signal?: AbortSignal): Promise<void> {
  try {
    await limiter.acquire(host, signal);
  } catch (err) {
    throw new FetchError('network', 'request aborted by caller while waiting for the rate limiter', { permanent: false, url: url.href, cause: err });
  }
}

function statusError(status: number, headers: Record<string, string>, url: URL, limiter?: HostRateLimiter): FetchError {
  const retryAfterMs = status === 429 || status === 503 ? parseRetryAfter(headers['retry-after']) : undefined;
  if (retryAfterMs !== undefined && limiter) limiter.blockUntil(bareHost(url.hostname), Date.now() + retryAfterMs);
  return new FetchError('http_status', `HTTP ${status} from ${url.href}`, {
    permanent: isPermanentStatus(status),
    status,
    url: url.href,
    ...(retryAfterMs !== undefined ? { retryAfterMs } : {}),
  });
}
