// Attribution: a friction hit belongs to the entities of its own clause, else of its own sentence
// (a model implies its company); with none there, to the article's launch subjects (or, for an
// article that reports no launch, the entities of its title) at reduced weight. Never to an entity
// of another, unrelated sentence.
import type { HitTarget, LaunchSubject, Mention } from './types.js';

/** Weight factor of a hit attributed indirectly (no entity in its sentence). */
export const INDIRECT_FACTOR = 0.6;
/** Weight factor of a hedged hit ("could be delayed", "reportedly"). */
export const HEDGE_FACTOR = 0.5;

/** Targets from the mentions of a clause or sentence: each model once, and companies without a model there. */
export function targetsFrom(mentions: Mention[]): HitTarget[] {
  const out: HitTarget[] = [];
  if (mentions.length === 0) return out;
  for (const m of mentions) {
    if (m.kind !== 'model') continue;
    if (!out.some((t) => t.model === m.entity)) out.push({ company: m.company, model: m.entity, indirect: false });
  }
  for (const m of mentions) {
    if (m.kind !== 'company') continue;
    let covered = false;
    for (const t of out) if (t.company === m.company) covered = true;
    if (!covered) out.push({ company: m.company, model: null, indirect: false });
  }
  return out;
}

/** Indirect targets: the launch subjects (or fallback entities) at reduced weight. */
export function indirectTargets(subjects: LaunchSubject[]): HitTarget[] {
  return subjects.map((s) => ({ company: s.company, model: s.model, indirect: true }));
}

/** Effective weight of a hit for one target: 0 when negated, reduced when hedged or indirect. */
export function targetWeight(weight: number, negated: boolean, hedged: boolean, indirect: boolean): number {
  if (negated) return 0;
  return weight * (hedged ? HEDGE_FACTOR : 1) * (indirect ? INDIRECT_FACTOR : 1);
}
