// Event score aggregation (DESIGN §5, docs/events.md "Event score"). Pure.
//
//   independent(a)     = a is the earliest article of its story (its duplicate_of cluster) in the event
//   friction_score     = 100 × mean over independent articles of friction(a, event entity)
//   friction_share     = |{independent a : friction(a) > 0}| / |independent|
//   categories         = union of the categories of every linked article's entity score
//   top evidence       = the evidence sentence of greatest effective weight (independent first)

/** One article linked to an event, with its score for the event's entity. */
export interface EventLink {
  articleId: number;
  at: Date;
  /** The story this article tells: its duplicate_of, or its own id when it is an original. */
  storyId: number;
  friction: number;
  categories: readonly string[];
  evidence: string | null;
  evidenceWeight: number;
}

export interface EventAggregate {
  articleCount: number;
  independentSources: number;
  /** 0..100. */
  frictionScore: number;
  /** 0..1. */
  frictionShare: number;
  categories: string[];
  topEvidence: string | null;
  topEvidenceArticleId: number | null;
  firstSeenAt: Date | null;
  lastSeenAt: Date | null;
  /** Article id → whether it counts as an independent source of the event. */
  independent: Map<number, boolean>;
}

const byTime = (a: EventLink, b: EventLink) => a.at.getTime() - b.at.getTime() || a.articleId - b.articleId;

/** Aggregates the links of one event into its scores; copies of one story count once. */
export function aggregateEvent(links: readonly EventLink[]): EventAggregate {
  const sorted = [...links].sort(byTime);
  const independent = new Map<number, boolean>();
  const stories = new Set<number>();
  let sum = 0;
  let withFriction = 0;
  const cats = new Set<string>();
  let top: EventLink | null = null;
  let topIndependent = false;
  for (const l of sorted) {
    const first = !stories.has(l.storyId);
    stories.add(l.storyId);
    independent.set(l.articleId, first);
    if (first) {
      sum += l.friction;
      if (l.friction > 0) withFriction++;
    }
    for (const c of l.categories) cats.add(c);
    if (l.evidence && l.evidenceWeight > 0) {
      // Strongest wins; at equal weight an independent source beats a copy, then the earliest.
      if (!top || l.evidenceWeight > top.evidenceWeight || (l.evidenceWeight === top.evidenceWeight && first && !topIndependent)) {
        top = l;
        topIndependent = first;
      }
    }
  }
  const n = stories.size;
  return {
    articleCount: sorted.length,
    independentSources: n,
    frictionScore: n ? round2((100 * sum) / n) : 0,
    frictionShare: n ? round4(withFriction / n) : 0,
    categories: [...cats].sort(),
    topEvidence: top?.evidence ?? null,
    topEvidenceArticleId: top?.articleId ?? null,
    firstSeenAt: sorted[0]?.at ?? null,
    lastSeenAt: sorted[sorted.length - 1]?.at ?? null,
    independent,
  };
}

// Rounded so a recompute from the same rows writes bit-identical reals (idempotent reclassify).
function round2(x: number): number {
  return Math.round(x * 100) / 100;
}
function round4(x: number): number {
  return Math.round(x * 10000) / 10000;
}
