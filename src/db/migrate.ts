import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import type { Db } from './db.js';

/** Folder of the numbered, append-only SQL migrations (works from src/ and from dist/src/). */
export const MIGRATIONS_DIR = findMigrationsDir();

function findMigrationsDir(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 5; i++) {
    const candidate = path.join(dir, 'migrations');
    try {
      if (readdirSync(candidate).some((f) => f.endsWith('.sql'))) return candidate;
    } catch {
      /* keep looking upwards */
    }
    dir = path.dirname(dir);
  }
  throw new Error('launchwatch: migrations/ folder not found beside the package');
}

export interface Migration {
  id: number;
  name: string;
  sql: string;
}

/** The migrations shipped with this build, in order. File names: 000001_name.sql. */
export function listMigrations(dir: string = MIGRATIONS_DIR): Migration[] {
  return readdirSync(dir)
    .filter((f) => /^\d{6}_[\w-]+\.sql$/.test(f))
    .sort()
    .map((f) => ({ id: Number(f.slice(0, 6)), name: f.replace(/\.sql$/, ''), sql: readFileSync(path.join(dir, f), 'utf8') }));
}

const LOCK_KEY = 4242_0001;

/** Applies pending migrations, each in its own transaction with its version recorded first. */
export async function migrate(db: Db, dir?: string): Promise<{ applied: string[] }> {
  await db.query(
    `create table if not exists schema_migrations (id integer primary key, name text not null, applied_at timestamptz not null default now())`,
  );
  const applied: string[] = [];
  for (const m of listMigrations(dir)) {
    const done = await db.tx(async (q) => {
      // Serialise concurrent migrators (two services starting at once) on one advisory lock.
      await q.query('select pg_advisory_xact_lock($1)', [LOCK_KEY]);
      const seen = await q.query('select 1 from schema_migrations where id = $1', [m.id]);
      if (seen.rowCount > 0) return false;
      // Must come first so a concurrent migrator that got past the lock check fails on the key.
      await q.query('insert into schema_migrations (id, name) values ($1, $2)', [m.id, m.name]);
      await q.query(m.sql);
      return true;
    });
    if (done) applied.push(m.name);
  }
  return { applied };
}

/** Names of the migrations this build has that the database has not applied. */
export async function pendingMigrations(db: Db, dir?: string): Promise<string[]> {
  const exists = await db.query<{ t: string | null }>(`select to_regclass('schema_migrations')::text as t`);
  const have = new Set<number>();
  if (exists.rows[0]?.t) {
    const res = await db.query<{ id: number }>('select id from schema_migrations');
    for (const r of res.rows) have.add(Number(r.id));
  }
  return listMigrations(dir)
    .filter((m) => !have.has(m.id))
    .map((m) => m.name);
}
