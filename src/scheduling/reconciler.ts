import type { Db } from '../db/db.js';
import { listStalePending, markEnqueued } from '../db/sql/articles.js';
import type { ArticleRef, Enqueuer } from '../pipeline/enqueuer.js';

/**
 * Re-enqueues articles still pending after `afterS` seconds: Postgres is the record of the
 * work, so a Redis flush or a crash between insert and enqueue delays work but loses none.
 * Job ids derive from the article key, so an article whose job still exists is not doubled;
 * `beforeEnqueue` clears what would turn the re-enqueue into a no-op (a finished job of that id).
 */
export async function reconcilePending(
  db: Db,
  enqueue: Enqueuer,
  afterS: number,
  batch = 1000,
  beforeEnqueue?: (stale: readonly ArticleRef[]) => Promise<unknown>,
): Promise<number> {
  let total = 0;
  for (;;) {
    const stale = await listStalePending(db, afterS, batch);
    if (stale.length === 0) break;
    await beforeEnqueue?.(stale);
    await enqueue.classify(stale);
    await markEnqueued(
      db,
      stale.map((a) => a.id),
    );
    total += stale.length;
    if (stale.length < batch) break;
  }
  return total;
}
