// Attribution rules: a hit belongs to the entities of its own clause; comparison phrases name a
// yardstick, not a target; reported-speech "would" is a firm report, conditional "would" a hedge.
import { describe, expect, it } from 'vitest';
import { loadCatalog } from '../../../src/catalog/load.js';
import { compileLexicon } from '../../../src/extract/compile.js';
import { extract } from '../../../src/extract/extract.js';
import type { Extraction } from '../../../src/extract/types.js';

const lex = compileLexicon(loadCatalog(new URL('../../../config', import.meta.url).pathname));
const run = (body: string, title = ''): Extraction => extract({ title, body }, lex);
const key = (t: { company: string; model: string | null }) => (t.model ? `${t.company}/${t.model}` : t.company);
/** Every target of every live hit, sorted. */
const targets = (ex: Extraction) => [...new Set(ex.hits.filter((h) => !h.negated).flatMap((h) => h.targets.map(key)))].sort();
const companies = (ex: Extraction) => [...new Set(ex.mentions.map((m) => m.company))].sort();

describe('attribution to the clause', () => {
  it('gives the Reuters DeepSeek sentence to DeepSeek alone, not to ChatGPT or Apple', () => {
    const ex = run(
      'DeepSeek said on Monday it would temporarily limit user registrations due to "large-scale malicious attacks" on its services, ' +
        "as its AI assistant app overtook ChatGPT to become the top free app on Apple's App Store in the United States.",
    );
    expect(ex.hits.length).toBeGreaterThan(0);
    expect(targets(ex)).toEqual(['deepseek']);
    // Reported speech: "said … it would limit" is a decision, not a hedge.
    expect(ex.hits.every((h) => !h.hedged)).toBe(true);
    // The bystanders are still mentions of their companies.
    expect(companies(ex)).toEqual(expect.arrayContaining(['apple', 'deepseek', 'openai']));
  });

  it.each([
    ['Moonshot delayed Kimi K2, while OpenAI shipped GPT-5 on time.', ['moonshot/kimi']],
    ['Anthropic shipped Claude on time, whereas Google delayed Gemini 3.', ['google/gemini']],
    ['Google shipped Gemini 3; OpenAI postponed GPT-5.', ['openai/gpt']],
    ['Kimi K2 suffered outages, as ChatGPT gained users.', ['moonshot/kimi']],
    ['Kimi上线后频繁宕机，而DeepSeek运行平稳。', ['moonshot/kimi']],
    ['OpenAI表现平稳，但Kimi出现宕机。', ['moonshot/kimi']],
  ])('keeps a hit in its own clause: %s', (body, want) => {
    expect(targets(run(body))).toEqual(want);
  });

  it('falls back to the whole sentence when the clause names no one', () => {
    expect(targets(run('Google launched Gemini 3 this week, but users reported outages.'))).toEqual(['google/gemini']);
    expect(targets(run('月之暗面发布了Kimi K2，但用户反映频繁宕机。'))).toEqual(['moonshot/kimi']);
  });

  it('does not break clauses at "as well as" or "as of"', () => {
    expect(targets(run('Kimi K2 suffered outages, as well as errors in Claude 3.5 Sonnet.'))).toEqual(['anthropic/claude', 'moonshot/kimi']);
  });
});

describe('comparison phrases', () => {
  it.each([
    ['Kimi, a ChatGPT rival, suffered outages on Monday.', ['moonshot/kimi']],
    ['ChatGPT rival Kimi suffered outages on Monday.', ['moonshot/kimi']],
    ['Compared with GPT-4o, Kimi K2 suffered more outages.', ['moonshot/kimi']],
    ['Unlike Gemini, GPT-5 was delayed.', ['openai/gpt']],
    ['GPT-5 was delayed, unlike Gemini.', ['openai/gpt']],
    ["Kimi suffered more outages than OpenAI's ChatGPT.", ['moonshot/kimi']],
    ['与GPT-4o相比，Kimi出现了更多宕机。', ['moonshot/kimi']],
    ['Kimi相比GPT-4o更容易宕机。', ['moonshot/kimi']],
    ['作为ChatGPT的竞争对手，Kimi上线后频繁宕机。', ['moonshot/kimi']],
    ['对标OpenAI的Kimi上线后频繁宕机。', ['moonshot/kimi']],
  ])('does not target the compared entity: %s', (body, want) => {
    expect(targets(run(body))).toEqual(want);
  });

  it('leaves the compared entity a mention of its company', () => {
    expect(companies(run('Kimi, a ChatGPT rival, suffered outages on Monday.'))).toEqual(['moonshot', 'openai']);
  });

  it('does not take the subject for a yardstick', () => {
    expect(targets(run("Google's rival OpenAI delayed GPT-5."))).toEqual(['openai/gpt']);
  });
});

describe('hedging with "would"', () => {
  const hit = (body: string) => run(body).hits.find((h) => h.term === 'delay')!;
  it('treats reported speech as a firm report', () => {
    expect(hit('Microsoft said it would delay the launch of Copilot.').hedged).toBe(false);
    expect(hit('OpenAI will delay GPT-5 by a month.').hedged).toBe(false);
    expect(hit('OpenAI plans to delay GPT-5 by a month.').hedged).toBe(false);
  });
  it('hedges "would" in a conditional', () => {
    expect(hit('OpenAI said GPT-5 would be delayed if safety tests fail.').hedged).toBe(true);
    expect(hit('Google would delay Gemini 3 unless capacity improves.').hedged).toBe(true);
  });
  it('still hedges could, may, might, reportedly and 可能', () => {
    expect(hit('OpenAI could delay GPT-5.').hedged).toBe(true);
    expect(hit('OpenAI might delay GPT-5.').hedged).toBe(true);
    expect(hit('OpenAI reportedly plans to delay GPT-5.').hedged).toBe(true);
    expect(run('百度文心一言可能推迟发布。').hits.find((h) => h.term === '推迟')!.hedged).toBe(true);
    expect(run('外界关注百度文心一言是否推迟发布。').hits.find((h) => h.term === '推迟')!.hedged).toBe(true);
  });
});

describe('a rumour and its denial', () => {
  const live = (ex: Extraction) => ex.hits.filter((h) => h.effectiveWeight > 0).map((h) => h.term);
  it('voids a hedged report that the article firmly denies for the same company', () => {
    expect(live(run('针对网传Kimi新模型上线后遭限流一事，月之暗面回应称，Kimi从未对新模型实施限流。', '月之暗面否认对Kimi新模型限流'))).toEqual([]);
    expect(live(run('Tencent said the new Hunyuan model would launch this month and was not delayed. Earlier reports said Hunyuan could be delayed.'))).toEqual([]);
  });
  it('keeps a hedged report about another company, and any firm report', () => {
    expect(live(run('OpenAI said GPT-5 was not delayed. Google could delay Gemini 3.'))).toEqual(['delay']);
    expect(live(run('OpenAI said GPT-5 was not delayed. OpenAI delayed Sora.'))).toEqual(['delay']);
  });
});
