import { Queue, type ConnectionOptions, type JobsOptions } from 'bullmq';

/** Queue names, one place (STYLE 15). */
export const QUEUE_NAMES = {
  poll: 'poll-feed',
  classify: 'classify',
  fetchPage: 'fetch-page',
} as const;
export type QueueName = (typeof QUEUE_NAMES)[keyof typeof QUEUE_NAMES];

export interface PollJobData {
  feedId: number;
}
/**
 * A classify job: one article (its id derived from the article key, so a re-enqueue while
 * queued is a no-op), or many just stored or reclassified together (one job, one batch).
 */
export type ClassifyJobData = { articleId: number } | { articleIds: number[] };

/** Jobs of `queue` not finished yet: waiting, running, delayed, prioritized or waiting on children. */
export async function unfinishedJobs(queue: Queue): Promise<number> {
  const counts = await queue.getJobCounts('waiting', 'active', 'delayed', 'prioritized', 'waiting-children');
  return Object.values(counts).reduce((a, n) => a + n, 0);
}

/** Articles in one many-article classify job at most. */
export const CLASSIFY_CHUNK = 100;
/** Job name of a many-article classify job. */
export const CLASSIFY_MANY_JOB = 'classify-many';

/**
 * The many-article classify jobs for these articles (ids or refs), in order, CLASSIFY_CHUNK at
 * most each, each named by `jobId` of its first article.
 */
export function classifyManyJobs<T>(items: readonly T[], articleId: (item: T) => number, jobId: (first: T) => string) {
  const jobs: { name: string; data: { articleIds: number[] }; opts: { jobId: string } }[] = [];
  for (let i = 0; i < items.length; i += CLASSIFY_CHUNK) {
    const chunk = items.slice(i, i + CLASSIFY_CHUNK);
    jobs.push({ name: CLASSIFY_MANY_JOB, data: { articleIds: chunk.map(articleId) }, opts: { jobId: jobId(chunk[0]!) } });
  }
  return jobs;
}
export interface FetchPageJobData {
  articleId: number;
}

/** Job id of an article's classify job, derived from its key, so a re-enqueue while queued is a no-op. */
export function classifyJobId(articleKey: string): string {
  return `a-${articleKey}`;
}

export interface Queues {
  poll: Queue<PollJobData>;
  classify: Queue<ClassifyJobData>;
  fetchPage: Queue<FetchPageJobData>;
  prefix: string;
  close(): Promise<void>;
}

export const DEFAULT_JOB_OPTIONS: JobsOptions = {
  attempts: 5,
  backoff: { type: 'exponential', delay: 2000, jitter: 0.5 },
  removeOnComplete: { count: 1000, age: 3600 },
  removeOnFail: { count: 10_000, age: 30 * 24 * 3600 },
};

/** Producer-side queues. They fail fast when Redis is down (no offline queue). */
export function createQueues(connection: ConnectionOptions, prefix: string): Queues {
  const opts = { connection, prefix, defaultJobOptions: DEFAULT_JOB_OPTIONS };
  const poll = new Queue<PollJobData>(QUEUE_NAMES.poll, opts);
  const classify = new Queue<ClassifyJobData>(QUEUE_NAMES.classify, opts);
  const fetchPage = new Queue<FetchPageJobData>(QUEUE_NAMES.fetchPage, opts);
  return {
    poll,
    classify,
    fetchPage,
    prefix,
    async close() {
      await Promise.all([poll.close(), classify.close(), fetchPage.close()]);
    },
  };
}
