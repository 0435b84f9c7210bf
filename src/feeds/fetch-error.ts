/** Why a fetch failed; the poll worker maps these to feed health and retry decisions. */
export type FetchErrorCode =
  | 'bad_url'
  | 'bad_scheme'
  | 'blocked_address'
  | 'too_many_redirects'
  | 'timeout'
  | 'too_large'
  | 'http_status'
  | 'network'
  | 'robots';

export interface FetchErrorInit {
  permanent: boolean;
  status?: number;
  retryAfterMs?: number;
  url?: string;
  cause?: unknown;
}

/** A failed fetch: `permanent` says whether retrying the same URL can ever help. */
export class FetchError extends Error {
  readonly code: FetchErrorCode;
  readonly permanent: boolean;
  readonly status?: number;
  readonly retryAfterMs?: number;
  readonly url?: string;

  constructor(code: FetchErrorCode, message: string, init: FetchErrorInit) {
    super(message, init.cause === undefined ? undefined : { cause: init.cause });
    this.name = 'FetchError';
    this.code = code;
    this.permanent = init.permanent;
    if (init.status !== undefined) this.status = init.status;
    if (init.retryAfterMs !== undefined) this.retryAfterMs = init.retryAfterMs;
    if (init.url !== undefined) this.url = init.url;
  }
}

/** True when the error is a FetchError (also across module copies, by name and code). */
export function isFetchError(err: unknown): err is FetchError {
  return err instanceof FetchError || (err instanceof Error && err.name === 'FetchError' && 'code' in err);
}

/**
 * Parses a Retry-After header (delta seconds or an HTTP-date) into milliseconds from `now`.
 * Returns undefined when absent or unreadable; never negative.
 */
export function parseRetryAfter(value: string | undefined, now: number = Date.now()): number | undefined {
  if (!value) return undefined;
  const v = value.trim();
  if (/^\d+$/.test(v)) return Math.min(Number(v), 7 * 24 * 3600) * 1000;
  const when = Date.parse(v);
  if (Number.isNaN(when)) return undefined;
  return Math.max(0, when - now);
}

/** HTTP statuses that no retry will fix. 408/425/429 are about timing, so they stay transient. */
export function isPermanentStatus(status: number): boolean {
  if (status >= 500) return false;
  if (status === 408 || status === 425 || status === 429) return false;
  return status >= 400;
}
