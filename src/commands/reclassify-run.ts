import type { Logger } from 'pino';
import type { Config } from '../config.js';
import { openDb } from '../db/open.js';
import { loadEngine } from '../runtime/context.js';
import { startService } from '../runtime/service.js';
import { UserError } from '../errors.js';
import { createProgress } from '../progress.js';
import { ensureSchema } from './migrate.js';
import { formatReclassifyReport, reclassifyCommand } from './reclassify.js';

/**
 * `launchwatch reclassify [--since DATE]`: starts classify workers in this process (other
 * `launchwatch worker` processes on the same Redis help), enqueues the stored articles, waits
 * until the queue is drained, and prints which events' scores changed.
 */
export async function reclassifyRun(config: Readonly<Config>, log: Logger, opts: { since?: Date | undefined }, out: (line: string) => void): Promise<number> {
  if (!config.redisUrl) {
    throw new UserError('reclassify runs through the classify queue: set REDIS_URL (and DATABASE_URL); embedded-mode reclassify is not built yet');
  }
  const engine = loadEngine(config);
  const db = await openDb(config, log);
  try {
    await ensureSchema(db, { apply: false });
    const svc = await startService({ config, db, engine, log, role: 'worker', timers: false });
    try {
      const progress = createProgress('reclassify');
      const report = await reclassifyCommand(
        {
          db,
          queues: svc.queues,
          log,
          waitDrained: async () => {
            while (!(await svc.idle())) await new Promise((r) => setTimeout(r, 200));
          },
        },
        { since: opts.since, progress: (done, total) => progress.update(done, total) },
      );
      progress.done();
      for (const line of formatReclassifyReport(report)) out(line);
      return 0;
    } finally {
      await svc.close({ graceMs: config.shutdownGraceMs });
    }
  } finally {
    await db.close();
  }
}
