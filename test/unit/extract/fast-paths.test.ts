// The table-driven fast paths must say exactly what the plain definitions say.
import { describe, expect, it } from 'vitest';
import { normalize, normalizeText } from '../../../src/extract/normalize.js';
import { detectLanguage, languageFromCounts } from '../../../src/extract/scan.js';
import { articleText } from '../../../src/extract/types.js';
import { TermTrie } from '../../../src/extract/trie-matcher.js';

describe('normalizeText', () => {
  it.each([
    ['OpenAI’s GPT‑5 and Gemini', "openai's gpt-5 and gemini"],
    ['字節跳動推遲發佈', '字节跳动推迟发布'],
    ['ＧＰＴ－５，豆包', 'gpt-5,豆包'],
    ['non\u2011breaking hyphen', 'non-breaking hyphen'],
    ['PLAIN ASCII', 'plain ascii'],
  ])('folds %s like normalize()', (src, want) => {
    expect(normalizeText(src).text).toBe(want);
    expect(normalize(src).text).toBe(want);
  });
  it('counts letters in the same pass, giving detectLanguage’s answer', () => {
    for (const [text, hint] of [
      ['OpenAI released GPT-5 today.', null],
      ['阿里巴巴今天发布了Qwen3大模型。', 'en'],
      ['DeepSeek R1 发布', 'zh-CN'],
      ['OpenAI’s model shipped.', 'zh'],
    ] as const) {
      const n = normalizeText(text);
      expect(languageFromCounts(n.cjk, n.latin, hint)).toBe(detectLanguage(text, hint));
    }
  });
  it('keeps the offset map when NFKC changes the length', () => {
    const n = normalizeText('ﬁne ㈱ GPT');
    expect(n.text).toBe('fine (株) gpt');
    expect(n.map).not.toBeNull();
  });
});

describe('articleText', () => {
  it('joins title and body with a blank line', () => {
    expect(articleText({ title: ' T ', body: 'B\n' })).toBe('T\n\nB');
    expect(articleText({ title: '', body: 'B' })).toBe('B');
  });
});

describe('TermTrie scan', () => {
  const trie = new TermTrie<string>();
  for (const t of ['qwen', 'rate limit', ', as', 'as well as', '推迟']) trie.add(t, t, t === 'qwen' ? 'digits-ok' : 'strict');
  const scan = (s: string) => {
    const out: string[] = [];
    trie.scan(s, (v, a, b) => out.push(`${v}@${a}-${b}`));
    return out;
  };
  it('matches a space in a term against any run of separators', () => {
    expect(scan('rate-limit rate \n\t limit rate\u3000limit')).toEqual(['rate limit@0-10', 'rate limit@11-24', 'rate limit@25-35']);
  });
  it('starts no term inside a word, also right after a match', () => {
    expect(scan('qwen2.5 qwenx xqwen qwen-max')).toEqual(['qwen@0-4', 'qwen@20-24']);
    expect(scan('rate limitation')).toEqual([]);
  });
  it('matches punctuation-led terms and CJK without boundaries', () => {
    expect(scan('a, as b, as well as c 推迟了')).toEqual([', as@1-5', ', as@7-11', '推迟@22-24']);
  });
});
