// The database seam: everything in src/db/sql takes a Queryable, so the same SQL runs on
// node-postgres (distributed mode) and on PGlite (embedded mode).

export interface QueryResult<R> {
  rows: R[];
  rowCount: number;
}

export interface Queryable {
  query<R = Record<string, unknown>>(text: string, params?: readonly unknown[]): Promise<QueryResult<R>>;
}

export interface Db extends Queryable {
  /** Runs fn in one transaction (BEGIN … COMMIT, ROLLBACK on throw) on one connection. */
  tx<T>(fn: (q: Queryable) => Promise<T>): Promise<T>;
  /** Bulk-loads rows with COPY FROM STDIN where the driver supports it. */
  close(): Promise<void>;
  readonly kind: 'pg' | 'pglite';
}
