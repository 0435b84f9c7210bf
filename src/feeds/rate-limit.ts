/** Per-host politeness: a minimum interval between requests and Retry-After blocks. */
export class HostRateLimiter {
  private readonly nextSlot = new Map<string, number>();
  private readonly blocked = new Map<string, number>();

  constructor(private readonly minIntervalMs: number = 1000) {}

  /** Waits until a request to `host` may start, and reserves that slot. */
  async acquire(host: string, signal?: AbortSignal): Promise<void> {
    const key = host.toLowerCase();
    const now = Date.now();
    const at = Math.max(now, this.nextSlot.get(key) ?? 0, this.blocked.get(key) ?? 0);
    // Reserve before sleeping so concurrent callers queue behind each other instead of colliding.
    this.nextSlot.set(key, at + this.minIntervalMs);
    this.prune(now);
    if (at > now) await sleep(at - now, signal);
  }

  /** No request to `host` starts before `when` (epoch ms or Date), e.g. after a 429 with Retry-After. */
  blockUntil(host: string, when: number | Date): void {
    const key = host.toLowerCase();
    const t = typeof when === 'number' ? when : when.getTime();
    if (t > (this.blocked.get(key) ?? 0)) this.blocked.set(key, t);
  }

  /** Epoch ms before which `host` is blocked, or 0. */
  blockedUntil(host: string): number {
    const t = this.blocked.get(host.toLowerCase()) ?? 0;
    return t > Date.now() ? t : 0;
  }

  // Keeps the maps from growing without bound on a long-running poller with many hosts.
  private prune(now: number): void {
    if (this.nextSlot.size < 10_000) return;
    for (const [k, t] of this.nextSlot) if (t < now) this.nextSlot.delete(k);
    for (const [k, t] of this.blocked) if (t < now) this.blocked.delete(k);
  }
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason ?? new Error('aborted'));
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(signal?.reason ?? new Error('aborted'));
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
