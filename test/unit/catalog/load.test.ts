import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadCatalog } from '../../../src/catalog/load.js';
import { ConfigError } from '../../../src/errors.js';

const fixtures = new URL('../../fixtures/catalog/', import.meta.url).pathname;
const config = new URL('../../../config/', import.meta.url).pathname;

function loadError(dir: string): ConfigError {
  try {
    loadCatalog(dir);
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return err as ConfigError;
  }
  throw new Error('expected loadCatalog to throw');
}

describe('loadCatalog', () => {
  it('loads the shipped catalogue with every contract id', () => {
    const cat = loadCatalog(config);
    const companies = cat.entities.companies.map((c) => c.id);
    for (const id of ['alibaba', 'bytedance', 'kuaishou', 'tencent', 'baidu', 'deepseek', 'moonshot', 'zhipu', 'minimax', 'openai', 'google', 'microsoft', 'meta', 'anthropic', 'apple', 'amazon', 'xai', 'mistral', 'nvidia']) {
      expect(companies).toContain(id);
    }
    const models = new Map(cat.entities.models.map((m) => [m.id, m.company]));
    const links: Record<string, string> = { qwen: 'alibaba', doubao: 'bytedance', seedance: 'bytedance', kling: 'kuaishou', hunyuan: 'tencent', ernie: 'baidu', deepseek: 'deepseek', kimi: 'moonshot', glm: 'zhipu', gpt: 'openai', chatgpt: 'openai', sora: 'openai', gemini: 'google', copilot: 'microsoft', llama: 'meta', claude: 'anthropic', grok: 'xai', bard: 'google', 'apple-intelligence': 'apple' };
    for (const [m, c] of Object.entries(links)) expect(models.get(m)).toBe(c);
    expect(cat.version).toMatch(/^[0-9a-f]{12}$/);
  });

  it('names file and field of a wrongly typed alias', () => {
    const err = loadError(path.join(fixtures, 'bad-alias'));
    expect(err.message).toContain(path.join(fixtures, 'bad-alias', 'entities.yaml'));
    expect(err.message).toContain('companies[3].aliases[0]');
    expect(err.message).toMatch(/expected string/);
  });

  it('names the model whose company is unknown', () => {
    const err = loadError(path.join(fixtures, 'bad-company'));
    expect(err.message).toContain('entities.yaml: models[1].company: unknown company "gooogle"');
  });

  it('names a weight out of range in friction.yaml', () => {
    const err = loadError(path.join(fixtures, 'bad-weight'));
    expect(err.message).toContain('friction.yaml: terms[1].weight');
  });

  it('rejects duplicate ids, unknown keys, bad YAML and missing files', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'lw-cat-'));
    try {
      for (const f of ['friction.yaml', 'cues.yaml']) copyFileSync(path.join(config, f), path.join(dir, f));
      const write = (s: string) => writeFileSync(path.join(dir, 'entities.yaml'), s);
      write('companies:\n  - {id: openai, name: OpenAI, aliases: [OpenAI]}\n  - {id: openai, name: Other, aliases: [Other]}\n');
      expect(loadError(dir).message).toContain('companies[1].id: duplicate company id "openai"');
      write('companies:\n  - {id: openai, name: OpenAI, aliases: [OpenAI], alias: [x]}\n');
      expect(loadError(dir).message).toMatch(/companies\[0\]: .*alias/);
      write('companies:\n  - {id: OpenAI, name: OpenAI, aliases: [OpenAI]}\n');
      expect(loadError(dir).message).toContain('companies[0].id: expected a lowercase slug');
      write('companies: [\n');
      expect(loadError(dir).message).toMatch(/entities\.yaml: invalid YAML/);
      rmSync(path.join(dir, 'entities.yaml'));
      expect(loadError(dir).message).toMatch(/entities\.yaml: cannot read/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('changes version when a file changes', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'lw-cat-'));
    try {
      for (const f of ['entities.yaml', 'friction.yaml', 'cues.yaml']) copyFileSync(path.join(config, f), path.join(dir, f));
      const v1 = loadCatalog(dir).version;
      writeFileSync(path.join(dir, 'cues.yaml'), `${'# edited\n'}${readCues()}`);
      expect(loadCatalog(dir).version).not.toBe(v1);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

function readCues(): string {
  return readFileSync(path.join(config, 'cues.yaml'), 'utf8');
}
