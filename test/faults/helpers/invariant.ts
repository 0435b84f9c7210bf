import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import type { Queryable } from '../../../src/db/db.js';
import { QUEUE_NAMES } from '../../../src/queue/queues.js';
import { countStaleEvents } from '../../../src/db/sql/events-stale.js';

/**
 * What a run left in Postgres, in a form that does not depend on ids or timing: per article its
 * status and how many result rows it has, and per launched entity how many articles its events count and link. Two runs
 * over the same feeds, one faulted and one clean, must give equal fingerprints.
 */
export interface Fingerprint {
  articles: Record<string, { status: string; mentions: number; hits: number; scores: number; events: number }>;
  events: string[];
  statuses: Record<string, number>;
}

/** Reads the fingerprint of the schema `db` points at. */
export async function fingerprint(db: Queryable): Promise<Fingerprint> {
  const rows = await db.query<{ article_key: string; status: string; mentions: number; hits: number; scores: number; events: number }>(
    `select a.article_key, a.status,
            (select count(*) from mentions m where m.article_id = a.id) as mentions,
            (select count(*) from friction_hits h where h.article_id = a.id) as hits,
            (select count(*) from article_scores s where s.article_id = a.id) as scores,
            (select count(*) from event_articles ea where ea.article_id = a.id) as events
       from articles a order by a.article_key`,
  );
  const articles: Fingerprint['articles'] = {};
  const statuses: Record<string, number> = {};
  for (const r of rows.rows) {
    articles[r.article_key] = { status: r.status, mentions: Number(r.mentions), hits: Number(r.hits), scores: Number(r.scores), events: Number(r.events) };
    statuses[r.status] = (statuses[r.status] ?? 0) + 1;
  }
  const ev = await db.query<{ company: string; model: string | null; version: string | null; window_start: Date; article_count: number; n: number }>(
    `select e.company, e.model, e.version, e.window_start, e.article_count,
            (select count(*) from event_articles ea where ea.event_id = e.id) as n
       from launch_events e`,
  );
  // Launch windows are anchored on the first article an event sees, so how articles split into
  // windows depends on processing order (see docs/reliability.md); per entity, the number of
  // linked articles does not, and each event's article_count must match its links.
  const perEntity = new Map<string, { counted: number; linked: number }>();
  for (const e of ev.rows) {
    const key = `${e.company}/${e.model ?? '-'}/${e.version ?? '-'}`;
    const agg = perEntity.get(key) ?? { counted: 0, linked: 0 };
    agg.counted += Number(e.article_count);
    agg.linked += Number(e.n);
    perEntity.set(key, agg);
  }
  const events = [...perEntity].map(([k, a]) => `${k} articles=${a.counted} linked=${a.linked}`).sort();
  return { articles, events, statuses };
}

/**
 * The fingerprint once the running service's event refresher has caught up (launch events lag
 * the articles by about a second: docs/events.md, "Stale events and the refresher").
 */
export async function settledFingerprint(db: Queryable, timeoutMs = 15_000): Promise<Fingerprint> {
  const t0 = Date.now();
  for (;;) {
    const stale = await countStaleEvents(db);
    if (stale === 0) return fingerprint(db);
    if (Date.now() - t0 > timeoutMs) throw new Error(`launch events still stale after ${timeoutMs} ms (${stale} marked)`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Counts of article work still in the queues of one BullMQ prefix (all zero once drained). */
export async function queueBacklog(redisUrl: string, prefix: string): Promise<Record<string, number>> {
  const connection = new Redis(redisUrl, { maxRetriesPerRequest: 2 });
  const out: Record<string, number> = {};
  try {
    for (const name of [QUEUE_NAMES.classify, QUEUE_NAMES.fetchPage]) {
      const q = new Queue(name, { connection, prefix });
      const c = await q.getJobCounts('waiting', 'active', 'delayed', 'prioritized', 'waiting-children');
      for (const [k, v] of Object.entries(c)) if (v) out[`${name}:${k}`] = v;
      await q.close();
    }
  } finally {
    connection.disconnect();
  }
  return out;
}
