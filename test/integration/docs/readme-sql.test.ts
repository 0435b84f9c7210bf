import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshDb, type TestDb } from '../../helpers/db.js';
import { ROOT } from '../../helpers/cli.js';

// The README's example queries run against the real schema, so the front door cannot drift.
const statements = [...readFileSync(path.join(ROOT, 'README.md'), 'utf8').matchAll(/```sql\n([\s\S]*?)```/g)]
  .flatMap((m) => m[1]!.split(';'))
  .map((s) => s.replace(/^\s*--.*$/gm, '').trim())
  .filter(Boolean);

describe('README SQL examples', () => {
  let t: TestDb;
  beforeAll(async () => {
    t = await freshDb();
  });
  afterAll(async () => t?.drop());

  it('has at least three', () => expect(statements.length).toBeGreaterThanOrEqual(3));
  it.each(statements.map((s, i) => [i + 1, s]))('query %i runs', async (_i, sql) => {
    await expect(t.db.query(sql as string)).resolves.toBeDefined();
  });
});
