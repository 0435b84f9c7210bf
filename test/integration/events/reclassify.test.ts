import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Worker } from 'bullmq';
import { freshDb, type TestDb } from '../../helpers/db.js';
import { TEST_REDIS_URL } from '../../helpers/services.js';
import { dropPrefix } from '../http/serve-context.js';
import { createRedis } from '../../../src/queue/connection.js';
import { CLASSIFY_MANY_JOB, createQueues, QUEUE_NAMES, type ClassifyJobData, type Queues } from '../../../src/queue/queues.js';
import { loadCatalog } from '../../../src/catalog/load.js';
import { compileLexicon } from '../../../src/extract/compile.js';
import { CLASSIFIER_VERSION } from '../../../src/extract/version.js';
import { classifyArticle } from '../../../workers/classify.js';
import { silentLogger } from '../../../src/logger.js';
import { formatReclassifyReport, reclassifyCommand, reclassifyJobId } from '../../../src/commands/reclassify.js';
import { startRun, recordProgress } from '../../../src/db/sql/reclassify-runs.js';
import { addArticle, addFeed, classify, day, events, realEngine } from './world.js';
import { QWEN35_BODY, QWEN3_BODY } from '../../unit/events/stories.js';

// After a lexicon change, `reclassify` re-runs every article through the classify queue (a real
// BullMQ worker here), updates the affected events and only those, reports them, and a second
// run changes nothing more.

describe('reclassify', () => {
  let t: TestDb;
  let queues: Queues;
  const prefix = `test-${randomUUID()}`;
  const producer = createRedis(TEST_REDIS_URL, 'producer');
  const workerConn = createRedis(TEST_REDIS_URL, 'worker');
  let worker: Worker<ClassifyJobData>;
  const processed: string[] = [];
  let ids: { qwen3: number; qwen35: number; other: number };

  // The new lexicon: "throttle" weighs more than before.
  const catalog = structuredClone(loadCatalog(path.resolve('config')));
  for (const term of catalog.friction.terms) if (term.term === 'throttle') term.weight = 0.95;
  const v2 = { lex: compileLexicon({ ...catalog, version: 'lex-v2-test' }), version: { classifier: CLASSIFIER_VERSION, lexicon: 'lex-v2-test' } };

  const waitDrained = async () => {
    for (;;) {
      const c = await queues.classify.getJobCounts('waiting', 'active', 'delayed', 'prioritized', 'waiting-children');
      if (Object.values(c).every((n) => n === 0)) return;
      await new Promise((r) => setTimeout(r, 50));
    }
  };

  beforeAll(async () => {
    t = await freshDb();
    queues = createQueues(producer, prefix);
    const feed = await addFeed(t.db, 'https://wire.test/rss', 'Wire');
    ids = {
      qwen3: await addArticle(t.db, { feedId: feed, key: 'q3', title: "Alibaba's Qwen3 launch gets off to a rocky start", body: QWEN3_BODY, publishedAt: day(0) }),
      qwen35: await addArticle(t.db, { feedId: feed, key: 'q35', title: 'Alibaba unveils Qwen3.5', body: QWEN35_BODY, publishedAt: day(30) }),
      other: await addArticle(t.db, { feedId: feed, key: 'other', title: 'A quiet week', body: 'Nothing much happened in the markets this week, traders said.', publishedAt: day(31) }),
    };
    await classify(t.db, [ids.qwen3, ids.qwen35, ids.other]);
    worker = new Worker<ClassifyJobData>(
      QUEUE_NAMES.classify,
      async (job) => {
        processed.push(job.id!);
        for (const id of 'articleIds' in job.data ? job.data.articleIds : [job.data.articleId]) {
          await classifyArticle({ db: t.db, lex: v2.lex, version: v2.version, log: silentLogger }, id);
        }
      },
      { connection: workerConn, prefix, concurrency: 2 },
    );
    worker.on('error', () => {});
  });

  afterAll(async () => {
    await worker?.close();
    await queues?.close();
    producer.disconnect();
    workerConn.disconnect();
    await dropPrefix(prefix);
    await t?.drop();
  });

  it('updates the events the lexicon change affects, only those, and reports them', async () => {
    const before = await events(t.db);
    expect(before.map((e) => e.version)).toEqual(['3', '3.5']);
    const progress: [number, number][] = [];
    const report = await reclassifyCommand({ db: t.db, queues, log: silentLogger, waitDrained }, { batchSize: 2, progress: (d, n) => progress.push([d, n]) });
    expect(report).toMatchObject({ resumed: false, articles: 3, enqueued: 3, created: [], deleted: [] });
    expect(progress.at(-1)).toEqual([3, 3]);
    expect(report.changed.map((c) => [c.eventId, c.model, c.version])).toEqual([[before[0]!.id, 'qwen', '3']]);
    const change = report.changed[0]!;
    expect(change.before.frictionScore).toBe(before[0]!.friction_score);
    expect(change.after.frictionScore).toBeGreaterThan(change.before.frictionScore);
    expect(change.scoreDelta).toBeCloseTo(change.after.frictionScore - change.before.frictionScore, 1);
    const after = await events(t.db);
    expect(after[1]).toEqual(before[1]);
    expect(formatReclassifyReport(report)[1]).toMatch(/^changed #\d+ alibaba\/qwen 3 \(2026-03-02\): \d+\.\d \[1\/1 src\] -> \d+\.\d \[1\/1 src\] \(\+\d+\.\d\)$/);
    const versions = await t.db.query<{ lexicon_version: string }>(`select distinct lexicon_version from articles`);
    expect(versions.rows).toEqual([{ lexicon_version: 'lex-v2-test' }]);
    // Statistics were refreshed first, so replacing results deletes by index, not by table scans.
    const analyzed = await t.db.query<{ relname: string }>(
      `select relname from pg_stat_user_tables where schemaname = current_schema() and (last_analyze is not null or last_autoanalyze is not null) order by relname`,
    );
    expect(analyzed.rows.map((r) => r.relname)).toEqual(expect.arrayContaining(['article_scores', 'event_articles', 'friction_hits', 'mention_groups']));
    const stats = await t.db.query<{ tablename: string }>(`select tablename from pg_stats where schemaname = current_schema() and attname = 'article_id' order by 1`);
    expect(stats.rows.map((r) => r.tablename)).toEqual(expect.arrayContaining(['article_scores', 'event_articles', 'friction_hits', 'mention_groups']));
  });

  it('changes nothing more on a second run', async () => {
    const snapshot = await events(t.db);
    const report = await reclassifyCommand({ db: t.db, queues, log: silentLogger, waitDrained }, {});
    expect(report).toMatchObject({ changed: [], created: [], deleted: [], enqueued: 3 });
    expect(formatReclassifyReport(report)).toEqual([`reclassify run ${report.runId}: 3 of 3 articles re-classified`, 'no event changed']);
    expect(await events(t.db)).toEqual(snapshot);
  });

  it('resumes an interrupted run without enqueuing an article twice', async () => {
    // A run that enqueued its first article and then stopped.
    const run = await t.db.tx((q) => startRun(q, day(20)));
    await queues.classify.add(CLASSIFY_MANY_JOB, { articleIds: [ids.qwen35] }, { jobId: reclassifyJobId(run.id, ids.qwen35) });
    await recordProgress(t.db, run.id, ids.qwen35, 1);
    const report = await reclassifyCommand({ db: t.db, queues, log: silentLogger, waitDrained }, { since: day(20) });
    expect(report).toMatchObject({ runId: run.id, resumed: true, articles: 2, enqueued: 2, changed: [] });
    const ofRun = processed.filter((id) => id.startsWith(`r-${run.id}-`)).sort();
    expect(ofRun).toEqual([reclassifyJobId(run.id, ids.qwen35), reclassifyJobId(run.id, ids.other)].sort());
  });
});
