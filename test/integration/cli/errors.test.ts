import { cpSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, runCli } from '../../helpers/cli.js';
import { TEST_DATABASE_URL, TEST_REDIS_URL } from '../../helpers/services.js';
import { freshDb } from '../../helpers/db.js';

/** One line on stderr, no stack trace, non-zero exit. */
function expectOneLine(res: { code: number | null; stderr: string }, pattern: RegExp) {
  expect(res.code).not.toBe(0);
  const lines = res.stderr.trim().split('\n').filter((l) => !l.startsWith('{'));
  expect(lines, res.stderr).toHaveLength(1);
  expect(lines[0]).toMatch(pattern);
  expect(res.stderr).not.toMatch(/\n\s+at /);
}

describe('errors a person can act on', () => {
  it('a wrong DATABASE_URL', async () => {
    const res = await runCli(['migrate'], { DATABASE_URL: 'postgres://nobody@127.0.0.1:1/nowhere' });
    expectOneLine(res, /cannot reach Postgres.*DATABASE_URL/);
  });

  it('Redis not reachable', async () => {
    const t = await freshDb();
    try {
      const res = await runCli(['run', '--once'], { ...t.env, REDIS_URL: 'redis://127.0.0.1:1/0' });
      expectOneLine(res, /cannot reach Redis.*REDIS_URL/);
    } finally {
      await t.drop();
    }
  });

  it('a schema that does not exist', async () => {
    const res = await runCli(['migrate'], { DATABASE_URL: TEST_DATABASE_URL, LAUNCHWATCH_DB_SCHEMA: 'lw_no_such_schema' });
    expectOneLine(res, /schema lw_no_such_schema does not exist/);
  });

  it('a bad config file names the file and the field', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'lw-config-'));
    cpSync(path.join(ROOT, 'config'), dir, { recursive: true });
    writeFileSync(path.join(dir, 'friction.yaml'), 'terms:\n  - term: delayed\n    category: not-a-category\n    weight: 3\n');
    const res = await runCli(['classify', path.join(ROOT, 'README.md')], { LAUNCHWATCH_CONFIG_DIR: dir });
    expectOneLine(res, /friction\.yaml/);
  });

  it('a bad environment variable', async () => {
    const res = await runCli(['classify', 'x'], { LAUNCHWATCH_CLASSIFY_CONCURRENCY: 'many' });
    expectOneLine(res, /LAUNCHWATCH_CLASSIFY_CONCURRENCY/);
  });

  it('an unknown command or flag', async () => {
    expectOneLine(await runCli(['frobnicate']), /unknown command/);
    expectOneLine(await runCli(['run', '--onse']), /unknown option/);
  });

  it('conflicting flags are refused before any work', async () => {
    expectOneLine(await runCli(['run', '--once', '--role', 'worker'], { REDIS_URL: TEST_REDIS_URL }), /Cannot specify both/);
  });
});
