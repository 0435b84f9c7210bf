import type { Enqueuer, ArticleRef } from '../pipeline/enqueuer.js';
import { classifyJobId, classifyManyJobs, type Queues } from './queues.js';

/** Enqueues article work on BullMQ with job ids derived from the article key (dedup while queued). */
export function bullmqEnqueuer(queues: Queues): Enqueuer {
  return {
    async classify(articles: readonly ArticleRef[]) {
      if (articles.length === 0) return;
      await queues.classify.addBulk(
        articles.map((a) => ({ name: 'classify', data: { articleId: a.id }, opts: { jobId: classifyJobId(a.article_key) } })),
      );
    },
    async classifyNew(articles: readonly ArticleRef[]) {
      if (articles.length === 0) return;
      // An article is stored new exactly once, so its first article names a chunk for good.
      await queues.classify.addBulk(classifyManyJobs(articles, (a) => a.id, (first) => `n-${first.article_key}`));
    },
    async fetchPage(articles: readonly ArticleRef[]) {
      if (articles.length === 0) return;
      await queues.fetchPage.addBulk(
        articles.map((a) => ({ name: 'fetch-page', data: { articleId: a.id }, opts: { jobId: `p-${a.article_key}`, attempts: 2 } })),
      );
    },
  };
}
