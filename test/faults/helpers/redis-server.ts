import { spawn, type ChildProcess } from 'node:child_process';
import net from 'node:net';
import { Redis } from 'ioredis';
import { sleep } from './service-proc.js';

/**
 * A redis-server of the test's own on a free port, so the suite can kill, restart, flush and
 * starve it without touching the machine's shared Redis.
 */
export interface OwnRedis {
  url: string;
  port: number;
  /** A client for FLUSHALL / CONFIG SET in the test. */
  admin(): Redis;
  /** SIGKILLs the server (no save: data is gone, like a crash of a cache-only Redis). */
  kill(): Promise<void>;
  /** Starts it again on the same port. */
  start(): Promise<void>;
  stop(): Promise<void>;
  /** Sends a signal to the server (SIGSTOP freezes it: connections stay open, commands hang). */
  signal(sig: NodeJS.Signals): void;
}

const REDIS_BIN = process.env.REDIS_SERVER_BIN ?? '/usr/bin/redis-server';

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
  });
}

/** Starts a throwaway redis-server (no persistence, noeviction) and waits until it answers. */
export async function startOwnRedis(): Promise<OwnRedis> {
  const port = await freePort();
  let proc: ChildProcess | null = null;
  const clients: Redis[] = [];
  const start = async () => {
    proc = spawn(REDIS_BIN, ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--daemonize', 'no', '--maxmemory-policy', 'noeviction'], {
      stdio: 'ignore',
    });
    for (let i = 0; i < 100; i++) {
      const ok = await new Promise<boolean>((resolve) => {
        const s = net.connect({ host: '127.0.0.1', port });
        s.once('connect', () => (s.destroy(), resolve(true)));
        s.once('error', () => resolve(false));
      });
      if (ok) return;
      await sleep(50);
    }
    throw new Error(`own redis-server on port ${port} did not start`);
  };
  const kill = async () => {
    const p = proc;
    proc = null;
    if (!p || p.exitCode !== null) return;
    const gone = new Promise((r) => p.once('exit', r));
    p.kill('SIGKILL');
    p.kill('SIGCONT');
    await gone;
  };
  await start();
  return {
    url: `redis://127.0.0.1:${port}/0`,
    port,
    admin() {
      const c = new Redis({ host: '127.0.0.1', port, maxRetriesPerRequest: 1 });
      c.on('error', () => undefined);
      clients.push(c);
      return c;
    },
    kill,
    start,
    signal(sig) {
      proc?.kill(sig);
    },
    async stop() {
      for (const c of clients) c.disconnect();
      await kill();
    },
  };
}
