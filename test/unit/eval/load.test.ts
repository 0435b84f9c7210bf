import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadEvalDir, parseEvalJsonl } from '../../../src/eval/load.js';
import { UserError } from '../../../src/errors.js';

const fixtures = path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures');
const dir = (name: string) => path.join(fixtures, name);

describe('loadEvalDir', () => {
  it('reads every *.jsonl in name order, skipping blank lines and other files', () => {
    const items = loadEvalDir(dir('good'));
    expect(items.map((i) => i.id)).toEqual(['t-1', 't-2', 't-3']);
    expect(items[1]!.source).toEqual({ file: path.join(dir('good'), 'a.jsonl'), line: 3 });
    expect(items[2]!.labels).toEqual({ companies: ['bytedance'], models: ['doubao'], friction: false, friction_targets: [], launch: true });
  });
  it('names the file and line of a line that is not JSON', () => {
    expect(() => loadEvalDir(dir('bad-json'))).toThrow(/bad-json\/a\.jsonl:2: not valid JSON/);
  });
  it('names the file, line and field of a label that breaks the rules', () => {
    expect(() => loadEvalDir(dir('bad-target'))).toThrow(
      /bad-target\/a\.jsonl:2: labels\.friction_targets: every friction target must also be in companies/,
    );
  });
  it('rejects an id used twice, naming both places', () => {
    expect(() => loadEvalDir(dir('dup-id'))).toThrow(/b\.jsonl:1: id "d-1" already used at .*a\.jsonl:1/);
  });
  it('rejects a directory without evaluation files, and a missing directory', () => {
    expect(() => loadEvalDir(dir('empty'))).toThrow(UserError);
    expect(() => loadEvalDir(dir('no-such-dir'))).toThrow(/cannot read evaluation directory/);
  });
});

describe('parseEvalJsonl', () => {
  const line = (labels: Record<string, unknown>, extra: Record<string, unknown> = {}) =>
    JSON.stringify({ id: 'p-1', language: 'en', title: 't', body: 'b', labels, ...extra });
  const ok = { companies: ['openai'], models: ['gpt'], friction: true, friction_targets: ['openai'], launch: true };

  it('accepts a well-formed line', () => {
    expect(parseEvalJsonl(line(ok), 'x.jsonl')).toHaveLength(1);
  });
  it.each([
    ['friction without targets', { ...ok, friction_targets: [] }, /friction_targets must be non-empty exactly when friction is true/],
    ['targets without friction', { ...ok, friction: false }, /friction_targets must be non-empty exactly when friction is true/],
    ['a slug that is not lowercase', { ...ok, companies: ['OpenAI'], friction_targets: ['OpenAI'] }, /labels\.companies\[0\]: must be a lowercase slug/],
    ['a repeated slug', { ...ok, models: ['gpt', 'gpt'] }, /labels\.models: must not repeat a slug/],
    ['an unknown label key', { ...ok, sentiment: 'bad' }, /x\.jsonl:1: labels/],
    ['a missing label', { companies: [], models: [], friction: false, friction_targets: [] }, /labels\.launch/],
  ])('rejects %s', (_name, labels, message) => {
    expect(() => parseEvalJsonl(line(labels), 'x.jsonl')).toThrow(message);
  });
});
