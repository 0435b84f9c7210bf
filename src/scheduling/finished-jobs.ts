import type { Queue } from 'bullmq';
import type { Logger } from 'pino';
import { classifyJobId, type ClassifyJobData } from '../queue/queues.js';
import type { ArticleRef } from '../pipeline/enqueuer.js';

/**
 * Removes the finished (failed or completed) classify jobs of articles that Postgres still has as
 * pending. Such a job keeps the article's job id, so re-enqueueing it would be a no-op and the
 * article would wait forever: it happens when a job fails for good while Postgres cannot record
 * it (down longer than the retry budget) or the process dies between the two. Postgres is the
 * record of the work, so the job goes and the reconciler enqueues a fresh one. Returns how many.
 */
export async function clearFinishedJobs(queue: Queue<ClassifyJobData>, articles: readonly ArticleRef[], log?: Logger): Promise<number> {
  let cleared = 0;
  for (const a of articles) {
    const job = await queue.getJob(classifyJobId(a.article_key));
    if (!job) continue;
    const state = await job.getState();
    if (state !== 'failed' && state !== 'completed') continue;
    log?.warn({ articleId: a.id, jobId: job.id, state, reason: job.failedReason }, 'Article still pending but its job has finished; enqueueing it again');
    await job.remove();
    cleared++;
  }
  return cleared;
}
