import type { Job, Queue } from 'bullmq';
import { QUEUE_NAMES, type Queues } from '../queue/queues.js';
import { UserError } from '../errors.js';

// `launchwatch jobs failed|retry`: failed BullMQ jobs from the command line, for when the
// queue UI is not at hand.

const PAGE = 500;
// A retried job gets its full number of attempts again, not the one left after it gave up.
const FRESH_ATTEMPTS = { resetAttemptsMade: true, resetAttemptsStarted: true };

function queueList(queues: Queues): Queue[] {
  return [queues.poll, queues.classify, queues.fetchPage];
}

/** The queues a --queue option names (all when absent); accepts queue names and their short keys. */
function pickQueues(queues: Queues, name: string | undefined): Queue[] {
  const all = queueList(queues);
  if (name === undefined) return all;
  const byKey: Record<string, string> = { poll: QUEUE_NAMES.poll, classify: QUEUE_NAMES.classify, 'fetch-page': QUEUE_NAMES.fetchPage, fetchPage: QUEUE_NAMES.fetchPage };
  const wanted = byKey[name] ?? name;
  const q = all.find((x) => x.name === wanted);
  if (!q) throw new UserError(`no queue ${JSON.stringify(name)}; the queues are ${all.map((x) => x.name).join(', ')}`);
  return [q];
}

/** Every failed job of a queue, oldest page first; BullMQ pages by index ranges. */
async function* failedJobs(q: Queue): AsyncGenerator<Job> {
  for (let start = 0; ; start += PAGE) {
    const jobs = await q.getFailed(start, start + PAGE - 1);
    for (const j of jobs) if (j) yield j;
    if (jobs.length < PAGE) return;
  }
}

const when = (ms: number | undefined) => (ms ? new Date(ms).toISOString().replace(/\.\d+Z$/, 'Z') : '-');
const oneLine = (s: string | undefined) => (s ?? '').replace(/\s+/g, ' ').trim().slice(0, 300) || '-';

/** `jobs failed`: lists failed jobs (queue, id, attempts, when, reason); returns how many. */
export async function jobsFailedCommand(queues: Queues, out: (line: string) => void, opts: { queue?: string } = {}): Promise<number> {
  let n = 0;
  for (const q of pickQueues(queues, opts.queue)) {
    for await (const job of failedJobs(q)) {
      if (n === 0) out(['queue', 'id', 'attempts', 'failed at', 'reason'].join('\t'));
      n++;
      out([q.name, job.id ?? '-', `${job.attemptsMade}/${job.opts.attempts ?? 1}`, when(job.finishedOn), oneLine(job.failedReason)].join('\t'));
    }
  }
  if (n === 0) out('no failed jobs');
  return n;
}

/**
 * `jobs retry [--queue Q] [--id ID]`: moves failed jobs back to waiting, with their attempts
 * reset. An id alone is looked up in every queue. Returns how many were retried.
 */
export async function jobsRetryCommand(queues: Queues, sel: { queue?: string; id?: string }, out: (line: string) => void): Promise<number> {
  const targets = pickQueues(queues, sel.queue);
  if (sel.id !== undefined) {
    for (const q of targets) {
      const job = await q.getJob(sel.id);
      if (!job) continue;
      const state = await job.getState();
      if (state !== 'failed') throw new UserError(`job ${sel.id} in ${q.name} is ${state}, not failed; only failed jobs can be retried`);
      await job.retry('failed', FRESH_ATTEMPTS);
      out(`retried ${q.name} job ${sel.id}`);
      return 1;
    }
    throw new UserError(`no job ${JSON.stringify(sel.id)} in ${targets.map((q) => q.name).join(', ')}`);
  }
  let total = 0;
  for (const q of targets) {
    // Collect first: retrying moves jobs out of the failed set and would shift the pages.
    const jobs: Job[] = [];
    for await (const job of failedJobs(q)) jobs.push(job);
    for (const job of jobs) {
      await job.retry('failed', FRESH_ATTEMPTS);
      total++;
    }
    if (jobs.length) out(`retried ${jobs.length} failed job${jobs.length === 1 ? '' : 's'} in ${q.name}`);
  }
  if (total === 0) out('no failed jobs to retry');
  return total;
}
