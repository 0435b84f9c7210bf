import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FetchOptions } from '../../../src/feeds/fetcher.js';
import { RobotsCache, isAllowedByRobots } from '../../../src/feeds/robots.js';
import { startTestServer, type TestServer } from '../../helpers/http-server.js';

let srv: TestServer;
beforeAll(async () => {
  srv = await startTestServer();
});
afterAll(async () => {
  await srv.close();
});

const opts: FetchOptions = { allowHosts: ['127.0.0.1'], connectTimeoutMs: 1000, firstByteTimeoutMs: 1000, totalTimeoutMs: 3000, maxBytes: 1 << 20 };

describe('isAllowedByRobots', () => {
  it('applies the launchwatch group and caches robots.txt per origin', async () => {
    srv.route('/robots.txt', { headers: { 'content-type': 'text/plain' }, body: 'User-agent: *\nDisallow: /private/\n\nUser-agent: launchwatch\nDisallow: /no-bots/\n' });
    const cache = new RobotsCache();
    expect(await isAllowedByRobots(srv.url('/news/1'), opts, cache)).toBe(true);
    expect(await isAllowedByRobots(srv.url('/no-bots/x'), opts, cache)).toBe(false);
    // The launchwatch group replaces the * group, so /private/ is allowed for us.
    expect(await isAllowedByRobots(srv.url('/private/x'), opts, cache)).toBe(true);
    expect(srv.hits('/robots.txt')).toHaveLength(1);
  });

  it('allows everything when robots.txt is missing, denies while it errors', async () => {
    srv.route('/robots.txt', { status: 404 });
    expect(await isAllowedByRobots(srv.url('/a'), opts, new RobotsCache())).toBe(true);
    srv.route('/robots.txt', { status: 500 });
    expect(await isAllowedByRobots(srv.url('/a'), opts, new RobotsCache())).toBe(false);
  });

  it('refetches after the TTL', async () => {
    let now = 1_000_000;
    const cache = new RobotsCache(() => now);
    srv.route('/robots.txt', { body: 'User-agent: *\nDisallow: /\n' });
    const before = srv.hits('/robots.txt').length;
    expect(await isAllowedByRobots(srv.url('/x'), opts, cache)).toBe(false);
    now += 25 * 3600 * 1000;
    srv.route('/robots.txt', { body: 'User-agent: *\nAllow: /\n' });
    expect(await isAllowedByRobots(srv.url('/x'), opts, cache)).toBe(true);
    expect(srv.hits('/robots.txt').length - before).toBe(2);
  });

  it('surfaces a refused address instead of guessing', async () => {
    await expect(isAllowedByRobots('http://169.254.169.254/latest', { ...opts, allowHosts: [] }, new RobotsCache())).rejects.toMatchObject({ code: 'blocked_address' });
  });
});
