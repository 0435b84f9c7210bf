import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPgDb } from '../../../src/db/pool.js';
import { freshDb, type TestDb } from '../../helpers/db.js';

// Every connection of the service's pool carries its settings from the start: timeouts, the
// schema, and no JIT (compiling a plan cost more than running these short statements).
describe('service connections', () => {
  let t: TestDb;
  beforeAll(async () => {
    t = await freshDb({ migrate: false });
  });
  afterAll(async () => t.drop());

  it('run with the timeouts asked for, the schema first on the path and JIT off', async () => {
    const db = createPgDb({ connectionString: t.url, schema: t.schema, statementTimeoutMs: 1234, lockTimeoutMs: 567, max: 2 });
    try {
      const read = async (name: string) => (await db.query<Record<string, string>>(`show ${name}`)).rows[0]![name];
      expect(await read('jit')).toBe('off');
      expect(await read('statement_timeout')).toBe('1234ms');
      expect(await read('lock_timeout')).toBe('567ms');
      expect(await read('search_path')).toContain(t.schema);
      // A transaction's connection has them too (it comes from the same pool).
      const inTx = await db.tx(async (q) => (await q.query<{ jit: string }>('show jit')).rows[0]!.jit);
      expect(inTx).toBe('off');
    } finally {
      await db.close();
    }
  });
});
