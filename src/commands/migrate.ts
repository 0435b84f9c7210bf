import type { Db } from '../db/db.js';
import { migrate, pendingMigrations } from '../db/migrate.js';
import { UserError } from '../errors.js';

/** Applies pending migrations and says which. */
export async function migrateCommand(db: Db, out: (line: string) => void): Promise<void> {
  const { applied } = await migrate(db);
  out(applied.length ? `applied ${applied.length} migration(s): ${applied.join(', ')}` : 'schema is up to date');
}

/** Refuses to start on a schema that is behind this build, or brings it up to date when asked to. */
export async function ensureSchema(db: Db, opts: { apply: boolean }): Promise<string[]> {
  const pending = await pendingMigrations(db);
  if (pending.length === 0) return [];
  if (!opts.apply) {
    throw new UserError(`the database schema is behind this version (${pending.length} migration(s) pending): run \`launchwatch migrate\` first`);
  }
  return (await migrate(db)).applied;
}
