import type { Db, Queryable } from '../db.js';
import { eventKeyLock, LOCK_NS, sortedKeys } from '../../events/lock-keys.js';
import type { ClassifierVersion } from '../../extract/types.js';
import { lockKeys } from './articles-dedup.js';
import { recomputeEvents } from './events.js';

// Deferred event aggregates. A classify batch links articles to events and marks those events
// stale (markEventsStale, inside its transaction, holding their (company, model) locks); the
// refresher recomputes every marked event in one transaction (refreshStaleEvents). Correctness
// rests on the (company, model) locks: a mark is removed only by a refresher that took the
// event's lock after reading the mark, so it saw every link committed under that mark; a batch
// that marks the event later either waits for that refresher or leaves a new mark behind it.

/** Marks events as needing recomputation (idempotent; call holding their (company, model) locks). */
export async function markEventsStale(q: Queryable, eventIds: readonly number[]): Promise<void> {
  if (eventIds.length === 0) return;
  await q.query(`insert into events_stale (event_id) select unnest($1::bigint[]) on conflict (event_id) do nothing`, [eventIds]);
}

export interface RefreshResult {
  /** Events recomputed (including those deleted for having no articles left). */
  refreshed: number;
  deleted: number[];
  /** More marks were left than one transaction takes. */
  more: boolean;
}

/**
 * Recomputes up to `limit` stale events in one transaction and clears their marks. One refresher
 * runs at a time across every process (a transaction-scoped advisory lock); others wait for it
 * and then find less to do. Returns what it recomputed; 0 when nothing was stale.
 */
export async function refreshStaleEvents(db: Db, v: ClassifierVersion, limit = 2000): Promise<RefreshResult> {
  const probe = await db.query<{ n: number }>(`select 1 as n from events_stale limit 1`);
  if (probe.rows.length === 0) return { refreshed: 0, deleted: [], more: false };
  return db.tx(async (q) => {
    await q.query(`select pg_advisory_xact_lock($1, 0)`, [LOCK_NS.eventRefresh]);
    const marked = await q.query<{ event_id: string; company: string | null; model: string | null }>(
      `select s.event_id, e.company, e.model
       from events_stale s left join launch_events e on e.id = s.event_id
       order by s.event_id limit $1`,
      [limit],
    );
    if (marked.rows.length === 0) return { refreshed: 0, deleted: [], more: false };
    const ids = marked.rows.map((r) => Number(r.event_id));
    const keys = marked.rows.flatMap((r) => (r.company === null ? [] : [eventKeyLock(r.company, r.model ?? '')]));
    await lockKeys(q, sortedKeys(keys));
    const { deleted } = await recomputeEvents(q, ids, v);
    await q.query(`delete from events_stale where event_id = any($1::bigint[])`, [ids]);
    return { refreshed: ids.length, deleted, more: ids.length === limit };
  });
}

/** Number of events waiting for a refresh (metrics, the bench, run --once). */
export async function countStaleEvents(q: Queryable): Promise<number> {
  const res = await q.query<{ n: number }>(`select count(*)::int as n from events_stale`);
  return res.rows[0]!.n;
}
