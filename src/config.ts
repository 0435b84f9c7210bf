import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { ConfigError } from './errors.js';

/** The package root (where config/ and migrations/ live), from src/ or dist/src/. */
export const PACKAGE_ROOT = (() => {
  const here = path.dirname(fileURLToPath(import.meta.url));
  return path.basename(path.dirname(here)) === 'dist' ? path.resolve(here, '../..') : path.resolve(here, '..');
})();

const int = (min: number, max = Number.MAX_SAFE_INTEGER) => z.coerce.number().int().min(min).max(max);
const bool = z
  .enum(['1', '0', 'true', 'false', 'yes', 'no', 'on', 'off'])
  .transform((v) => ['1', 'true', 'yes', 'on'].includes(v));

// One table of KEY → validator with its default (STYLE 3). Only this module reads process.env.
const schema = z.object({
  DATABASE_URL: z.string().url().optional(),
  LAUNCHWATCH_DB_SCHEMA: z
    .string()
    .regex(/^[a-z_][a-z0-9_]*$/)
    .optional(),
  REDIS_URL: z.string().url().optional(),
  LAUNCHWATCH_QUEUE_PREFIX: z
    .string()
    .regex(/^[\w{}.-]+$/)
    .default('launchwatch'),
  LAUNCHWATCH_CONFIG_DIR: z.string().optional(),
  LAUNCHWATCH_DATA_DIR: z.string().optional(),
  LAUNCHWATCH_ALLOW_HOSTS: z.string().default(''),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  LAUNCHWATCH_CLASSIFY_CONCURRENCY: int(1, 256).default(16),
  LAUNCHWATCH_POLL_CONCURRENCY: int(1, 256).default(8),
  LAUNCHWATCH_PAGE_CONCURRENCY: int(1, 64).default(4),
  LAUNCHWATCH_DB_POOL_MAX: int(1, 200).default(10),
  LAUNCHWATCH_STATEMENT_TIMEOUT_MS: int(100).default(60_000),
  LAUNCHWATCH_LOCK_TIMEOUT_MS: int(100).default(10_000),
  LAUNCHWATCH_FETCH_TIMEOUT_MS: int(500).default(30_000),
  LAUNCHWATCH_CONNECT_TIMEOUT_MS: int(100).default(10_000),
  LAUNCHWATCH_FEED_MAX_BYTES: int(1024).default(10 * 1024 * 1024),
  LAUNCHWATCH_PAGE_MAX_BYTES: int(1024).default(5 * 1024 * 1024),
  LAUNCHWATCH_MIN_TEXT_CHARS: int(0).default(400),
  LAUNCHWATCH_FETCH_PAGES: bool.default(true),
  LAUNCHWATCH_HOST_INTERVAL_MS: int(0).default(1000),
  LAUNCHWATCH_RECONCILE_AFTER_S: int(1).default(600),
  LAUNCHWATCH_RECONCILE_EVERY_S: int(1).default(60),
  LAUNCHWATCH_MAX_BACKOFF_S: int(60).default(24 * 3600),
  LAUNCHWATCH_SHUTDOWN_GRACE_MS: int(100).default(20_000),
  LAUNCHWATCH_LOCK_DURATION_MS: int(1000).default(30_000),
  LAUNCHWATCH_STALLED_INTERVAL_MS: int(500).default(30_000),
  LAUNCHWATCH_REQUIRE_NOEVICTION: bool.default(false),
  LAUNCHWATCH_HTTP_PORT: int(0, 65535).default(8080),
  LAUNCHWATCH_PGLITE_PORT: int(0, 65535).default(5433),
  LAUNCHWATCH_PGLITE_HOST: z.string().default('127.0.0.1'),
  LAUNCHWATCH_PSQL_HOLD_TIMEOUT_MS: int(1000).default(60_000),
  LAUNCHWATCH_HTTP_HOST: z.string().default('127.0.0.1'),
  LAUNCHWATCH_USER_AGENT: z.string().default('launchwatch/0.1 (+https://github.com/launchwatch/launchwatch)'),
});

export type Env = z.infer<typeof schema>;

export interface Config {
  databaseUrl: string | null;
  dbSchema: string | null;
  redisUrl: string | null;
  queuePrefix: string;
  configDir: string;
  dataDir: string;
  allowHosts: readonly string[];
  logLevel: Env['LOG_LEVEL'];
  concurrency: { classify: number; poll: number; page: number };
  db: { poolMax: number; statementTimeoutMs: number; lockTimeoutMs: number };
  /** BullMQ job locks: a job whose worker stops renewing its lock for lockDurationMs is stalled and redelivered. */
  jobs: { lockDurationMs: number; stalledIntervalMs: number };
  fetch: {
    totalTimeoutMs: number;
    connectTimeoutMs: number;
    feedMaxBytes: number;
    pageMaxBytes: number;
    userAgent: string;
    hostIntervalMs: number;
  };
  pages: { enabled: boolean; minTextChars: number };
  reconcile: { afterS: number; everyS: number };
  maxBackoffS: number;
  shutdownGraceMs: number;
  requireNoeviction: boolean;
  http: { host: string; port: number };
  /** Embedded mode: where psql reaches PGlite, and how long a psql transaction may hold it idle. */
  pglite: { host: string; port: number; holdTimeoutMs: number };
}

/** Reads and validates the environment; throws ConfigError naming the variable at fault. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Readonly<Config> {
  const raw: Record<string, string> = {};
  for (const key of Object.keys(schema.shape)) {
    const v = env[key];
    if (v !== undefined && v !== '') raw[key] = v;
  }
  const parsed = schema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const key = String(issue.path[0] ?? '');
    throw new ConfigError(`environment variable ${key}: ${issue.message} (got ${JSON.stringify(raw[key] ?? '')})`);
  }
  const e = parsed.data;
  if (e.LAUNCHWATCH_DB_SCHEMA && !e.DATABASE_URL) {
    throw new ConfigError('environment variable LAUNCHWATCH_DB_SCHEMA needs DATABASE_URL to be set too');
  }
  return Object.freeze({
    databaseUrl: e.DATABASE_URL ?? null,
    dbSchema: e.LAUNCHWATCH_DB_SCHEMA ?? null,
    redisUrl: e.REDIS_URL ?? null,
    queuePrefix: e.LAUNCHWATCH_QUEUE_PREFIX,
    configDir: path.resolve(e.LAUNCHWATCH_CONFIG_DIR ?? path.join(PACKAGE_ROOT, 'config')),
    dataDir: path.resolve(e.LAUNCHWATCH_DATA_DIR ?? 'data'),
    allowHosts: Object.freeze(splitList(e.LAUNCHWATCH_ALLOW_HOSTS)),
    logLevel: e.LOG_LEVEL,
    concurrency: { classify: e.LAUNCHWATCH_CLASSIFY_CONCURRENCY, poll: e.LAUNCHWATCH_POLL_CONCURRENCY, page: e.LAUNCHWATCH_PAGE_CONCURRENCY },
    db: { poolMax: e.LAUNCHWATCH_DB_POOL_MAX, statementTimeoutMs: e.LAUNCHWATCH_STATEMENT_TIMEOUT_MS, lockTimeoutMs: e.LAUNCHWATCH_LOCK_TIMEOUT_MS },
    jobs: { lockDurationMs: e.LAUNCHWATCH_LOCK_DURATION_MS, stalledIntervalMs: e.LAUNCHWATCH_STALLED_INTERVAL_MS },
    fetch: {
      totalTimeoutMs: e.LAUNCHWATCH_FETCH_TIMEOUT_MS,
      connectTimeoutMs: e.LAUNCHWATCH_CONNECT_TIMEOUT_MS,
      feedMaxBytes: e.LAUNCHWATCH_FEED_MAX_BYTES,
      pageMaxBytes: e.LAUNCHWATCH_PAGE_MAX_BYTES,
      userAgent: e.LAUNCHWATCH_USER_AGENT,
      hostIntervalMs: e.LAUNCHWATCH_HOST_INTERVAL_MS,
    },
    pages: { enabled: e.LAUNCHWATCH_FETCH_PAGES, minTextChars: e.LAUNCHWATCH_MIN_TEXT_CHARS },
    reconcile: { afterS: e.LAUNCHWATCH_RECONCILE_AFTER_S, everyS: e.LAUNCHWATCH_RECONCILE_EVERY_S },
    maxBackoffS: e.LAUNCHWATCH_MAX_BACKOFF_S,
    shutdownGraceMs: e.LAUNCHWATCH_SHUTDOWN_GRACE_MS,
    requireNoeviction: e.LAUNCHWATCH_REQUIRE_NOEVICTION,
    http: { host: e.LAUNCHWATCH_HTTP_HOST, port: e.LAUNCHWATCH_HTTP_PORT },
    pglite: { host: e.LAUNCHWATCH_PGLITE_HOST, port: e.LAUNCHWATCH_PGLITE_PORT, holdTimeoutMs: e.LAUNCHWATCH_PSQL_HOLD_TIMEOUT_MS },
  });
}

export function splitList(v: string): string[] {
  return v
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
}
