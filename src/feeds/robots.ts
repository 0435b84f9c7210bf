import robotsParserModule from 'robots-parser';
import { decodeBody } from './decode.js';
import { FetchError, isFetchError } from './fetch-error.js';
import { safeFetch, type FetchOptions } from './fetcher.js';

/** What robots-parser returns: its d.ts says ESM default export, but at run time the CJS module itself is the function. */
interface Robot {
  isAllowed(url: string, ua?: string): boolean | undefined;
}
const robotsParser = robotsParserModule as unknown as (url: string, text: string) => Robot;

/** The product token matched against robots.txt User-agent lines. */
export const ROBOTS_AGENT = 'launchwatch';
const OK_TTL_MS = 24 * 3600 * 1000;
// RFC 9309: an unreachable robots.txt means "disallow all" for now; retry it soon rather than for a day.
const FAIL_TTL_MS = 10 * 60 * 1000;
const MAX_ROBOTS_BYTES = 512 * 1024;
const MAX_ENTRIES = 2_000;

type Verdict = { kind: 'rules'; robot: Robot } | { kind: 'allow-all' } | { kind: 'deny-all' };

/** robots.txt verdicts per origin, with TTL and one in-flight fetch per origin. */
export class RobotsCache {
  private readonly entries = new Map<string, { verdict: Promise<Verdict>; expires: number }>();
  constructor(private readonly now: () => number = Date.now) {}

  /** The verdict for `origin`, fetching robots.txt when missing or expired. */
  get(origin: string, load: () => Promise<{ verdict: Verdict; ttlMs: number }>): Promise<Verdict> {
    const hit = this.entries.get(origin);
    if (hit && hit.expires > this.now()) return hit.verdict;
    if (this.entries.size >= MAX_ENTRIES) {
      const oldest = this.entries.keys().next().value;
      if (oldest !== undefined) this.entries.delete(oldest);
    }
    const entry = { verdict: Promise.resolve<Verdict>({ kind: 'allow-all' }), expires: Number.POSITIVE_INFINITY };
    entry.verdict = load().then(
      ({ verdict, ttlMs }) => {
        entry.expires = this.now() + ttlMs;
        return verdict;
      },
      (err: unknown) => {
        this.entries.delete(origin);
        throw err;
      },
    );
    this.entries.set(origin, entry);
    return entry.verdict;
  }

  clear(): void {
    this.entries.clear();
  }
}

/** Shared by the page fetcher of one process. */
export const defaultRobotsCache = new RobotsCache();

async function loadRobots(robotsUrl: string, opts: FetchOptions): Promise<{ verdict: Verdict; ttlMs: number }> {
  try {
    const res = await safeFetch(robotsUrl, {
      ...opts,
      etag: null,
      lastModified: null,
      accept: 'text/plain, */*;q=0.5',
      maxBytes: Math.min(opts.maxBytes, MAX_ROBOTS_BYTES),
    });
    const { text } = decodeBody(res.body, res.contentType);
    return { verdict: { kind: 'rules', robot: robotsParser(res.url, text) }, ttlMs: OK_TTL_MS };
  } catch (err) {
    if (!isFetchError(err)) throw err;
    // Refused addresses and bad URLs are the page's problem too; let the caller see the real error.
    if (err.code === 'blocked_address' || err.code === 'bad_url' || err.code === 'bad_scheme') throw err;
    // A missing robots.txt (4xx) allows everything; an oversized one is treated the same way as RFC 9309's 500 KiB limit.
    if (err.code === 'too_large') return { verdict: { kind: 'allow-all' }, ttlMs: OK_TTL_MS };
    if (err.code === 'http_status' && err.status !== undefined && err.status >= 400 && err.status < 500 && err.status !== 429) {
      return { verdict: { kind: 'allow-all' }, ttlMs: OK_TTL_MS };
    }
    return { verdict: { kind: 'deny-all' }, ttlMs: FAIL_TTL_MS };
  }
}

/**
 * True when robots.txt of the URL's origin lets launchwatch fetch it. robots.txt is fetched through
 * safeFetch (same guard, limits and rate limiter) and cached per origin. Throws FetchError for URLs
 * that could not be fetched anyway (bad scheme, refused address).
 */
export async function isAllowedByRobots(url: string, opts: FetchOptions, cache: RobotsCache = defaultRobotsCache): Promise<boolean> {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch (err) {
    throw new FetchError('bad_url', `not a valid URL: ${url.slice(0, 200)}`, { permanent: true, cause: err });
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    throw new FetchError('bad_scheme', `refused scheme ${parsed.protocol}`, { permanent: true, url });
  }
  const verdict = await cache.get(parsed.origin, () => loadRobots(`${parsed.origin}/robots.txt`, opts));
  if (verdict.kind === 'allow-all') return true;
  if (verdict.kind === 'deny-all') return false;
  return verdict.robot.isAllowed(parsed.href, ROBOTS_AGENT) !== false;
}
