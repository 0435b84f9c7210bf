import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { SERVICE_NODE_FLAGS } from '../../../src/runtime/node-flags.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const read = (file: string) => readFileSync(path.join(ROOT, file), 'utf8');

describe('the service V8 flags', () => {
  // Each place that starts a launchwatch process, and the node arguments it gives.
  const starts: [string, () => string[]][] = [
    ['bin/launchwatch.js (its #! line)', () => {
      const first = read('bin/launchwatch.js').split('\n')[0]!;
      expect(first.startsWith('#!/usr/bin/env -S node')).toBe(true);
      return first.split(/\s+/).slice(3);
    }],
    ['npm start', () => (JSON.parse(read('package.json')) as { scripts: Record<string, string> }).scripts['start']!.split(/\s+/)],
    ['the Dockerfile entrypoint', () => {
      const line = read('Dockerfile').split('\n').find((l) => l.startsWith('ENTRYPOINT'))!;
      return JSON.parse(line.slice('ENTRYPOINT'.length)) as string[];
    }],
  ];

  it.each(starts)('are given by %s', (_, args) => {
    const given = args();
    for (const flag of SERVICE_NODE_FLAGS) expect(given).toContain(flag);
  });

  it('start the CLI when bin/launchwatch.js is run as a program (through its #! line, as npx does)', () => {
    const run = spawnSync(path.join(ROOT, 'bin/launchwatch.js'), ['--help'], { encoding: 'utf8' });
    // Before `npm run build` the launcher itself answers; either way node ran it with the flags.
    expect(`${run.stdout}${run.stderr}`).toMatch(/Usage: launchwatch|not built yet/);
    expect(run.stderr).not.toMatch(/bad option/);
  });

  it('are flags this Node accepts', () => {
    // A misspelt flag makes node exit at once with "bad option".
    const run = spawnSync(process.execPath, [...SERVICE_NODE_FLAGS, '-e', 'process.exit(0)'], { encoding: 'utf8' });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
  });
});
