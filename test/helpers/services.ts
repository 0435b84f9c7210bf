// Where the tests find the real Postgres and Redis. Defaults are this machine's (and
// docker-compose's) ports; DATABASE_URL / REDIS_URL override.
export const TEST_DATABASE_URL = process.env.TEST_DATABASE_URL ?? process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
export const TEST_REDIS_URL = process.env.TEST_REDIS_URL ?? process.env.REDIS_URL ?? 'redis://127.0.0.1:6379/0';
