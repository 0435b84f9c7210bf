// Advisory-lock keys. Every writer takes its locks in one global order — dedup keys, then article
// rows, then (company, model) keys, each set sorted — so concurrent classifications never wait
// on each other in a cycle. Pure.

/** Lock namespaces (first int of pg_advisory_xact_lock(int, int)). */
export const LOCK_NS = {
  simhashBand: 0x4c570001,
  contentHash: 0x4c570002,
  eventKey: 0x4c570003,
  /** One event refresher at a time (second int 0). */
  eventRefresh: 0x4c570004,
} as const;

/** A stable signed 32-bit hash of a string (FNV-1a), for the second int of an advisory lock. */
export function lockHash(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h | 0;
}

export type LockKey = readonly [number, number];

/** Keys deduplicated and sorted, the order in which they must be taken. */
export function sortedKeys(keys: Iterable<LockKey>): LockKey[] {
  const seen = new Map<string, LockKey>();
  for (const k of keys) seen.set(`${k[0]}:${k[1]}`, k);
  return [...seen.values()].sort((a, b) => a[0] - b[0] || a[1] - b[1]);
}

/** The lock key of all events of one (company, model): the unit the window rule decides within. */
export function eventKeyLock(company: string, model: string): LockKey {
  return [LOCK_NS.eventKey, lockHash(`${company}/${model}`)];
}
