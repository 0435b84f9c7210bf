// A micro-batcher: callers add one item each and await its own outcome; items are gathered into
// a batch that runs as one unit when it holds `maxItems` or `maxWaitMs` after its first item,
// whichever comes first. The classify worker uses it so that many jobs share one database
// transaction while each job still resolves (and is acked) only after that transaction commits.

export interface BatcherOptions<I, O> {
  /** Flush as soon as a batch holds this many items. */
  maxItems: number;
  /** Flush this long after a batch's first item even if it is not full. */
  maxWaitMs: number;
  /**
   * Batches running at once at most (default unlimited). When that many run, items gather until
   * one ends: slow batches then make bigger batches, not a pile of small ones queued on locks.
   */
  maxInFlight?: number;
  /**
   * Runs one batch; returns one outcome per item, in the order given. An Error outcome fails
   * that item alone; a throw fails every item of the batch.
   */
  run(items: readonly I[]): Promise<readonly (O | Error)[]>;
}

interface Pending<I, O> {
  item: I;
  resolve(v: O): void;
  reject(e: Error): void;
}

export interface Batcher<I, O> {
  /** Adds an item to the current batch; resolves or rejects with its own outcome. */
  add(item: I): Promise<O>;
  /** Runs the current batch now and waits until every batch started so far has ended. */
  drain(): Promise<void>;
  /** Batches run so far and items in them (for metrics and the bench). */
  stats(): { batches: number; items: number };
  /** How long (ms) nothing has been running or gathering; 0 while something is. */
  idleFor(): number;
}

/** Creates a micro-batcher; batches run concurrently with the next one filling. */
export function createBatcher<I, O>(o: BatcherOptions<I, O>): Batcher<I, O> {
  if (!(o.maxItems >= 1)) throw new Error(`batcher: maxItems must be at least 1, got ${o.maxItems}`);
  let current: Pending<I, O>[] = [];
  let timer: NodeJS.Timeout | null = null;
  const running = new Set<Promise<void>>();
  let batches = 0;
  let items = 0;
  let lastBusy = Date.now();

  const maxInFlight = o.maxInFlight ?? Number.POSITIVE_INFINITY;
  const flush = (): void => {
    if (timer) clearTimeout(timer);
    timer = null;
    while (current.length > 0 && running.size < maxInFlight) {
      const batch = current.splice(0, o.maxItems);
      batches++;
      items += batch.length;
      const p = execute(batch).finally(() => {
        running.delete(p);
        lastBusy = Date.now();
        // A slot is free: what gathered meanwhile has waited long enough; it goes now.
        if (current.length > 0) flush();
      });
      running.add(p);
    }
  };

  async function execute(batch: Pending<I, O>[]): Promise<void> {
    let outcomes: readonly (O | Error)[];
    try {
      outcomes = await o.run(batch.map((b) => b.item));
      if (outcomes.length !== batch.length) throw new Error(`batcher: run returned ${outcomes.length} outcomes for ${batch.length} items`);
    } catch (raw) {
      const err = raw instanceof Error ? raw : new Error(String(raw));
      for (const b of batch) b.reject(err);
      return;
    }
    batch.forEach((b, i) => {
      const out = outcomes[i]!;
      if (out instanceof Error) b.reject(out);
      else b.resolve(out);
    });
  }

  return {
    add(item) {
      return new Promise<O>((resolve, reject) => {
        current.push({ item, resolve, reject });
        if (current.length >= o.maxItems) flush();
        else if (!timer) timer = setTimeout(flush, o.maxWaitMs);
      });
    },
    async drain() {
      flush();
      while (running.size > 0 || current.length > 0) {
        await Promise.allSettled([...running]);
        flush();
      }
    },
    stats: () => ({ batches, items }),
    idleFor: () => (running.size > 0 || current.length > 0 ? 0 : Date.now() - lastBusy),
  };
}
