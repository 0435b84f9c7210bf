import type { Db } from '../db/db.js';
import type { Logger } from '../logger.js';
import { classifyManyJobs, type Queues } from '../queue/queues.js';
import {
  analyzeForReclassify,
  diffAgainstSnapshot,
  findUnfinishedRun,
  finishRun,
  nextArticleBatch,
  recordProgress,
  startRun,
  type EventDiffRow,
  type EventScores,
} from '../db/sql/reclassify-runs.js';

// `launchwatch reclassify [--since DATE]`: re-run the classifier over stored articles after a
// lexicon or classifier change, through the classify queue (the workers do the work), and
// report which events changed. Resumable: an interrupted run is continued from the last article
// it enqueued, with the same job ids, so nothing is enqueued twice.

export interface ReclassifyDeps {
  db: Db;
  queues: Queues;
  log: Logger;
  /** Resolves when the classify queue has no waiting, delayed or active jobs. */
  waitDrained: () => Promise<void>;
}

export interface ReclassifyOptions {
  since?: Date;
  batchSize?: number;
  progress?: (done: number, total: number) => void;
}

export interface EventRef {
  eventId: number;
  company: string;
  model: string | null;
  version: string | null;
  windowStart: string;
}

export interface EventChange extends EventRef {
  before: EventScores;
  after: EventScores;
  /** after.frictionScore − before.frictionScore (points of 0–100). */
  scoreDelta: number;
}

export interface ReclassifyReport {
  runId: number;
  resumed: boolean;
  /** Articles the run covers, and how many it enqueued (all, once finished). */
  articles: number;
  enqueued: number;
  changed: EventChange[];
  created: (EventRef & { after: EventScores })[];
  deleted: (EventRef & { before: EventScores })[];
}

/**
 * Job id of a reclassify job, named by its first article: stable within a run (the chunks of an
 * id range are always the same), so a resumed run re-adds nothing twice.
 */
export function reclassifyJobId(runId: number, firstArticleId: number): string {
  return `r-${runId}-${firstArticleId}`;
}

/** Enqueues every stored article (since DATE) for classification, waits, and reports what changed. */
export async function reclassifyCommand(deps: ReclassifyDeps, opts: ReclassifyOptions = {}): Promise<ReclassifyReport> {
  const since = opts.since ?? null;
  const batchSize = Math.max(1, Math.trunc(opts.batchSize ?? 500));
  const log = deps.log.child({ module: 'reclassify' });
  const previous = await findUnfinishedRun(deps.db, since);
  const run = previous ?? (await deps.db.tx((q) => startRun(q, since)));
  log.info({ runId: run.id, resumed: previous !== null, total: run.total, from: run.lastArticleId }, previous ? 'Resuming reclassify run' : 'Starting reclassify run');

  try {
    await analyzeForReclassify(deps.db);
  } catch (raw) {
    // Not fatal: only the owner of the tables (or a superuser) may ANALYZE them; autovacuum will.
    log.warn({ err: raw }, 'Unable to refresh table statistics before reclassifying (replacing results may be slow until autovacuum does)');
  }

  let last = run.lastArticleId;
  let enqueued = run.enqueued;
  opts.progress?.(enqueued, run.total);
  for (;;) {
    const ids = await nextArticleBatch(deps.db, since, last, batchSize);
    if (ids.length === 0) break;
    try {
      await deps.queues.classify.addBulk(classifyManyJobs(ids, (id) => id, (first) => reclassifyJobId(run.id, first)));
    } catch (raw) {
      throw new Error(`reclassify: unable to enqueue articles ${ids[0]}–${ids[ids.length - 1]} (run ${run.id} can be resumed)`, { cause: raw });
    }
    last = ids[ids.length - 1]!;
    enqueued += ids.length;
    // Recorded after the jobs exist: a crash in between re-adds the same job ids, which is a no-op.
    await recordProgress(deps.db, run.id, last, ids.length);
    opts.progress?.(enqueued, Math.max(run.total, enqueued));
  }

  await deps.waitDrained();
  const diff = await diffAgainstSnapshot(deps.db, run.id);
  await finishRun(deps.db, run.id);
  const report = buildReport(run.id, previous !== null, Math.max(run.total, enqueued), enqueued, diff);
  log.info(
    { runId: run.id, enqueued, changed: report.changed.length, created: report.created.length, deleted: report.deleted.length },
    'Reclassify run finished',
  );
  return report;
}

function ref(d: EventDiffRow): EventRef {
  return { eventId: d.eventId, company: d.company, model: d.model || null, version: d.version || null, windowStart: d.windowStart.toISOString() };
}

function buildReport(runId: number, resumed: boolean, articles: number, enqueued: number, diff: EventDiffRow[]): ReclassifyReport {
  const report: ReclassifyReport = { runId, resumed, articles, enqueued, changed: [], created: [], deleted: [] };
  for (const d of diff) {
    if (d.before && d.after) {
      report.changed.push({ ...ref(d), before: d.before, after: d.after, scoreDelta: Math.round((d.after.frictionScore - d.before.frictionScore) * 100) / 100 });
    } else if (d.after) report.created.push({ ...ref(d), after: d.after });
    else if (d.before) report.deleted.push({ ...ref(d), before: d.before });
  }
  report.changed.sort((a, b) => Math.abs(b.scoreDelta) - Math.abs(a.scoreDelta) || a.eventId - b.eventId);
  return report;
}

const label = (e: EventRef) => `#${e.eventId} ${e.company}${e.model ? `/${e.model}` : ''}${e.version ? ` ${e.version}` : ''} (${e.windowStart.slice(0, 10)})`;
const fmt = (s: EventScores) => `${s.frictionScore.toFixed(1)} [${s.independentSources}/${s.articleCount} src]`;

/** The report as lines a person reads (the CLI prints them). */
export function formatReclassifyReport(r: ReclassifyReport): string[] {
  const lines = [`reclassify run ${r.runId}${r.resumed ? ' (resumed)' : ''}: ${r.enqueued} of ${r.articles} articles re-classified`];
  if (r.changed.length + r.created.length + r.deleted.length === 0) {
    lines.push('no event changed');
    return lines;
  }
  for (const c of r.changed) {
    const sign = c.scoreDelta > 0 ? '+' : '';
    lines.push(`changed ${label(c)}: ${fmt(c.before)} -> ${fmt(c.after)} (${sign}${c.scoreDelta.toFixed(1)})`);
  }
  for (const c of r.created) lines.push(`created ${label(c)}: ${fmt(c.after)}`);
  for (const d of r.deleted) lines.push(`deleted ${label(d)}: was ${fmt(d.before)}`);
  return lines;
}
