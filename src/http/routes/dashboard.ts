import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { PACKAGE_ROOT } from '../../config.js';

/** Where the dashboard's static files live (the same from src/ and from a dist/ build). */
export const DASHBOARD_DIR = path.join(PACKAGE_ROOT, 'src', 'http', 'dashboard');

const ASSETS: Record<string, { file: string; type: string }> = {
  '/': { file: 'index.html', type: 'text/html; charset=utf-8' },
  '/assets/dashboard.js': { file: 'dashboard.js', type: 'text/javascript; charset=utf-8' },
  '/assets/chart.js': { file: 'chart.js', type: 'text/javascript; charset=utf-8' },
  '/assets/dom.js': { file: 'dom.js', type: 'text/javascript; charset=utf-8' },
  '/assets/dashboard.css': { file: 'dashboard.css', type: 'text/css; charset=utf-8' },
};

// Everything the page needs is served from here: no CDN, so it works offline, and the policy
// below makes the browser refuse anything else.
const CSP = "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; connect-src 'self'; frame-ancestors 'none'";

/** Serves the dashboard page and its assets (ES modules and a stylesheet), read once at start-up. */
export function registerDashboardRoutes(app: FastifyInstance, dir: string = DASHBOARD_DIR): void {
  for (const [url, a] of Object.entries(ASSETS)) {
    const body = readFileSync(path.join(dir, a.file));
    app.get(url, async (_req, reply) =>
      reply
        .header('content-type', a.type)
        .header('cache-control', 'no-cache')
        .header('content-security-policy', CSP)
        .header('x-content-type-options', 'nosniff')
        .send(body),
    );
  }
}
