import zlib from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FetchError, safeFetch, type FetchOptions } from '../../../src/feeds/fetcher.js';
import { HostRateLimiter } from '../../../src/feeds/rate-limit.js';
import { startTestServer, type TestServer } from '../../helpers/http-server.js';

let srv: TestServer;
beforeAll(async () => {
  srv = await startTestServer();
});
afterAll(async () => {
  await srv.close();
});

const opts = (over: Partial<FetchOptions> = {}): FetchOptions => ({
  allowHosts: ['127.0.0.1'],
  connectTimeoutMs: 2_000,
  firstByteTimeoutMs: 2_000,
  totalTimeoutMs: 5_000,
  maxBytes: 1024 * 1024,
  ...over,
});

async function fetchError(url: string, o: FetchOptions): Promise<FetchError> {
  try {
    await safeFetch(url, o);
  } catch (err) {
    expect(err).toBeInstanceOf(FetchError);
    return err as FetchError;
  }
  throw new Error(`expected ${url} to fail`);
}

describe('safeFetch basics', () => {
  it('fetches a body with the launchwatch User-Agent and lower-cased headers', async () => {
    srv.route('/feed.xml', { headers: { 'Content-Type': 'application/rss+xml; charset=utf-8', ETag: '"v1"' }, body: '<rss/>' });
    const res = await safeFetch(srv.url('/feed.xml'), opts());
    expect(res.status).toBe(200);
    expect(res.body.toString()).toBe('<rss/>');
    expect(res.contentType).toBe('application/rss+xml; charset=utf-8');
    expect(res.etag).toBe('"v1"');
    expect(res.notModified).toBe(false);
    expect(srv.hits('/feed.xml').at(-1)?.headers['user-agent']).toMatch(/^launchwatch\/0\.1 /);
  });

  it('follows redirects and reports the final URL', async () => {
    srv.redirect('/old', '/new', 301);
    srv.route('/new', { body: 'moved here' });
    const res = await safeFetch(srv.url('/old'), opts());
    expect(res.url).toBe(srv.url('/new'));
    expect(res.body.toString()).toBe('moved here');
  });

  it('sends conditional headers and turns 304 into notModified', async () => {
    srv.route('/cond', (req, res) => {
      if (req.headers['if-none-match'] === '"v7"' && req.headers['if-modified-since'] === 'Wed, 01 May 2024 00:00:00 GMT') {
        res.writeHead(304);
        return res.end();
      }
      res.writeHead(200, { etag: '"v7"' });
      res.end('full');
    });
    const res = await safeFetch(srv.url('/cond'), opts({ etag: '"v7"', lastModified: 'Wed, 01 May 2024 00:00:00 GMT' }));
    expect(res.status).toBe(304);
    expect(res.notModified).toBe(true);
    expect(res.body.length).toBe(0);
    expect(res.etag).toBe('"v7"');
  });

  it('decodes gzip, brotli, zlib deflate and raw deflate bodies', async () => {
    const text = 'hello feed '.repeat(100);
    srv.route('/gz', { headers: { 'content-encoding': 'gzip' }, body: zlib.gzipSync(text) });
    srv.route('/br', { headers: { 'content-encoding': 'br' }, body: zlib.brotliCompressSync(text) });
    srv.route('/defl', { headers: { 'content-encoding': 'deflate' }, body: zlib.deflateSync(text) });
    srv.route('/raw', { headers: { 'content-encoding': 'deflate' }, body: zlib.deflateRawSync(text) });
    for (const p of ['/gz', '/br', '/defl', '/raw']) {
      expect((await safeFetch(srv.url(p), opts())).body.toString(), p).toBe(text);
    }
  });
});

describe('safeFetch address guard', () => {
  it.each([
    ['http://169.254.169.254/latest/meta-data/'],
    ['http://[::1]/'],
    ['http://[::ffff:127.0.0.1]/'],
    ['http://[::ffff:a9fe:a9fe]/'],
    ['http://0x7f.1/'],
    ['http://2130706433/'],
    ['http://017700000001/'],
    ['http://127.1/'],
    ['http://0.0.0.0/'],
    ['http://10.0.0.1/'],
    ['http://172.16.5.4/'],
    ['http://192.168.1.1/'],
    ['http://100.64.0.1/'],
    ['http://224.0.0.1/'],
    ['http://[fe80::1]/'],
    ['http://[fc00::1]/'],
    ['http://[::]/'],
  ])('refuses %s before connecting', async (url) => {
    const err = await fetchError(url, opts({ allowHosts: [] }));
    expect(err.code).toBe('blocked_address');
    expect(err.permanent).toBe(true);
  });

  it('refuses 127.0.0.1 when it is not allowed', async () => {
    srv.route('/ok', { body: 'x' });
    const err = await fetchError(srv.url('/ok'), opts({ allowHosts: [] }));
    expect(err.code).toBe('blocked_address');
    expect(srv.hits('/ok')).toHaveLength(0);
  });

  it('refuses a host name that resolves to a loopback address (checked at DNS time)', async () => {
    srv.route('/named', { body: 'x' });
    const err = await fetchError(`http://localhost:${srv.port}/named`, opts({ allowHosts: [] }));
    expect(err.code).toBe('blocked_address');
    expect(srv.hits('/named')).toHaveLength(0);
  });

  it('an allowed host name may resolve to loopback, but its redirect to a bare loopback IP is refused', async () => {
    srv.redirect('/hop', `${srv.base}/target`);
    srv.route('/target', { body: 'secret' });
    const ok = await safeFetch(`http://localhost:${srv.port}/target`, opts({ allowHosts: ['localhost'] }));
    expect(ok.body.toString()).toBe('secret');
    const before = srv.hits('/target').length;
    const err = await fetchError(`http://localhost:${srv.port}/hop`, opts({ allowHosts: ['localhost'] }));
    expect(err.code).toBe('blocked_address');
    expect(srv.hits('/target')).toHaveLength(before);
  });

  it('refuses a redirect from an allowed host to the metadata address or an odd loopback spelling', async () => {
    srv.redirect('/to-meta', 'http://169.254.169.254/latest/meta-data/');
    srv.redirect('/to-hex', `http://0x7f.1:${srv.port}/ok`);
    expect((await fetchError(srv.url('/to-meta'), opts())).code).toBe('blocked_address');
    expect((await fetchError(srv.url('/to-hex'), opts({ allowHosts: ['localhost'] }))).code).toBe('blocked_address');
  });

  it('refuses non-http schemes, also as redirect targets', async () => {
    expect((await fetchError('file:///etc/passwd', opts())).code).toBe('bad_scheme');
    expect((await fetchError('gopher://127.0.0.1:70/', opts())).code).toBe('bad_scheme');
    expect((await fetchError('not a url', opts())).code).toBe('bad_url');
    srv.redirect('/to-file', 'file:///etc/passwd');
    const err = await fetchError(srv.url('/to-file'), opts());
    expect(err.code).toBe('bad_scheme');
    expect(err.permanent).toBe(true);
  });

  it('stops a redirect loop and a chain longer than maxRedirects', async () => {
    srv.redirect('/loop-a', '/loop-b');
    srv.redirect('/loop-b', '/loop-a');
    expect((await fetchError(srv.url('/loop-a'), opts())).code).toBe('too_many_redirects');
    for (let i = 0; i < 6; i++) srv.redirect(`/chain${i}`, `/chain${i + 1}`);
    srv.route('/chain6', { body: 'end' });
    expect((await fetchError(srv.url('/chain0'), opts())).code).toBe('too_many_redirects');
    expect((await safeFetch(srv.url('/chain1'), opts())).body.toString()).toBe('end'); // exactly 5 hops
  });
});

describe('safeFetch limits', () => {
  it('cuts a gzip bomb by the decompressed size', async () => {
    const bomb = zlib.gzipSync(Buffer.alloc(64 * 1024 * 1024)); // ~64 KB on the wire
    srv.route('/bomb', { headers: { 'content-encoding': 'gzip', 'content-type': 'application/rss+xml' }, body: bomb });
    const err = await fetchError(srv.url('/bomb'), opts({ maxBytes: 1024 * 1024 }));
    expect(err.code).toBe('too_large');
  });

  it('cuts an endless body and refuses a declared oversize body', async () => {
    srv.endless('/endless');
    expect((await fetchError(srv.url('/endless'), opts({ maxBytes: 256 * 1024 }))).code).toBe('too_large');
    srv.route('/big', { body: Buffer.alloc(300 * 1024) });
    expect((await fetchError(srv.url('/big'), opts({ maxBytes: 100 * 1024 }))).code).toBe('too_large');
  });

  it('cuts a slowloris body at the total deadline', async () => {
    srv.trickle('/slow', 50);
    const t0 = Date.now();
    const err = await fetchError(srv.url('/slow'), opts({ totalTimeoutMs: 800 }));
    expect(err.code).toBe('timeout');
    expect(err.permanent).toBe(false);
    expect(Date.now() - t0).toBeLessThan(3_000);
  });

  it('gives up on a server that never answers (first-byte deadline)', async () => {
    srv.never('/never');
    const t0 = Date.now();
    const err = await fetchError(srv.url('/never'), opts({ firstByteTimeoutMs: 300 }));
    expect(err.code).toBe('timeout');
    expect(err.message).toMatch(/first byte/);
    expect(Date.now() - t0).toBeLessThan(2_000);
  });

  it('stops when the caller aborts', async () => {
    srv.never('/never2');
    const ac = new AbortController();
    setTimeout(() => ac.abort(), 100);
    const err = await fetchError(srv.url('/never2'), opts({ signal: ac.signal }));
    expect(err.code).toBe('network');
  });
});

describe('safeFetch status handling', () => {
  it('classifies 404/410 as permanent and 500 as transient', async () => {
    srv.route('/gone', { status: 410 });
    srv.route('/boom', { status: 500 });
    const e404 = await fetchError(srv.url('/nowhere'), opts());
    expect([e404.code, e404.status, e404.permanent]).toEqual(['http_status', 404, true]);
    const e410 = await fetchError(srv.url('/gone'), opts());
    expect([e410.status, e410.permanent]).toEqual([410, true]);
    const e500 = await fetchError(srv.url('/boom'), opts());
    expect([e500.status, e500.permanent]).toEqual([500, false]);
  });

  it('parses Retry-After seconds on 429 and an HTTP-date on 503, and blocks the host in the limiter', async () => {
    srv.route('/busy', { status: 429, headers: { 'retry-after': '120' } });
    const when = new Date(Date.now() + 60_000).toUTCString();
    srv.route('/down', { status: 503, headers: { 'retry-after': when } });
    const limiter = new HostRateLimiter(0);
    const e429 = await fetchError(srv.url('/busy'), opts({ rateLimiter: limiter }));
    expect([e429.status, e429.permanent, e429.retryAfterMs]).toEqual([429, false, 120_000]);
    expect(limiter.blockedUntil('127.0.0.1')).toBeGreaterThan(Date.now() + 100_000);
    const e503 = await fetchError(srv.url('/down'), opts());
    expect(e503.retryAfterMs).toBeGreaterThan(55_000);
    expect(e503.retryAfterMs).toBeLessThanOrEqual(60_000);
  });
});

describe('HostRateLimiter', () => {
  it('spaces requests to one host and honours blockUntil', async () => {
    const limiter = new HostRateLimiter(150);
    const t0 = Date.now();
    await limiter.acquire('a.example');
    await limiter.acquire('a.example');
    await limiter.acquire('b.example'); // other host: no wait
    expect(Date.now() - t0).toBeGreaterThanOrEqual(140);
    expect(Date.now() - t0).toBeLessThan(400);
    limiter.blockUntil('c.example', Date.now() + 200);
    const t1 = Date.now();
    await limiter.acquire('c.example');
    expect(Date.now() - t1).toBeGreaterThanOrEqual(190);
  });
});
