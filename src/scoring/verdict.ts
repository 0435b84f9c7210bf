// The one definition of "friction detected": used by `classify --json` and by the evaluation, so
// what the eval measures is what the tool reports.
import type { ArticleScore } from '../extract/types.js';

/** Friction score (0..1) at or above which an article or entity is said to show friction. */
export const FRICTION_THRESHOLD = 0.2;

export interface FrictionVerdict {
  /** The article's friction score reaches the threshold. */
  detected: boolean;
  /** Companies whose own friction score reaches the threshold (in the order the scores list them). */
  targets: string[];
}

/** Whether an article shows friction, and against which companies, from its score. */
export function frictionVerdict(score: ArticleScore): FrictionVerdict {
  const targets: string[] = [];
  for (const e of score.entities) {
    if (e.model === null && e.friction >= FRICTION_THRESHOLD && !targets.includes(e.company)) targets.push(e.company);
  }
  return { detected: score.friction >= FRICTION_THRESHOLD, targets };
}
