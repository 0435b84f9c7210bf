import { describe, expect, it } from 'vitest';
import { planDedup, type DedupArticle } from '../../../src/events/dedup.js';

const at = (h: number) => new Date(Date.UTC(2026, 0, 1, h));
const art = (id: number, h: number, simhash: bigint | null, duplicateOf: number | null = null, contentHash: string | null = null): DedupArticle => ({
  id,
  at: at(h),
  simhash,
  contentHash,
  duplicateOf,
});

describe('planDedup', () => {
  it('points a later copy at the earlier original', () => {
    const plan = planDedup(art(2, 5, 0b1011n), [art(1, 1, 0b0011n)], [art(1, 1, 0b0011n)]);
    expect(plan).toEqual({ originalId: 1, changes: [{ id: 2, duplicateOf: 1 }] });
  });

  it('makes an earlier article the original of copies classified before it, without chains', () => {
    // 3 was the original of 4; 5 arrives published earlier than both.
    const near = [art(3, 4, 0xffn), art(4, 6, 0xfen, 3)];
    const plan = planDedup(art(5, 1, 0xffn), near, [art(3, 4, 0xffn), art(4, 6, 0xfen, 3)]);
    expect(plan.originalId).toBe(5);
    expect(plan.changes).toEqual(
      expect.arrayContaining([
        { id: 5, duplicateOf: null },
        { id: 3, duplicateOf: 5 },
        { id: 4, duplicateOf: 5 },
      ]),
    );
  });

  it('ignores look-alikes beyond the distance and matches on content hash alone', () => {
    const far = art(1, 1, 0xffffn);
    expect(planDedup(art(2, 3, 0n), [far], [far]).originalId).toBe(2);
    const same = art(1, 1, null, null, 'h');
    expect(planDedup(art(2, 3, null, null, 'h'), [same], [same]).originalId).toBe(1);
  });

  it('breaks equal times by id and changes nothing when already right', () => {
    const plan = planDedup(art(2, 1, 1n, 1), [art(1, 1, 1n)], [art(1, 1, 1n), art(2, 1, 1n, 1)]);
    expect(plan).toEqual({ originalId: 1, changes: [{ id: 2, duplicateOf: 1 }] });
  });
});
