import { describe, expect, it } from 'vitest';
import { scoreArticle } from '../../../src/scoring/score.js';
import { loadCatalog } from '../../../src/catalog/load.js';
import { compileLexicon } from '../../../src/extract/compile.js';
import { extract } from '../../../src/extract/extract.js';
import { toClassifyJson } from '../../../src/commands/classify-output.js';
import type { Extraction, FrictionHit, HitTarget } from '../../../src/extract/types.js';

function hit(weight: number, targets: HitTarget[], flags: Partial<FrictionHit> = {}): FrictionHit {
  return { term: 't', category: 'delay', weight, negated: false, hedged: false, surface: 't', start: 0, end: 1, sentence: 0, targets, effectiveWeight: weight, ...flags };
}
function ex(hits: FrictionHit[], subjects: Extraction['launchSubjects'] = []): Extraction {
  return {
    language: 'en', text: '', sentences: [], hits, smooth: [], cues: [], launch: subjects.length > 0, launchSubjects: subjects, aiContext: true,
    mentions: [
      { kind: 'model', entity: 'gpt', company: 'openai', version: '5', surface: 'GPT-5', start: 0, end: 5, sentence: 0 },
      { kind: 'company', entity: 'google', company: 'google', surface: 'Google', start: 6, end: 12, sentence: 0 },
    ],
  };
}
const gpt: HitTarget = { company: 'openai', model: 'gpt', indirect: false };
const openai: HitTarget = { company: 'openai', model: null, indirect: false };

describe('scoreArticle', () => {
  it('combines hits as 1 − Π(1 − w)', () => {
    const s = scoreArticle(ex([hit(0.6, [gpt]), hit(0.5, [gpt])]));
    const e = s.entities.find((x) => x.model === 'gpt')!;
    expect(e.friction).toBeCloseTo(1 - 0.4 * 0.5);
    expect(e.hitCount).toBe(2);
    expect(e.strongestHit).toBe(0);
    expect(s.entities.find((x) => x.company === 'google')!.friction).toBe(0);
  });
  it('ignores negated hits and reduces hedged and indirect ones', () => {
    const s = scoreArticle(ex([hit(0.6, [gpt], { negated: true }), hit(0.6, [gpt], { hedged: true }), hit(0.5, [{ ...gpt, indirect: true }])]));
    expect(s.entities.find((x) => x.model === 'gpt')!.friction).toBeCloseTo(1 - (1 - 0.3) * (1 - 0.3));
  });
  it('gives a company its models’ hits and a model its company’s hits, each hit once', () => {
    const s = scoreArticle(ex([hit(0.5, [openai]), hit(0.4, [gpt, { company: 'openai', model: 'chatgpt', indirect: false }])]));
    expect(s.entities.find((x) => x.company === 'openai' && x.model === null)!.friction).toBeCloseTo(1 - 0.5 * 0.6);
    expect(s.entities.find((x) => x.model === 'gpt')!.friction).toBeCloseTo(1 - 0.5 * 0.6);
  });
  it('takes article friction as the max over every entity, launch subjects included', () => {
    const s = scoreArticle(ex([hit(0.7, [{ company: 'google', model: null, indirect: false }]), hit(0.2, [gpt])], [{ company: 'openai', model: 'gpt', version: '5' }]));
    expect(s.friction).toBeCloseTo(0.7);
    expect(s.entities.find((e) => e.model === 'gpt')!.isLaunchSubject).toBe(true);
  });
});

describe('toClassifyJson', () => {
  it('produces the DESIGN §6 contract fields', () => {
    const lex = compileLexicon(loadCatalog(new URL('../../../config', import.meta.url).pathname));
    const e = extract({ title: 'OpenAI launches GPT-5', body: 'GPT-5 was delayed by a week. Users saw outages.' }, lex);
    const out = toClassifyJson(e, scoreArticle(e)) as Record<string, any>;
    expect(out.language).toBe('en');
    expect(out.launch).toBe(true);
    expect(out.companies).toEqual([{ id: 'openai', mentions: 3 }]);
    expect(out.models).toEqual([{ id: 'gpt', company: 'openai', version: '5', mentions: 2 }]);
    expect(out.friction.score).toBeGreaterThan(50);
    expect(out.friction.hits[0]).toMatchObject({ term: 'delay', category: 'delay', negated: false, hedged: false, sentence: 'GPT-5 was delayed by a week.', targets: ['openai/gpt'] });
    expect(out.friction.hits[1].targets).toEqual(['openai/gpt']);
    expect(out.events).toEqual([{ company: 'openai', model: 'gpt', version: '5', friction_score: out.friction.score }]);
  });
});
