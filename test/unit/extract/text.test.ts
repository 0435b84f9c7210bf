// Inflection, normalisation, sentence splitting and the term automaton.
import { describe, expect, it } from 'vitest';
import { inflectTerm, verbForms } from '../../../src/extract/inflect.js';
import { normalize, toOriginal, toOriginalEnd } from '../../../src/extract/normalize.js';
import { splitSentences } from '../../../src/extract/sentences.js';
import { TermTrie } from '../../../src/extract/trie-matcher.js';
import { detectLanguage } from '../../../src/extract/scan.js';

describe('inflect', () => {
  it('generates regular and irregular verb forms', () => {
    expect(verbForms('delay')).toEqual(['delay', 'delays', 'delayed', 'delaying']);
    expect(verbForms('throttle')).toEqual(['throttle', 'throttles', 'throttled', 'throttling']);
    expect(verbForms('scrap')).toContain('scrapped');
    expect(verbForms('withdraw')).toContain('withdrew');
    expect(verbForms('halt')).toContain('halted');
  });
  it('inflects the first word of a verb phrase and the last of a noun phrase', () => {
    expect(inflectTerm('roll back', 'verb')).toEqual(expect.arrayContaining(['rolled back', 'rolling back', 'rolls back']));
    expect(inflectTerm('rate limit', 'noun')).toContain('rate limits');
    expect(inflectTerm('glitch', 'noun')).toContain('glitches');
    expect(inflectTerm('推迟', 'both')).toEqual(['推迟']);
  });
});

describe('normalize', () => {
  it('is the identity map when lengths agree', () => {
    const n = normalize('OpenAI’s GPT‑5');
    expect(n.map).toBeNull();
    expect(n.text).toBe("openai's gpt-5");
  });
  it('maps back to original offsets when NFKC changes lengths', () => {
    const src = 'ﬁne ㈱ GPT';
    const n = normalize(src);
    expect(n.text).toBe('fine (株) gpt');
    const at = n.text.indexOf('gpt');
    expect(src.slice(toOriginal(n, at), toOriginalEnd(n, at + 3, src.length))).toBe('GPT');
    expect(src.slice(toOriginal(n, 0), toOriginalEnd(n, 4, src.length))).toBe('ﬁne');
  });
  it('folds full-width forms', () => {
    expect(normalize('ＧＰＴ－５，').text).toBe('gpt-5,');
  });
});

describe('splitSentences', () => {
  it('splits English without breaking abbreviations or versions', () => {
    const s = splitSentences('Title here\n\nMr. Altman said GPT-4.5 shipped in the U.S. on Monday. It was delayed! Was it?');
    expect(s.map((x) => x.text)).toEqual(['Title here', 'Mr. Altman said GPT-4.5 shipped in the U.S. on Monday.', 'It was delayed!', 'Was it?']);
  });
  it('splits Chinese on 。！？ and keeps offsets', () => {
    const text = '豆包发布了。上线顺利！有问题吗？没有';
    const s = splitSentences(text);
    expect(s.map((x) => x.text)).toEqual(['豆包发布了。', '上线顺利！', '有问题吗？', '没有']);
    for (const x of s) expect(text.slice(x.start, x.end)).toBe(x.text);
  });
});

describe('TermTrie', () => {
  const trie = new TermTrie<string>();
  for (const t of ['no', 'no longer', 'delay', 'gpt', 'rate limit', '推迟', 'ai']) trie.add(t, t, t === 'gpt' ? 'digits-ok' : 'strict');
  const scan = (s: string) => {
    const out: string[] = [];
    trie.scan(s, (v, a, b) => out.push(`${v}@${a}-${b}`));
    return out;
  };
  it('finds leftmost-longest matches with Latin word boundaries', () => {
    expect(scan('no longer none delayed delay')).toEqual(['no longer@0-9', 'delay@23-28']);
    expect(scan('gpt-4o gpt5 gpts')).toEqual(['gpt@0-3', 'gpt@7-10']);
    expect(scan('rate-limit  rate   limit')).toEqual(['rate limit@0-10', 'rate limit@12-24']);
  });
  it('matches CJK without boundaries, and Latin next to CJK', () => {
    expect(scan('发布推迟了ai大模型')).toEqual(['推迟@2-4', 'ai@5-7']);
    expect(scan('said')).toEqual([]);
  });
});

describe('detectLanguage', () => {
  it('uses the CJK share of letters, with the feed language as a hint', () => {
    expect(detectLanguage('OpenAI released GPT-5 today.', null)).toBe('en');
    expect(detectLanguage('阿里巴巴今天发布了Qwen3大模型。', 'en')).toBe('zh');
    expect(detectLanguage('DeepSeek R1 发布', 'zh-CN')).toBe('zh');
  });
});
