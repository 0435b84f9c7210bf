import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshDb, type TestDb } from '../../helpers/db.js';
import { explainCommand, parseExplainTarget } from '../../../src/commands/explain.js';
import { seedAnalystWorld, type AnalystWorld } from './analyst-seed.js';

// `explain` prints what produced a score: sentences, terms, flags, weights, targets; for an
// event its articles (independent or copy of which) and the aggregation.

describe('explain', () => {
  let t: TestDb;
  let w: AnalystWorld;
  beforeAll(async () => {
    t = await freshDb();
    w = await seedAnalystWorld(t.db);
  });
  afterAll(async () => t?.drop());

  const run = async (target: string) => {
    const lines: string[] = [];
    const code = await explainCommand(t.db, target, (l) => lines.push(l));
    return { code, text: lines.join('\n') };
  };

  it('explains an event: aggregation, articles, copies and hits', async () => {
    const { code, text } = await run(`event:${w.events.doubao}`);
    expect(code).toBe(0);
    expect(text).toContain(`Event #${w.events.doubao}: bytedance/doubao 1.5 launch`);
    expect(text).toContain('friction score = 100 × mean friction of the independent sources = 100 × (0.600 + 0.000) / 2 = 30.00');
    expect(text).toContain('friction share = 1 of 2 independent source(s) with friction > 0 = 0.5000');
    expect(text).toContain(`copy of #${w.articles['doubao-1']}; not counted`);
    expect(text).toContain('sentence 1: "Doubao sign-ups were throttled within hours."');
    expect(text).toContain('term "throttled" (capacity) written "throttled": weight 0.60, effective 0.60');
    expect(text).toContain('→ bytedance/doubao: 0.60');
  });

  it('explains an article with its flags and discounts', async () => {
    const { text } = await run(`article:${w.articles['qwen-1']}`);
    expect(text).toContain('Article #');
    expect(text).toContain('term "throttled" (capacity) written "throttled" [hedged]: weight 0.40, effective 0.20');
    expect(text).toContain('→ alibaba/qwen: 0.20 (hedged × 0.5)');
    expect(text).toContain('alibaba/qwen 3 [launch subject]: friction 0.600 from 2 hit(s) (capacity, delay)');
    expect(text).toMatch(/event #\d+ alibaba\/qwen 3: friction 0\.600, independent source/);
    const neg = await run(`article:${w.articles['gpt-1']}`);
    expect(neg.text).toContain('[negated]: weight 0.50, effective 0.00');
    expect(neg.text).toContain('(negated → 0)');
  });

  it('tries an event first for a bare id, then an article, and says when neither exists', async () => {
    expect((await run(String(w.events.qwen))).text).toMatch(/^Event #/);
    const big = await run('999999');
    expect(big).toEqual({ code: 1, text: 'no event or article with id 999999' });
    expect(() => parseExplainTarget('event:x')).toThrow(/expected article:ID/);
  });

  it('says when an article made no event', async () => {
    const { text } = await run(`article:${w.articles['chatgpt-outage']}`);
    expect(text).toContain('Launch events: none (the article reports no launch)');
  });
});
