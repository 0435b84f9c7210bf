import PQueue from 'p-queue';

/**
 * One turn at a time on the single PGlite backend. PGlite has one Postgres session: the
 * service (a query, or a whole transaction) and an outside psql client (from one protocol
 * message to the next ReadyForQuery outside a transaction) each hold the gate for their turn,
 * so neither ever runs a statement inside the other's transaction or half-sent statement.
 * A p-queue of concurrency 1 gives the FIFO order, so no side starves the other.
 */
export class SessionGate {
  readonly #queue = new PQueue({ concurrency: 1 });

  /** Runs fn alone on the session. */
  async run<T>(fn: () => Promise<T>): Promise<T> {
    return this.#queue.add(fn, { throwOnTimeout: true });
  }

  /** Waits for the session and holds it until the returned release function is called. */
  acquire(): Promise<() => void> {
    return new Promise((granted) => {
      void this.#queue.add(
        () =>
          new Promise<void>((done) => {
            let released = false;
            granted(() => {
              if (released) return;
              released = true;
              done();
            });
          }),
      );
    });
  }

  /** Resolves once nothing holds or waits for the session. */
  idle(): Promise<void> {
    return this.#queue.onIdle();
  }

  /** Turns holding or waiting, for logs. */
  get load(): number {
    return this.#queue.size + this.#queue.pending;
  }
}
