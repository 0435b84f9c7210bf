import { describe, expect, it } from 'vitest';
import { loadCatalog } from '../../../src/catalog/load.js';
import { compileLexicon } from '../../../src/extract/compile.js';
import { benchClassifier, generateCorpus } from '../../../src/extract/bench-classifier.js';

describe('benchClassifier', () => {
  it('generates ~4 KB articles and reports throughput against the naive baseline', () => {
    const docs = generateCorpus(3, 4096, 'zh');
    expect(Buffer.byteLength(docs[0]!.body)).toBeGreaterThanOrEqual(4096);
    const lex = compileLexicon(loadCatalog(new URL('../../../config', import.meta.url).pathname));
    const r = benchClassifier({ lex, articles: 5, minMs: 20 });
    expect(r.mbPerS).toBeGreaterThan(0);
    expect(r.naiveMbPerS).toBeGreaterThan(0);
    expect(r.ratio).toBeCloseTo(r.mbPerS / r.naiveMbPerS);
  });
});
