import { AsyncLocalStorage } from 'node:async_hooks';

/**
 * Marks code running inside an embedded Db's own transaction: PGlite has one session, so a plain
 * query on that Db from there would wait for the transaction that waits for it, forever; the Db
 * fails it loudly instead.
 */
export const txScope = new AsyncLocalStorage<{ db: object; open: boolean }>();

/** Runs fn outside any embedded transaction's scope (work started from a transaction that lives on after it). */
export function outsideTransaction<T>(fn: () => T): T {
  return txScope.exit(fn);
}
