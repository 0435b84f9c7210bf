import dns from 'node:dns';
import http from 'node:http';
import https from 'node:https';
import net from 'node:net';
import zlib from 'node:zlib';
import type { LookupFunction } from 'node:net';
import { AllowList, bareHost, blockedReason } from './address-guard.js';
import { FetchError } from './fetch-error.js';

/** What one hop needs besides its URL. */
export interface HopOptions {
  allow: AllowList;
  headers: Record<string, string>;
  connectTimeoutMs: number;
  firstByteTimeoutMs: number;
  /** Epoch ms by which the whole fetch (all hops, whole body) must be done. */
  deadline: number;
  maxBytes: number;
  signal?: AbortSignal;
}

/** One hop's answer; `body` is only read for 2xx (redirect and error bodies are dropped unread). */
export interface HopResponse {
  status: number;
  headers: Record<string, string>;
  body: Buffer;
  remoteAddress: string | null;
}

/** Lower-cased header record with repeated headers joined, as callers expect one string per name. */
function flattenHeaders(raw: http.IncomingHttpHeaders): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(raw)) {
    if (v === undefined) continue;
    out[k.toLowerCase()] = Array.isArray(v) ? v.join(', ') : v;
  }
  return out;
}

/** A DNS lookup that drops addresses the guard refuses, so a name can never lead us to an internal IP. */
function guardedLookup(host: string, allow: AllowList): LookupFunction {
  const hostAllowed = allow.has(host);
  return (hostname, options, callback) => {
    dns.lookup(hostname, { all: true, family: options.family ?? 0, hints: options.hints ?? 0 }, (err, addrs) => {
      if (err) return callback(err, '', 0);
      const ok = addrs
        .filter((a) => hostAllowed || allow.has(a.address) || blockedReason(a.address) === null)
        // IPv4 first: test servers and most feeds listen there, and it avoids a slow v6 fallback.
        .sort((a, b) => a.family - b.family);
      const first = ok[0];
      if (!first) {
        const why = addrs.map((a) => `${a.address} (${blockedReason(a.address) ?? 'refused'})`).join(', ');
        return callback(new FetchError('blocked_address', `${hostname} resolves only to refused addresses: ${why}`, { permanent: true }), '', 0);
      }
      if (options.all) (callback as unknown as (e: null, a: dns.LookupAddress[]) => void)(null, ok);
      else callback(null, first.address, first.family);
    });
  };
}

/** Picks a decompressor for a Content-Encoding; null means the body is used as sent. */
function decoderFor(encoding: string | undefined, firstChunk: Buffer): zlib.Gunzip | zlib.Inflate | zlib.BrotliDecompress | null {
  const enc = (encoding ?? '').trim().toLowerCase();
  if (enc === 'gzip' || enc === 'x-gzip') return zlib.createGunzip();
  if (enc === 'br') return zlib.createBrotliDecompress();
  if (enc === 'deflate') {
    // "deflate" is meant to be zlib-wrapped, but some servers send raw deflate; the zlib header tells them apart.
    const b0 = firstChunk[0] ?? 0;
    const b1 = firstChunk[1] ?? 0;
    const zlibWrapped = (b0 & 0x0f) === 8 && ((b0 << 8) | b1) % 31 === 0;
    return zlibWrapped ? zlib.createInflate() : zlib.createInflateRaw();
  }
  return null;
}

/**
 * Sends one GET and, for 2xx, reads the body (decompressed, capped at maxBytes after decompression).
 * The connected IP is checked on the socket itself, not only at DNS time.
 */
export function requestOnce(url: URL, opts: HopOptions): Promise<HopResponse> {
  const host = bareHost(url.hostname);
  const hostAllowed = opts.allow.has(host);
  if (net.isIP(host) && !hostAllowed) {
    const why = blockedReason(host);
    if (why) return Promise.reject(new FetchError('blocked_address', `refused ${why}`, { permanent: true, url: url.href }));
  }
  const remaining = opts.deadline - Date.now();
  if (remaining <= 0) return Promise.reject(new FetchError('timeout', 'total deadline passed', { permanent: false, url: url.href }));

  return new Promise<HopResponse>((resolve, reject) => {
    const timers: NodeJS.Timeout[] = [];
    let settled = false;
    let remoteAddress: string | null = null;
    const mod = url.protocol === 'https:' ? https : http;
    const req = mod.request(url, {
      method: 'GET',
      headers: opts.headers,
      agent: false,
      lookup: guardedLookup(host, opts.allow),
      // Node also applies maxHeaderSize; 16 KB default is kept.
    });

    const cleanup = (): void => {
      for (const t of timers) clearTimeout(t);
      opts.signal?.removeEventListener('abort', onAbort);
    };
    const fail = (err: unknown): void => {
      if (settled) return;
      settled = true;
      cleanup();
      req.destroy();
      if (err instanceof FetchError) return reject(err);
      const e = err instanceof Error ? err : new Error(String(err));
      reject(new FetchError('network', `${url.host}: ${e.message}`, { permanent: false, url: url.href, cause: e }));
    };
    const succeed = (res: HopResponse): void => {
      if (settled) return;
      settled = true;
      cleanup();
      resolve(res);
    };
    const timeout = (what: string, ms: number): NodeJS.Timeout => {
      const t = setTimeout(() => fail(new FetchError('timeout', `${what} after ${ms} ms (${url.host})`, { permanent: false, url: url.href })), ms);
      timers.push(t);
      return t;
    };
    const onAbort = (): void => fail(new FetchError('network', 'request aborted by caller', { permanent: false, url: url.href }));
    if (opts.signal?.aborted) return onAbort();
    opts.signal?.addEventListener('abort', onAbort, { once: true });

    timeout('total deadline', remaining);
    const connectTimer = timeout('connect timeout', opts.connectTimeoutMs);
    let firstByteTimer: NodeJS.Timeout | undefined;

    req.on('socket', (socket: net.Socket) => {
      socket.once('connect', () => {
        clearTimeout(connectTimer);
        remoteAddress = socket.remoteAddress ?? null;
        // Second line of defence: whatever resolved the name, refuse a socket that landed on an internal address.
        if (remoteAddress && !hostAllowed && !opts.allow.has(remoteAddress)) {
          const why = blockedReason(remoteAddress);
          if (why) return fail(new FetchError('blocked_address', `connected to ${why}`, { permanent: true, url: url.href }));
        }
        firstByteTimer = timeout('first byte timeout', opts.firstByteTimeoutMs);
      });
    });
    req.on('error', fail);
    req.on('response', (res) => {
      if (firstByteTimer) clearTimeout(firstByteTimer);
      const status = res.statusCode ?? 0;
      const headers = flattenHeaders(res.headers);
      if (status < 200 || status >= 300) {
        // Redirect/error/304 bodies are never needed; drop the connection rather than read them.
        res.resume();
        succeed({ status, headers, body: Buffer.alloc(0), remoteAddress });
        req.destroy();
        return;
      }
      readBody(res, headers, opts.maxBytes, url).then((body) => succeed({ status, headers, body, remoteAddress }), fail);
    });
    req.end();
  });
}

/** Reads a response body through its decompressor, failing with too_large once maxBytes of output is passed. */
function readBody(res: http.IncomingMessage, headers: Record<string, string>, maxBytes: number, url: URL): Promise<Buffer> {
  return new Promise<Buffer>((resolve, reject) => {
    const encoding = headers['content-encoding'];
    const declared = Number(headers['content-length']);
    const tooLarge = (): FetchError =>
      new FetchError('too_large', `body exceeds ${maxBytes} bytes (${url.host})`, { permanent: false, url: url.href });
    if (!encoding && Number.isFinite(declared) && declared > maxBytes) {
      res.destroy();
      return reject(tooLarge());
    }
    const chunks: Buffer[] = [];
    let total = 0;
    let done = false;
    let decoder: zlib.Gunzip | zlib.Inflate | zlib.BrotliDecompress | null | undefined;
    const finish = (err: Error | null): void => {
      if (done) return;
      done = true;
      if (err) {
        res.destroy();
        decoder?.destroy();
        return reject(err);
      }
      resolve(Buffer.concat(chunks, total));
    };
    const take = (chunk: Buffer): void => {
      if (done) return;
      total += chunk.length;
      if (total > maxBytes) return finish(tooLarge());
      chunks.push(chunk);
    };
    res.on('data', (chunk: Buffer) => {
      if (decoder === undefined) {
        decoder = decoderFor(encoding, chunk);
        if (decoder) {
          decoder.on('data', take);
          decoder.on('end', () => finish(null));
          decoder.on('error', (e) => finish(new FetchError('network', `bad ${encoding} body: ${e.message}`, { permanent: false, url: url.href, cause: e })));
        }
      }
      if (decoder) decoder.write(chunk);
      else take(chunk);
    });
    res.on('end', () => {
      if (decoder) decoder.end();
      else finish(null); // identity body, or empty
    });
    res.on('error', (e) => finish(e));
    res.on('close', () => {
      if (!res.complete) finish(new Error('connection closed before the body was complete'));
    });
  });
}
