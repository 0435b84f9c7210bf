import http from 'node:http';
import type net from 'node:net';

/** A canned response: status, headers, body. */
export interface StaticRoute {
  status?: number;
  headers?: Record<string, string>;
  body?: string | Buffer;
}
export type RouteHandler = (req: http.IncomingMessage, res: http.ServerResponse) => void;

/** A request as the server saw it. */
export interface SeenRequest {
  method: string;
  path: string;
  headers: http.IncomingHttpHeaders;
  at: number;
}

export interface TestServer {
  /** http://127.0.0.1:PORT (no trailing slash). */
  base: string;
  port: number;
  /** Every request received, in order. */
  requests: SeenRequest[];
  /** Absolute URL for a path on this server. */
  url(path: string): string;
  /** Registers (or replaces) a route: a canned response or a handler. Paths match without the query. */
  route(path: string, spec: StaticRoute | RouteHandler): void;
  /** A redirect to `location` (absolute or relative). */
  redirect(path: string, location: string, status?: number): void;
  /** Accepts the connection and never answers. */
  never(path: string): void;
  /** Sends headers, then one byte every `intervalMs`, forever (slowloris). */
  trickle(path: string, intervalMs?: number, headers?: Record<string, string>): void;
  /** Sends headers, then an unbounded body as fast as the client reads it. */
  endless(path: string, headers?: Record<string, string>): void;
  /** Requests seen for one path. */
  hits(path: string): SeenRequest[];
  close(): Promise<void>;
}

/** Starts an HTTP server on 127.0.0.1 with a random port; routes are registered per test. Unknown paths get 404. */
export async function startTestServer(): Promise<TestServer> {
  const routes = new Map<string, RouteHandler>();
  const requests: SeenRequest[] = [];
  const sockets = new Set<net.Socket>();
  const timers = new Set<NodeJS.Timeout>();

  const server = http.createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    requests.push({ method: req.method ?? 'GET', path, headers: req.headers, at: Date.now() });
    const handler = routes.get(path);
    if (!handler) {
      res.writeHead(404, { 'content-type': 'text/plain' });
      res.end('not found');
      return;
    }
    handler(req, res);
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as net.AddressInfo).port;
  const base = `http://127.0.0.1:${port}`;

  const repeat = (fn: () => void, ms: number): NodeJS.Timeout => {
    const t = setInterval(fn, ms);
    timers.add(t);
    return t;
  };

  const api: TestServer = {
    base,
    port,
    requests,
    url: (path) => `${base}${path.startsWith('/') ? path : `/${path}`}`,
    route(path, spec) {
      if (typeof spec === 'function') return void routes.set(path, spec);
      routes.set(path, (_req, res) => {
        res.writeHead(spec.status ?? 200, spec.headers ?? {});
        res.end(spec.body ?? '');
      });
    },
    redirect(path, location, status = 302) {
      api.route(path, { status, headers: { location } });
    },
    never(path) {
      routes.set(path, () => undefined);
    },
    trickle(path, intervalMs = 100, headers = { 'content-type': 'application/rss+xml' }) {
      routes.set(path, (_req, res) => {
        res.writeHead(200, headers);
        res.write('<');
        const t = repeat(() => res.write('x'), intervalMs);
        res.on('close', () => {
          clearInterval(t);
          timers.delete(t);
        });
      });
    },
    endless(path, headers = { 'content-type': 'application/rss+xml' }) {
      routes.set(path, (_req, res) => {
        res.writeHead(200, headers);
        const chunk = Buffer.alloc(64 * 1024, 'a');
        const pump = (): void => {
          while (!res.destroyed && res.write(chunk)) {
            /* keep writing until the socket buffer is full */
          }
          if (!res.destroyed) res.once('drain', pump);
        };
        pump();
      });
    },
    hits: (path) => requests.filter((r) => r.path === path),
    async close() {
      for (const t of timers) clearInterval(t);
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
  return api;
}
