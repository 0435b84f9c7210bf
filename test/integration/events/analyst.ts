import pg from 'pg';
import { TEST_DATABASE_URL } from '../../helpers/services.js';

/** The test database URL with another user (trust auth on the test server). */
export function urlAs(user: string): string {
  const u = new URL(TEST_DATABASE_URL);
  u.username = user;
  u.password = '';
  return u.toString();
}

/** A client logged in as `user` with the test schema first on its search path. */
export async function connectAs(user: string, schema: string | null): Promise<pg.Client> {
  const c = new pg.Client({ connectionString: urlAs(user) });
  await c.connect();
  if (schema) await c.query(`select set_config('search_path', $1, false)`, [`"${schema}"`]);
  return c;
}
