// A launchwatch worker process for the benchmark: the real service (BullMQ workers on the real
// Redis and Postgres) configured from the environment, reporting its RSS to the parent over IPC.
// Started by bench/workers.ts: compiled (dist/bench/worker-entry.js) under `npm run bench`, with
// tsx from source.
import { loadConfig } from '../src/config.js';
import { createLogger } from '../src/logger.js';
import { openDb } from '../src/db/open.js';
import { loadEngine } from '../src/runtime/context.js';
import { startService, type Role } from '../src/runtime/service.js';
import { coerceError } from '../src/errors.js';

async function main(): Promise<void> {
  const config = loadConfig(process.env);
  const log = createLogger(process.env.LOG_LEVEL ?? 'warn');
  const db = await openDb(config, log);
  const engine = loadEngine(config);
  const role = (process.env.BENCH_ROLE ?? 'all') as Role;
  const service = await startService({ config, db, engine, log, role, timers: false, extraAllowHosts: ['127.0.0.1'] });
  const sample = () => process.send?.({ type: 'rss', rss: process.memoryUsage.rss(), at: Date.now() });
  const timer = setInterval(sample, Number(process.env.BENCH_SAMPLE_MS ?? 250));
  process.send?.({ type: 'ready' });
  process.on('message', (m: { type?: string }) => {
    if (m?.type !== 'stop') return;
    clearInterval(timer);
    void service
      .close({ graceMs: 5000 })
      .then(() => db.close())
      .finally(() => process.exit(0));
  });
  // The parent going away (killed bench) must not leave this worker behind.
  process.on('disconnect', () => process.exit(0));
}

main().catch((raw) => {
  console.error(coerceError(raw));
  process.exit(1);
});
