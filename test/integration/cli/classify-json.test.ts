import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../helpers/cli.js';

const dir = mkdtempSync(path.join(tmpdir(), 'lw-classify-'));
const write = (name: string, text: string) => {
  const p = path.join(dir, name);
  writeFileSync(p, text);
  return p;
};

describe('launchwatch classify FILE... --json', () => {
  it('prints one contract object per file, in order', async () => {
    const a = write(
      'qwen.txt',
      'Alibaba launched Qwen2.5-Max on Tuesday. The rollout was rocky: the API was throttled for hours and some users could not sign up.',
    );
    const b = write('bikes.txt', 'The city council approved new bike lanes. Construction starts in spring.');
    const res = await runCli(['classify', a, b, '--json']);
    expect(res.stderr).toBe('');
    expect(res.code).toBe(0);
    const lines = res.stdout.trim().split('\n').map((l) => JSON.parse(l));
    expect(lines).toHaveLength(2);
    const [q, bikes] = lines;
    for (const key of ['language', 'launch', 'companies', 'models', 'friction', 'events']) expect(q).toHaveProperty(key);
    expect(q.language).toBe('en');
    expect(q.launch).toBe(true);
    expect(q.companies.map((c: { id: string }) => c.id)).toContain('alibaba');
    const qwen = q.models.find((m: { id: string }) => m.id === 'qwen');
    expect(qwen).toMatchObject({ company: 'alibaba' });
    expect(qwen.version).toMatch(/2\.5/);
    expect(q.friction.score).toBeGreaterThan(0);
    const hit = q.friction.hits.find((h: { term: string; sentence: string }) => /throttl/.test(h.sentence) && !/rocky/.test(h.term));
    expect(hit).toBeDefined();
    for (const key of ['term', 'category', 'negated', 'hedged', 'sentence', 'start', 'end', 'targets']) expect(hit).toHaveProperty(key);
    expect(q.events.some((e: { company: string; friction_score: number }) => e.company === 'alibaba' && e.friction_score > 0)).toBe(true);
    expect(bikes).toMatchObject({ launch: false, companies: [], models: [], events: [] });
    expect(bikes.friction.hits).toEqual([]);
  });

  it('says which file it cannot read, in one line, exit 2', async () => {
    const res = await runCli(['classify', path.join(dir, 'missing.txt'), '--json']);
    expect(res.code).toBe(2);
    expect(res.stderr.trim().split('\n')).toHaveLength(1);
    expect(res.stderr).toMatch(/missing\.txt/);
  });
});
