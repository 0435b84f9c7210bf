// Fixture-driven extraction rules: each case in test/fixtures/extract/cases.yaml names its rule.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { loadCatalog } from '../../../src/catalog/load.js';
import { compileLexicon } from '../../../src/extract/compile.js';
import { extract } from '../../../src/extract/extract.js';
import { scoreArticle } from '../../../src/scoring/score.js';
import type { HitTarget } from '../../../src/extract/types.js';

interface HitExpect {
  term: string;
  negated?: boolean;
  hedged?: boolean;
  indirect?: boolean;
  targets?: string[];
}
interface Case {
  name: string;
  title: string;
  body: string;
  expect: {
    companies?: string[];
    models?: string[];
    versions?: Record<string, string>;
    hits?: HitExpect[];
    noHits?: string[];
    launch?: boolean;
    subjects?: string[];
    smooth?: string[];
    frictionZero?: boolean;
    offsets?: boolean;
  };
}

const cases = parse(readFileSync(new URL('../../fixtures/extract/cases.yaml', import.meta.url), 'utf8')) as Case[];
const lex = compileLexicon(loadCatalog(new URL('../../../config', import.meta.url).pathname));
const key = (t: { company: string; model: string | null }) => (t.model ? `${t.company}/${t.model}` : t.company);

describe('extract (fixture cases)', () => {
  for (const c of cases) {
    it(c.name, () => {
      const ex = extract({ title: c.title, body: c.body }, lex);
      const e = c.expect;
      const companies = [...new Set(ex.mentions.map((m) => m.company))].sort();
      const models = [...new Set(ex.mentions.filter((m) => m.kind === 'model').map((m) => m.entity))].sort();
      if (e.companies) expect(companies).toEqual([...e.companies].sort());
      if (e.models) expect(models).toEqual([...e.models].sort());
      for (const [model, version] of Object.entries(e.versions ?? {})) {
        expect(ex.mentions.find((m) => m.entity === model && m.kind === 'model')?.version).toBe(version);
      }
      for (const h of e.hits ?? []) {
        const found = ex.hits.filter((x) => x.term === h.term);
        expect(found.length, `hit ${h.term} in ${JSON.stringify(ex.hits.map((x) => x.term))}`).toBeGreaterThan(0);
        const ok = found.some(
          (x) =>
            (h.negated === undefined || x.negated === h.negated) &&
            (h.hedged === undefined || x.hedged === h.hedged) &&
            (h.indirect === undefined || x.targets.every((t: HitTarget) => t.indirect === h.indirect)) &&
            (h.targets === undefined || JSON.stringify(x.targets.map(key).sort()) === JSON.stringify([...h.targets].sort())),
        );
        expect(ok, `hit ${h.term} flags/targets: ${JSON.stringify(found)}`).toBe(true);
      }
      for (const t of e.noHits ?? []) expect(ex.hits.map((x) => x.term)).not.toContain(t);
      if (e.launch !== undefined) expect(ex.launch).toBe(e.launch);
      if (e.subjects) expect(ex.launchSubjects.map(key).sort()).toEqual([...e.subjects].sort());
      if (e.smooth) expect(ex.smooth.map((s) => s.term).sort()).toEqual([...e.smooth].sort());
      if (e.frictionZero) expect(scoreArticle(ex).friction).toBe(0);
      if (e.offsets) {
        for (const m of ex.mentions) expect(ex.text.slice(m.start, m.end)).toBe(m.surface);
        for (const h of ex.hits) expect(ex.text.slice(h.start, h.end)).toBe(h.surface);
      }
    });
  }
});
