import type { Db, Queryable } from '../db.js';
import { eventKeyLock, LOCK_NS, sortedKeys } from '../../events/lock-keys.js';
import type { ClassifierVersion } from '../../extract/types.js';
import { lockKeys } from './articles-dedup.js';
import { readEvents, writeEvents } from './events.js';

// Deferred event aggregates. A classify batch marks the events it touches stale (markEventsStale,
// in the transaction that changes their links or their articles' duplicate_of); the refresher
// recomputes every marked event in one transaction (refreshStaleEvents). Each mark carries a new
// seq; the refresher deletes a mark only where the seq is the one it read. A writer that marks an
// event while the refresher works either renews the mark (its row lock makes the refresher's
// delete wait, then skip the renewed row) or inserts it afresh after the refresher's commit:
// either way a mark outlives every refresh that could not see the change it stands for.

/** Marks events as needing recomputation, in the transaction that changed them. Pass ids sorted (lock order). */
export async function markEventsStale(q: Queryable, eventIds: readonly number[]): Promise<void> {
  if (eventIds.length === 0) return;
  await q.query(markStaleSql('select unnest($1::bigint[])'), [eventIds]);
}

/**
 * The statement of markEventsStale for the event ids `select` gives (one bigint column, in lock
 * order), for callers that mark events in the statement that touched them.
 */
export function markStaleSql(select: string): string {
  return `insert into events_stale (event_id) ${select}
     on conflict (event_id) do update set seq = excluded.seq, marked_at = excluded.marked_at`;
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
 * and then find less to do. It reads the events' links first, then takes their (company, model)
 * locks for its writes, so its writes never interleave with a batch linking articles to them.
 * Returns what it recomputed; 0 when nothing was stale.
 */
export async function refreshStaleEvents(db: Db, v: ClassifierVersion, limit = 2000): Promise<RefreshResult> {
  const probe = await db.query<{ n: number }>(`select 1 as n from events_stale limit 1`);
  if (probe.rows.length === 0) return { refreshed: 0, deleted: [], more: false };
  return db.tx(async (q) => {
    await q.query(`select pg_advisory_xact_lock($1, 0)`, [LOCK_NS.eventRefresh]);
    const marked = await q.query<{ event_id: string; seq: string; company: string | null; model: string | null }>(
      `select s.event_id, s.seq, e.company, e.model
       from events_stale s left join launch_events e on e.id = s.event_id
       order by s.event_id limit $1`,
      [limit],
    );
    if (marked.rows.length === 0) return { refreshed: 0, deleted: [], more: false };
    const ids = marked.rows.map((r) => Number(r.event_id));
    const keys = marked.rows.flatMap((r) => (r.company === null ? [] : [eventKeyLock(r.company, r.model ?? '')]));
    // The links are read before the (company, model) locks, so link steps do not queue behind
    // this read (every link of every marked event: the longest statement of a refresh). A link
    // step that commits in between renews its events' marks, so the delete below keeps them and
    // the next refresh sees its links; writeEvents deletes an event only if it still has none.
    const read = await readEvents(q, ids);
    await lockKeys(q, sortedKeys(keys));
    const { deleted } = await writeEvents(q, read, v);
    // Mark rows are locked in event_id order, the order in which writers renew them, so a renewal
    // and this delete never wait on each other in a cycle.
    await q.query(`select 1 from events_stale where event_id = any($1::bigint[]) order by event_id for update`, [ids]);
    await q.query(
      `delete from events_stale s using unnest($1::bigint[], $2::bigint[]) as m(id, seq) where s.event_id = m.id and s.seq = m.seq`,
      [ids, marked.rows.map((r) => r.seq)],
    );
    return { refreshed: ids.length, deleted, more: ids.length === limit };
  });
}

/** Number of events waiting for a refresh (the bench and the fault suite wait for 0). */
export async function countStaleEvents(q: Queryable): Promise<number> {
  const res = await q.query<{ n: number }>(`select count(*)::int as n from events_stale`);
  return res.rows[0]!.n;
}
