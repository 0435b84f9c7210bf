import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { lockDataDir } from '../../../src/runtime/embedded-lock.js';
import { UserError } from '../../../src/errors.js';

const dirs: string[] = [];
const temp = () => {
  const d = mkdtempSync(path.join(os.tmpdir(), 'lw-lock-'));
  dirs.push(d);
  return d;
};
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

/** A pid that existed and is gone now. */
function deadPid(): number {
  return Number(spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' }).stdout);
}

describe('lockDataDir', () => {
  it('holds the folder until released, naming the holder and its psql command', () => {
    const dir = temp();
    const lock = lockDataDir(dir);
    lock.update({ psql: 'psql -h 127.0.0.1 -p 5433 -U postgres -d postgres' });
    let err: unknown;
    try {
      lockDataDir(dir);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(UserError);
    expect((err as Error).message).toContain(`pid ${process.pid}`);
    expect((err as Error).message).toContain('psql -h 127.0.0.1 -p 5433');
    lock.release();
    expect(existsSync(lock.file)).toBe(false);
    lockDataDir(dir).release();
  });

  it('takes over a lock left by a process that is gone, or by an earlier holder of our pid', () => {
    const dir = temp();
    const file = path.join(dir, 'launchwatch.pid');
    writeFileSync(file, JSON.stringify({ pid: deadPid(), startedAt: 'earlier' }));
    const a = lockDataDir(dir);
    expect(JSON.parse(readFileSync(file, 'utf8')).pid).toBe(process.pid);
    a.release();
    writeFileSync(file, JSON.stringify({ pid: process.pid, startedAt: 'before a restart' }));
    lockDataDir(dir).release();
    writeFileSync(file, 'not json');
    lockDataDir(dir).release();
  });
});
