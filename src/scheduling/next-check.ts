/** When to poll a feed next after a success: its own interval. */
export function nextCheckAfterSuccess(pollIntervalS: number, now: Date = new Date()): Date {
  return new Date(now.getTime() + pollIntervalS * 1000);
}

/**
 * When to poll a failing feed next: exponential backoff on its interval (2^(failures-1)),
 * capped, with ±10 % jitter so many failing feeds do not retry in step; Retry-After wins when later.
 */
export function nextCheckAfterFailure(
  pollIntervalS: number,
  failures: number,
  opts: { maxBackoffS: number; retryAfterMs?: number | null | undefined; now?: Date; random?: () => number },
): Date {
  const now = opts.now ?? new Date();
  const exp = Math.min(pollIntervalS * 2 ** Math.max(0, Math.min(failures - 1, 30)), opts.maxBackoffS);
  const jitter = 1 + ((opts.random ?? Math.random)() - 0.5) * 0.2;
  const backoffMs = Math.max(pollIntervalS, exp * jitter) * 1000;
  const retryAfterMs = opts.retryAfterMs ?? 0;
  return new Date(now.getTime() + Math.max(backoffMs, retryAfterMs));
}
