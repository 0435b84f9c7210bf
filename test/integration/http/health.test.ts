import { afterEach, describe, expect, it } from 'vitest';
import { startServe, type ServeContext } from './serve-context.js';

const started: ServeContext[] = [];
afterEach(async () => {
  await Promise.all(started.splice(0).map((s) => s.stop()));
});
async function serve(opts: Parameters<typeof startServe>[0]): Promise<ServeContext> {
  const s = await startServe(opts);
  started.push(s);
  return s;
}

describe('GET /healthz and /readyz', () => {
  it('answers healthz and is ready with Postgres migrated and Redis up', async () => {
    const s = await serve({});
    expect(await s.json('/healthz')).toEqual({ status: 200, body: { status: 'ok' } });
    const ready = await s.json('/readyz');
    expect(ready.status).toBe(200);
    expect(ready.body).toMatchObject({ status: 'ready', checks: { postgres: 'ok', migrations: 'ok', redis: 'ok' }, reasons: [] });
  });

  it('is ready without Redis in embedded mode and says so', async () => {
    const s = await serve({ redis: false });
    const ready = await s.json('/readyz');
    expect(ready.status).toBe(200);
    expect(ready.body.checks.redis).toBe('not configured');
  });

  it('answers 503 naming the pending migrations and how to apply them', async () => {
    const s = await serve({ migrate: false, redis: false });
    expect((await s.get('/healthz')).status).toBe(200);
    const ready = await s.json('/readyz');
    expect(ready.status).toBe(503);
    expect(ready.body.status).toBe('not ready');
    expect(ready.body.reasons).toHaveLength(1);
    expect(ready.body.reasons[0]).toMatch(/^migrations: \d+ pending \(000001_feeds.*\); run: launchwatch migrate$/);
  });

  it('answers 503 when Redis is unreachable', async () => {
    // Port 1 on loopback: nothing listens there, so every connection is refused.
    const s = await serve({ redis: 'redis://127.0.0.1:1/0' });
    const ready = await s.json('/readyz');
    expect(ready.status).toBe(503);
    expect(ready.body.checks.postgres).toBe('ok');
    expect(ready.body.reasons.join('\n')).toMatch(/^redis: unreachable: /m);
  });

  it('answers unknown paths with a JSON 404', async () => {
    const s = await serve({ redis: false });
    const res = await s.json('/nope?x=1');
    expect(res).toEqual({ status: 404, body: { error: 'not_found', message: 'no route GET /nope' } });
  });
});
