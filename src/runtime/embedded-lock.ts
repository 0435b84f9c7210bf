import { linkSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { UserError, coerceError } from '../errors.js';

export interface LockInfo {
  pid: number;
  startedAt: string;
  psql?: string | undefined;
}

// Lock files this process holds. A lock naming our own pid that is not here is stale: left by an
// earlier process that had the same pid (a container restarted, say).
const heldHere = new Set<string>();

export interface DataDirLock {
  file: string;
  /** Adds what the holder offers (the psql command) for the message others get. */
  update(extra: Partial<LockInfo>): void;
  release(): void;
}

/**
 * Takes `<dir>/launchwatch.pid` so that a second launchwatch on the same data folder stops with
 * a clear message instead of opening the PGlite files twice (which corrupts them). A lock left
 * by a process that no longer exists is taken over.
 */
export function lockDataDir(dir: string): DataDirLock {
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, 'launchwatch.pid');
  let info: LockInfo = { pid: process.pid, startedAt: new Date().toISOString() };
  // Written aside, then hard-linked into place: the link is atomic, so a lock file never exists
  // half-written (a reader would take it for stale).
  const draft = `${file}.${process.pid}`;
  writeFileSync(draft, JSON.stringify(info));
  for (let attempt = 0; ; attempt++) {
    try {
      linkSync(draft, file);
      rmSync(draft, { force: true });
      break;
    } catch (raw) {
      const err = coerceError(raw) as NodeJS.ErrnoException;
      if (err.code !== 'EEXIST') {
        rmSync(draft, { force: true });
        throw new UserError(`cannot create the lock file ${file}: ${err.message}`, { cause: err });
      }
      const holder = readLock(file);
      const ours = holder?.pid === process.pid;
      if (holder && (ours ? heldHere.has(file) : isAlive(holder.pid))) {
        rmSync(draft, { force: true });
        const how = holder.psql ? `; to look at its data meanwhile: ${holder.psql}` : '';
        throw new UserError(
          `another launchwatch (pid ${holder.pid}, since ${holder.startedAt}) is using the embedded database in ${dir}: ` +
            `stop it first, or set LAUNCHWATCH_DATA_DIR to another folder${how}`,
        );
      }
      // Stale (crashed holder) or unreadable: remove it and try once more.
      if (attempt > 0) {
        rmSync(draft, { force: true });
        throw new UserError(`cannot take the lock file ${file}: remove it if no launchwatch runs on ${dir}`);
      }
      // Remove only what we judged stale: a process that took it over meanwhile keeps its lock.
      if (readLock(file)?.pid === holder?.pid) rmSync(file, { force: true });
    }
  }
  heldHere.add(file);
  let held = true;
  return {
    file,
    update(extra) {
      if (!held) return;
      info = { ...info, ...extra };
      // Replaced by rename, never rewritten in place, for the same reason as the link above.
      writeFileSync(draft, JSON.stringify(info));
      renameSync(draft, file);
    },
    release() {
      if (!held) return;
      held = false;
      heldHere.delete(file);
      // Only remove our own lock: a stale-lock takeover by another process must stay intact.
      if (readLock(file)?.pid === process.pid) rmSync(file, { force: true });
    },
  };
}

function readLock(file: string): LockInfo | null {
  try {
    const parsed = JSON.parse(readFileSync(file, 'utf8')) as Partial<LockInfo>;
    return typeof parsed.pid === 'number' ? { pid: parsed.pid, startedAt: String(parsed.startedAt ?? '?'), psql: parsed.psql } : null;
  } catch {
    return null;
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (raw) {
    // EPERM: it exists but belongs to someone else.
    return (raw as NodeJS.ErrnoException).code === 'EPERM';
  }
}
