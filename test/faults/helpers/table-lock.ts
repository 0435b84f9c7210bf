import pg from 'pg';
import type { Queryable } from '../../../src/db/db.js';
import { quoteIdent } from '../../../src/db/pool.js';
import { TEST_DATABASE_URL } from '../../helpers/services.js';

/**
 * Holds an ACCESS EXCLUSIVE lock on one table of a test schema: every classify transaction then
 * waits inside, before its first result write. This is how the suite puts jobs "in flight" at an
 * exact point from outside the service, with no test hooks in the code.
 */
export async function lockTable(schema: string, table = 'mention_groups', url = TEST_DATABASE_URL): Promise<{ release(): Promise<void> }> {
  const c = new pg.Client({ connectionString: url });
  c.on('error', () => undefined); // the server may go away under it (restart tests)
  await c.connect();
  await c.query('begin');
  await c.query(`lock table ${quoteIdent(schema)}.${quoteIdent(table)} in access exclusive mode`);
  let done = false;
  return {
    async release() {
      if (done) return;
      done = true;
      await c.query('rollback').catch(() => undefined);
      await c.end().catch(() => undefined);
    },
  };
}

/** How many backends wait for a lock on `schema.table` (the classify transactions held up). */
export async function lockWaiters(db: Queryable, schema: string, table = 'mention_groups'): Promise<number> {
  const res = await db.query<{ n: number }>(
    `select count(*) as n from pg_locks l join pg_class c on c.oid = l.relation join pg_namespace s on s.oid = c.relnamespace
      where s.nspname = $1 and c.relname = $2 and not l.granted`,
    [schema, table],
  );
  return Number(res.rows[0]!.n);
}
