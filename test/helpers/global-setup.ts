import net from 'node:net';
import { execSync } from 'node:child_process';
import { TEST_DATABASE_URL, TEST_REDIS_URL } from './services.js';

function answers(url: string, defPort: number): Promise<boolean> {
  const u = new URL(url);
  return new Promise((resolve) => {
    const s = net.connect({ host: u.hostname || '127.0.0.1', port: Number(u.port || defPort) });
    const done = (ok: boolean) => {
      s.destroy();
      resolve(ok);
    };
    s.setTimeout(1500, () => done(false));
    s.once('connect', () => done(true));
    s.once('error', () => done(false));
  });
}

function hasDockerEngine(): boolean {
  try {
    execSync('docker info', { stdio: 'ignore', timeout: 5000 });
    return true;
  } catch {
    return false;
  }
}

/** Finds the real Postgres and Redis, starts them with docker compose when possible, or stops with one line. */
export default async function setup(): Promise<void> {
  let pgOk = await answers(TEST_DATABASE_URL, 5432);
  let redisOk = await answers(TEST_REDIS_URL, 6379);
  if ((!pgOk || !redisOk) && hasDockerEngine()) {
    execSync('docker compose up -d --wait postgres redis', { stdio: 'inherit' });
    pgOk = await answers(TEST_DATABASE_URL, 5432);
    redisOk = await answers(TEST_REDIS_URL, 6379);
  }
  const missing = [!pgOk && `Postgres at ${TEST_DATABASE_URL}`, !redisOk && `Redis at ${TEST_REDIS_URL}`].filter(Boolean);
  if (missing.length) {
    throw new Error(
      `launchwatch tests need a real ${missing.join(' and ')}: start them (docker compose up -d postgres redis), or set DATABASE_URL / REDIS_URL`,
    );
  }
}
