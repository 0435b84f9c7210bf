import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { TEST_DATABASE_URL, TEST_REDIS_URL } from '../helpers/services.js';

// `npm run bench -- --quick --json` end to end: that it runs and reports every figure, not how fast.

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

function runBench(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    // As the README runs it: npm builds the project, then runs the compiled bench.
    const child = spawn('npm', ['run', '-s', 'bench', '--', ...args], {
      cwd: ROOT,
      env: { ...process.env, BENCH_DATABASE_URL: TEST_DATABASE_URL, BENCH_REDIS_URL: TEST_REDIS_URL },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('npm run bench -- --quick --json', () => {
  it('prints one JSON object with every measure, positive, beside its baseline', async () => {
    const r = await runBench(['--quick', '--json', '--articles', '600', '--feeds', '12', '--reclassify', '1000']);
    expect(r.code, r.stderr).toBe(0);
    const lines = r.stdout.trim().split('\n');
    expect(lines).toHaveLength(1);
    const j = JSON.parse(lines[0]!) as Record<string, Record<string, number>>;
    for (const [group, key] of [
      ['classifier', 'mb_per_s'],
      ['classifier', 'naive_mb_per_s'],
      ['classifier', 'ratio_vs_naive'],
      ['e2e', 'articles_per_s'],
      ['e2e', 'copy_articles_per_s'],
      ['e2e', 'ratio_vs_copy'],
      ['e2e', 'cold_start_per_s'],
      ['e2e', 'warmup_articles'],
      ['reclassify', 'articles_per_s'],
      ['reclassify', 'first_pass_per_s'],
      ['memory', 'worker_peak_mb_e2e'],
      ['memory', 'worker_peak_mb_reclassify'],
    ] as const) {
      expect(j[group]?.[key], `${group}.${key}`).toBeGreaterThan(0);
    }
    // Polling runs in a process of its own beside the classify worker by default.
    expect(j.sizes).toMatchObject({ workers: expect.any(Number), pollers: 1 });
    // Growth is a fraction that may be negative (RSS fell); it must be a number.
    expect(Number.isFinite(j.memory?.worker_rss_growth)).toBe(true);
    expect(Number.isFinite(j.memory?.worker_live_heap_growth)).toBe(true);
    expect(j.memory?.worker_live_heap_mb).toBeGreaterThanOrEqual(0);
  }, 90_000);
});
