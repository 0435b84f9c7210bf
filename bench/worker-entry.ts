// A launchwatch worker process for the benchmark: the real service (BullMQ workers on the real
// Redis and Postgres) configured from the environment, reporting its RSS and its heap after each full
// garbage collection to the parent over IPC.
// Started by bench/workers.ts: compiled (dist/bench/worker-entry.js) under `npm run bench`, with
// tsx from source.
import { constants, PerformanceObserver } from 'node:perf_hooks';
import v8 from 'node:v8';
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
  // The heap left by each full (mark-compact) collection: what the process holds. RSS also counts
  // the free heap V8 keeps between full collections, which swings with the allocation rate.
  const gcs = new PerformanceObserver((list) => {
    for (const e of list.getEntries()) {
      if ((e.detail as { kind?: number } | undefined)?.kind !== constants.NODE_PERFORMANCE_GC_MAJOR) continue;
      process.send?.({ type: 'heap', used: v8.getHeapStatistics().used_heap_size, at: Date.now() });
    }
  });
  gcs.observe({ entryTypes: ['gc'] });
  process.send?.({ type: 'ready' });
  process.on('message', (m: { type?: string }) => {
    if (m?.type !== 'stop') return;
    clearInterval(timer);
    gcs.disconnect();
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
