import { spawn, execFile, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT, runCli } from '../../helpers/cli.js';
import { startTestServer, type TestServer } from '../../helpers/http-server.js';
import { loadConfig } from '../../../src/config.js';
import { openEmbeddedDb } from '../../../src/db/embedded.js';
import { silentLogger } from '../../../src/logger.js';

const exec = promisify(execFile);
const fixture = (name: string) => readFileSync(path.join(ROOT, 'test/fixtures/pipeline', name));
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** No DATABASE_URL, no REDIS_URL: runCli passes only PATH and HOME besides these. */
function embeddedEnv(dataDir: string): Record<string, string> {
  return {
    LAUNCHWATCH_DATA_DIR: dataDir,
    LAUNCHWATCH_FETCH_PAGES: 'false',
    LAUNCHWATCH_HOST_INTERVAL_MS: '0',
    LAUNCHWATCH_PGLITE_PORT: '0',
  };
}

/** Reads rows from a stopped embedded database (the CLI holds the lock while it runs). */
async function query<R>(dataDir: string, sql: string): Promise<R[]> {
  const db = await openEmbeddedDb(loadConfig({ LAUNCHWATCH_DATA_DIR: dataDir }), silentLogger, { psqlPort: null });
  try {
    return (await db.query<R>(sql)).rows;
  } finally {
    await db.close();
  }
}

async function psql(command: string, sql: string): Promise<string> {
  const args = [...command.split(' ').slice(1), '-XAtq', '-v', 'ON_ERROR_STOP=1', '-c', sql];
  const { stdout } = await exec('psql', args, { timeout: 20_000 });
  return stdout.trim();
}

describe('launchwatch in embedded mode (no DATABASE_URL, no REDIS_URL)', () => {
  let server: TestServer;
  let feedsFile: string;
  let dirs: string[] = [];

  beforeAll(async () => {
    server = await startTestServer();
    server.route('/week-en.xml', { status: 200, headers: { 'content-type': 'application/rss+xml; charset=utf-8' }, body: fixture('week-en.xml') });
    server.route('/week-atom.xml', { status: 200, headers: { 'content-type': 'application/atom+xml' }, body: fixture('week-atom.xml') });
    const dir = mkdtempSync(path.join(tmpdir(), 'lw-emb-feeds-'));
    dirs.push(dir);
    feedsFile = path.join(dir, 'feeds.yaml');
    writeFileSync(feedsFile, ['week-en.xml', 'week-atom.xml'].map((f) => `- url: ${server.base}/${f}\n  language: en\n`).join(''));
  });

  afterAll(async () => {
    await server?.close();
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
    dirs = [];
  });

  it('run --once stores and classifies every article in ./data, and a second run finds them there', async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'lw-emb-data-'));
    dirs.push(dataDir);
    const env = { ...embeddedEnv(dataDir), LOG_LEVEL: 'info' };
    const first = await runCli(['run', '--once', '--feeds', feedsFile, '--allow-host', '127.0.0.1'], env);
    expect(first.stderr).not.toMatch(/TypeError|ReferenceError/);
    expect(first.code, first.stderr).toBe(0);
    expect(first.stderr).toContain('Running in embedded mode');
    expect(first.stderr).toContain('docker compose up -d postgres redis');
    expect(first.stdout).toMatch(/feeds polled:\s+2 \(2 ok/);
    const m = /articles:\s+(\d+) new/.exec(first.stdout);
    const n = Number(m?.[1]);
    expect(n).toBeGreaterThan(0);
    expect(first.stdout).toMatch(new RegExp(`classified:\\s+${n} this run`));

    const statuses = await query<{ status: string; n: number }>(dataDir, 'select status, count(*) as n from articles group by status');
    expect(statuses).toEqual([{ status: 'classified', n }]);
    const events = await query<{ n: number }>(dataDir, 'select count(*) as n from launch_events');
    expect(events[0]!.n).toBeGreaterThan(0);
    expect(existsSync(path.join(dataDir, 'launchwatch.pid'))).toBe(false);

    const second = await runCli(['run', '--once', '--feeds', feedsFile, '--allow-host', '127.0.0.1'], env);
    expect(second.code, second.stderr).toBe(0);
    expect(second.stdout).toMatch(new RegExp(`articles:\\s+0 new, ${n} already seen`));
  }, 180_000);

  it('run --once fetches the pages of short items in-process before classifying them', async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'lw-emb-data-'));
    dirs.push(dataDir);
    const para = 'Alibaba released its Qwen3 model family on Monday, but the launch was rocky as the API was throttled for hours. ';
    server.route('/short.xml', {
      status: 200,
      headers: { 'content-type': 'application/rss+xml' },
      body: `<?xml version="1.0"?><rss version="2.0"><channel><title>Short</title>${[1, 2]
        .map((i) => `<item><title>Qwen3 launch ${i}</title><link>${server.base}/story-${i}.html</link><guid>s-${i}</guid><description>Qwen3 is out.</description></item>`)
        .join('')}</channel></rss>`,
    });
    for (const i of [1, 2]) {
      server.route(`/story-${i}.html`, {
        status: 200,
        headers: { 'content-type': 'text/html; charset=utf-8' },
        body: `<html><body><nav>Home</nav><article><h1>Qwen3 launch ${i}</h1>${`<p>${para}</p>`.repeat(6)}</article></body></html>`,
      });
    }
    const file = path.join(dataDir, 'short.yaml');
    writeFileSync(file, `- url: ${server.base}/short.xml\n  language: en\n`);
    const res = await runCli(['run', '--once', '--feeds', file, '--allow-host', '127.0.0.1'], { ...embeddedEnv(dataDir), LAUNCHWATCH_FETCH_PAGES: 'true' });
    expect(res.code, res.stderr).toBe(0);
    const rows = await query<{ status: string; page_status: string; long: boolean }>(
      dataDir,
      'select status, page_status, length(body) > 400 as long from articles order by id',
    );
    expect(rows).toEqual([
      { status: 'classified', page_status: 'fetched', long: true },
      { status: 'classified', page_status: 'fetched', long: true },
    ]);
    expect(server.hits('/story-1.html')).toHaveLength(1);
  }, 180_000);

  it('run serves psql while it works and exits 0 on SIGTERM', async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'lw-emb-data-'));
    dirs.push(dataDir);
    const child: ChildProcess = spawn(
      process.execPath,
      ['--import', 'tsx', path.join(ROOT, 'src/cli.ts'), 'run', '--feeds', feedsFile, '--allow-host', '127.0.0.1'],
      { cwd: ROOT, env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', LOG_LEVEL: 'info', ...embeddedEnv(dataDir) }, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let stderr = '';
    child.stderr!.on('data', (d) => (stderr += d));
    child.stdout!.resume();
    let gone = false;
    const exited = new Promise<number | null>((resolve) =>
      child.on('close', (code) => {
        gone = true;
        resolve(code);
      }),
    );
    try {
      let command: string | undefined;
      for (let i = 0; i < 600 && !command && !gone; i++) {
        command = /"psql":"(psql -h [^"]+)"/.exec(stderr)?.[1];
        if (!command) await sleep(100);
      }
      expect(command, stderr).toMatch(/^psql -h 127\.0\.0\.1 -p \d+ -U postgres/);

      // The service polls both feeds on its own (they are due) and classifies what it stored.
      let counts = '';
      for (let i = 0; i < 600 && !gone; i++) {
        counts = await psql(command!, `select count(*) filter (where status = 'classified') || '/' || count(*) from articles`);
        const [done, all] = counts.split('/').map(Number);
        if (all! > 0 && done === all) break;
        await sleep(200);
      }
      const [done, all] = counts.split('/').map(Number);
      expect(all).toBeGreaterThan(0);
      expect(done).toBe(all);
      // The analysts' view, read through the socket while the service writes.
      const events = Number(await psql(command!, 'select count(*) from v_launch_events'));
      expect(events).toBeGreaterThan(0);
      expect(stderr).toContain('Running in embedded mode');

      // A second launchwatch on the same folder stops at once and says how to look meanwhile.
      const second = await runCli(['feeds', 'list'], embeddedEnv(dataDir));
      expect(second.code).not.toBe(0);
      expect(second.stderr).toMatch(/another launchwatch \(pid \d+, since [^)]+\) is using the embedded database/);
      expect(second.stderr).toContain(command!);
    } finally {
      child.kill('SIGTERM');
    }
    expect(await exited).toBe(0);
    expect(stderr).not.toMatch(/"level":(50|60)/);
    expect(existsSync(path.join(dataDir, 'launchwatch.pid'))).toBe(false);
  }, 180_000);
});
