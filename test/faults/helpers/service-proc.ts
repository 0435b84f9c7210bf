import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ROOT } from '../../helpers/cli.js';

/** One launchwatch process started from source, whose log lines (pino JSON on stderr) the test can wait on. */
export interface ServiceProc {
  child: ChildProcess;
  pid: number;
  /** Parsed JSON log lines seen so far. */
  logs: Record<string, unknown>[];
  stdout(): string;
  stderr(): string;
  /** Resolves with the first log line (now or later) for which `match` is true. */
  waitForLog(match: (line: Record<string, unknown>) => boolean, timeoutMs?: number): Promise<Record<string, unknown>>;
  /** Resolves when the process has exited, with its code and signal. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null; ms: number }>;
  kill(signal: NodeJS.Signals): void;
}

const live = new Set<ChildProcess>();

/** Starts `launchwatch ARGS…` (tsx, from source) with only the given environment; LOG_LEVEL=info by default. */
export function startCli(args: string[], env: Record<string, string>): ServiceProc {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'src/cli.ts'), ...args], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  live.add(child);
  let out = '';
  let err = '';
  let partial = '';
  const logs: Record<string, unknown>[] = [];
  const waiters: { match: (l: Record<string, unknown>) => boolean; resolve: (l: Record<string, unknown>) => void }[] = [];
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d: Buffer) => {
    err += d;
    partial += d.toString();
    const lines = partial.split('\n');
    partial = lines.pop() ?? '';
    for (const line of lines) {
      let parsed: Record<string, unknown>;
      try {
        parsed = JSON.parse(line) as Record<string, unknown>;
      } catch {
        continue;
      }
      logs.push(parsed);
      for (const w of [...waiters]) {
        if (w.match(parsed)) {
          waiters.splice(waiters.indexOf(w), 1);
          w.resolve(parsed);
        }
      }
    }
  });
  const t0 = Date.now();
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null; ms: number }>((resolve) =>
    child.on('exit', (code, signal) => {
      live.delete(child);
      resolve({ code, signal, ms: Date.now() - t0 });
    }),
  );
  return {
    child,
    pid: child.pid!,
    logs,
    stdout: () => out,
    stderr: () => err,
    exited,
    kill: (signal) => void child.kill(signal),
    waitForLog(match, timeoutMs = 30_000) {
      const seen = logs.find(match);
      if (seen) return Promise.resolve(seen);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`timed out waiting for a log line; last lines:\n${err.slice(-3000)}`)), timeoutMs);
        waiters.push({
          match,
          resolve: (l) => {
            clearTimeout(timer);
            resolve(l);
          },
        });
      });
    },
  };
}

/** SIGKILLs every process this module started that is still running (afterEach/afterAll safety net). */
export function killAll(): void {
  for (const c of live) c.kill('SIGKILL');
}

/** Writes a feeds.yaml in a temp dir and returns its path. */
export function writeFeedsFile(body: string): string {
  const file = path.join(mkdtempSync(path.join(tmpdir(), 'lw-faults-')), 'feeds.yaml');
  writeFileSync(file, body);
  return file;
}

/** Resolves after ms milliseconds. */
export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** Polls `check` every intervalMs until it returns true or timeoutMs passes (then throws with `what`). */
export async function until(check: () => Promise<boolean> | boolean, what: string, timeoutMs = 30_000, intervalMs = 100): Promise<void> {
  const t0 = Date.now();
  for (;;) {
    if (await check()) return;
    if (Date.now() - t0 > timeoutMs) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(intervalMs);
  }
}

/** GET /readyz of a service started with --serve (LAUNCHWATCH_HTTP_PORT=0): its status and reasons. */
export async function readyz(svc: ServiceProc): Promise<{ status: number; reasons: string[] }> {
  const started = await svc.waitForLog((l) => l.msg === 'Service started', 30_000);
  const base = String(started.http ?? '');
  if (!base.startsWith('http')) throw new Error('the service was not started with --serve');
  const res = await fetch(`${base}/readyz`, { signal: AbortSignal.timeout(10_000) });
  const body = (await res.json()) as { reasons?: string[] };
  return { status: res.status, reasons: body.reasons ?? [] };
}
