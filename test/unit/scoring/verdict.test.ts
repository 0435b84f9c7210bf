// "Friction detected" has one definition, shared by classify --json and the evaluation.
import { describe, expect, it } from 'vitest';
import { FRICTION_THRESHOLD, frictionVerdict } from '../../../src/scoring/verdict.js';
import { FRICTION_THRESHOLD as CLASSIFY_THRESHOLD, toClassifyJson } from '../../../src/commands/classify-output.js';
import { predictionFromExtraction } from '../../../src/eval/predict.js';
import { scoreArticle } from '../../../src/scoring/score.js';
import type { ArticleScore, EntityScore, Extraction, FrictionHit } from '../../../src/extract/types.js';

const entity = (company: string, model: string | null, friction: number): EntityScore => ({
  company, model, version: null, friction, categories: [], hitCount: 1, strongestHit: 0, isLaunchSubject: false,
});

describe('frictionVerdict', () => {
  it('detects friction at the threshold and names the companies that reach it', () => {
    const score: ArticleScore = {
      friction: FRICTION_THRESHOLD,
      entities: [entity('openai', null, 0.2), entity('openai', 'gpt', 0.5), entity('google', null, 0.19), entity('meta', 'llama', 0.9)],
    };
    // A model's score alone does not name its company: its company entity must reach the threshold.
    expect(frictionVerdict(score)).toEqual({ detected: true, targets: ['openai'] });
    expect(frictionVerdict({ ...score, friction: 0.19 }).detected).toBe(false);
  });
  it('is what classify --json reports', () => {
    expect(CLASSIFY_THRESHOLD).toBe(FRICTION_THRESHOLD);
  });
});

describe('predictionFromExtraction', () => {
  const hit = (weight: number, hedged: boolean): FrictionHit => ({
    term: 'glitch', category: 'quality', weight, negated: false, hedged, surface: 'glitch', start: 0, end: 6, sentence: 0,
    targets: [{ company: 'openai', model: null, indirect: false }], effectiveWeight: hedged ? weight / 2 : weight,
  });
  const ex = (hits: FrictionHit[]): Extraction => ({
    language: 'en', text: '', sentences: [], hits, smooth: [], cues: [], launch: false, launchSubjects: [], aiContext: true,
    mentions: [{ kind: 'company', entity: 'openai', company: 'openai', version: null, surface: 'OpenAI', start: 0, end: 6, sentence: 0 }],
  });
  it('agrees with classify --json on friction and its targets', () => {
    for (const e of [ex([hit(0.3, true)]), ex([hit(0.3, false)]), ex([hit(0.1, false), hit(0.15, false)])]) {
      const json = toClassifyJson(e, scoreArticle(e)) as { friction: { detected: boolean; targets: string[] } };
      const pred = predictionFromExtraction(e);
      expect(pred.friction).toBe(json.friction.detected);
      expect(pred.frictionTargets).toEqual(json.friction.detected ? [...json.friction.targets].sort() : pred.frictionTargets);
    }
    // A weak hedged hit (0.15 after hedging) is below the threshold: not friction, though not negated.
    expect(predictionFromExtraction(ex([hit(0.3, true)])).friction).toBe(false);
    expect(predictionFromExtraction(ex([hit(0.3, false)]))).toMatchObject({ friction: true, frictionTargets: ['openai'] });
  });
});
