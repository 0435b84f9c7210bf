import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { createPgDb, quoteIdent } from '../../src/db/pool.js';
import { migrate } from '../../src/db/migrate.js';
import type { Db } from '../../src/db/db.js';
import { TEST_DATABASE_URL } from './services.js';

export interface TestDb {
  db: Db & { pool: pg.Pool };
  schema: string;
  url: string;
  /** DATABASE_URL-style settings a child process needs to land in this schema. */
  env: Record<string, string>;
  drop(): Promise<void>;
}

/** A fresh, migrated schema of its own on the real Postgres; drop() removes it. */
export async function freshDb(opts: { migrate?: boolean } = {}): Promise<TestDb> {
  const schema = `t_${randomUUID().replace(/-/g, '').slice(0, 16)}`;
  const admin = new pg.Client({ connectionString: TEST_DATABASE_URL });
  await admin.connect();
  await admin.query(`create schema ${quoteIdent(schema)}`);
  await admin.end();
  const db = createPgDb({ connectionString: TEST_DATABASE_URL, schema, max: 4 });
  if (opts.migrate !== false) await migrate(db);
  return {
    db,
    schema,
    url: TEST_DATABASE_URL,
    env: { DATABASE_URL: TEST_DATABASE_URL, LAUNCHWATCH_DB_SCHEMA: schema },
    async drop() {
      await db.close();
      const c = new pg.Client({ connectionString: TEST_DATABASE_URL });
      await c.connect();
      await c.query(`drop schema if exists ${quoteIdent(schema)} cascade`);
      await c.end();
    },
  };
}
