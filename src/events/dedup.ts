// Syndicated-copy decisions: which article of a cluster of copies is the original. Pure.
// A cluster is the article being classified, the stored articles that look the same (same
// content hash, or SimHash within SIMHASH_MAX_DISTANCE), their originals, and the article's own
// former copies. The earliest article (by published time, then id) is the original; every other
// member points at it through duplicate_of (never through a chain).
import { hamming64, SIMHASH_MAX_DISTANCE } from './simhash.js';

export interface DedupArticle {
  id: number;
  /** Publication time, or fetch time when the feed gave none. */
  at: Date;
  simhash: bigint | null;
  contentHash: string | null;
  duplicateOf: number | null;
}

/** Whether two articles are copies of one story. */
export function isCopy(a: DedupArticle, b: DedupArticle): boolean {
  if (a.contentHash && a.contentHash === b.contentHash) return true;
  return a.simhash !== null && b.simhash !== null && hamming64(a.simhash, b.simhash) <= SIMHASH_MAX_DISTANCE;
}

function earlier(a: DedupArticle, b: DedupArticle): boolean {
  return a.at.getTime() < b.at.getTime() || (a.at.getTime() === b.at.getTime() && a.id < b.id);
}

export interface DedupPlan {
  /** The original of the cluster (may be the article itself). */
  originalId: number;
  /** New duplicate_of of every member whose value changes (the article itself included). */
  changes: { id: number; duplicateOf: number | null }[];
}

/**
 * Decides the original of the article's cluster. `near` are stored articles returned by the
 * band/hash lookup (not yet confirmed as copies); `related` may hold their originals, those
 * originals' copies and the article's current copies (anything else in it is ignored).
 */
export function planDedup(self: DedupArticle, near: readonly DedupArticle[], related: readonly DedupArticle[]): DedupPlan {
  const members = new Map<number, DedupArticle>([[self.id, self]]);
  const copies = near.filter((c) => c.id !== self.id && isCopy(self, c));
  for (const c of copies) members.set(c.id, c);
  const roots = new Set(copies.map((c) => c.duplicateOf ?? c.id));
  for (const r of related) {
    // An original of a confirmed copy, the other copies of that original, and the article's own
    // current copies are all one story.
    const d = r.duplicateOf;
    if (roots.has(r.id) || d === self.id || (d !== null && roots.has(d))) members.set(r.id, r);
  }
  let original = self;
  for (const m of members.values()) if (earlier(m, original)) original = m;
  const changes: DedupPlan['changes'] = [];
  for (const m of members.values()) {
    const want = m.id === original.id ? null : original.id;
    if (m.duplicateOf !== want || m.id === self.id) changes.push({ id: m.id, duplicateOf: want });
  }
  return { originalId: original.id, changes };
}
