import PQueue from 'p-queue';
import type { Logger } from 'pino';
import { coerceError } from '../errors.js';

/** How a job ended: its value, or the error of its last attempt. */
export type JobOutcome<R> = { ok: true; value: R } | { ok: false; error: Error };

export interface Retry {
  attempts: number;
  /** First retry waits about this long; each further one twice as long (BullMQ's exponential). */
  delayMs: number;
  /** Fraction of the delay drawn at random, so retries of many jobs spread out. */
  jitter: number;
}

export interface LaneOptions<D, R> {
  name: string;
  concurrency: number;
  process: (data: D) => Promise<R>;
  retry: Retry;
  log: Logger;
  onDone?: (queue: string, outcome: 'completed' | 'failed', ms: number, result: unknown) => void;
  /** Called once when a job gives up (last attempt failed, or the error is unrecoverable). */
  onGiveUp?: (data: D, err: Error) => void;
}

interface Pending<R> {
  finish: (o: JobOutcome<R>) => void;
}

/**
 * One kind of job run in-process: a p-queue bounds concurrency, failures retry with exponential
 * backoff like BullMQ's defaults, and a job key dedups work already waiting or running (as a
 * BullMQ job id does), so re-enqueueing an article twice runs it once.
 */
export class JobLane<D, R> {
  readonly #queue: PQueue;
  readonly #byKey = new Map<string, Promise<JobOutcome<R>>>();
  readonly #pending = new Set<Pending<R>>();
  readonly #delayed = new Set<NodeJS.Timeout>();
  #closing = false;

  constructor(private readonly o: LaneOptions<D, R>) {
    this.#queue = new PQueue({ concurrency: o.concurrency });
  }

  get name(): string {
    return this.o.name;
  }

  /** Jobs waiting, running or waiting to retry. */
  get busy(): number {
    return this.#queue.size + this.#queue.pending + this.#delayed.size;
  }

  /** Adds a job; resolves when it completes or gives up (never rejects). */
  add(data: D, opts: { key?: string; retry?: Partial<Retry> } = {}): Promise<JobOutcome<R>> {
    if (this.#closing) return Promise.resolve({ ok: false, error: new Error(`${this.o.name}: shutting down`) });
    const known = opts.key ? this.#byKey.get(opts.key) : undefined;
    if (known) return known;
    const retry = { ...this.o.retry, ...opts.retry };
    const outcome = new Promise<JobOutcome<R>>((resolve) => {
      const entry: Pending<R> = {
        finish: (o) => {
          this.#pending.delete(entry);
          if (opts.key) this.#byKey.delete(opts.key);
          resolve(o);
        },
      };
      this.#pending.add(entry);
      this.#attempt(data, 1, retry, entry);
    });
    if (opts.key) this.#byKey.set(opts.key, outcome);
    return outcome;
  }

  #attempt(data: D, attempt: number, retry: Retry, entry: Pending<R>): void {
    void this.#queue.add(async () => {
      const t0 = performance.now();
      try {
        const value = await this.o.process(data);
        const ms = Math.round(performance.now() - t0);
        this.o.log.debug({ attempt, ms }, 'Completed job');
        this.o.onDone?.(this.o.name, 'completed', ms, value);
        entry.finish({ ok: true, value });
      } catch (raw) {
        const err = coerceError(raw);
        const ms = Math.round(performance.now() - t0);
        const final = this.#closing || attempt >= retry.attempts || err.name === 'UnrecoverableError';
        this.o.log.warn({ err, attempt, of: retry.attempts, ms, final }, 'Failed job');
        this.o.onDone?.(this.o.name, 'failed', ms, undefined);
        if (final) {
          this.o.onGiveUp?.(data, err);
          entry.finish({ ok: false, error: err });
          return;
        }
        const timer = setTimeout(() => {
          this.#delayed.delete(timer);
          if (this.#closing) entry.finish({ ok: false, error: err });
          else this.#attempt(data, attempt + 1, retry, entry);
        }, backoffMs(retry, attempt));
        this.#delayed.add(timer);
      }
    });
  }

  /**
   * Stops taking work, drops what waits (Postgres still lists it: pending articles, due feeds)
   * and waits up to graceMs for running jobs. True when they all finished in time.
   */
  async close(graceMs: number): Promise<boolean> {
    this.#closing = true;
    this.#queue.clear();
    for (const t of this.#delayed) clearTimeout(t);
    this.#delayed.clear();
    let timer: NodeJS.Timeout | undefined;
    const clean = await Promise.race([
      this.#queue.onIdle().then(() => true),
      new Promise<boolean>((r) => (timer = setTimeout(() => r(false), graceMs))),
    ]);
    clearTimeout(timer);
    // Whoever still awaits a dropped or unfinished job hears that it will not run here.
    for (const entry of [...this.#pending]) entry.finish({ ok: false, error: new Error(`${this.o.name}: shut down before the job ran`) });
    return clean;
  }
}

/** BullMQ's exponential backoff with jitter: delay·2^(attempt−1), the jitter share drawn at random. */
export function backoffMs(retry: Retry, attempt: number, random: () => number = Math.random): number {
  const full = retry.delayMs * 2 ** Math.max(0, attempt - 1);
  return Math.round(full * (1 - retry.jitter) + random() * full * retry.jitter);
}
