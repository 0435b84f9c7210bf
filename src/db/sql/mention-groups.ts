import type { Mention } from '../../extract/types.js';
import { arrayLiteral } from '../array-literal.js';

// Mentions as mention_groups stores them (migration 000010): one row per (kind, entity) of an
// article, its occurrences in parallel arrays ordered by position. Grouped here rather than in
// SQL: array_agg(… order by …) sorts once per aggregate and group, which cost more than the
// insert it fed (five sorts per group on Postgres 15).

export interface MentionGroup {
  kind: string;
  entity: string;
  company: string;
  versions: (string | null)[];
  surfaces: string[];
  starts: number[];
  ends: number[];
  sentences: number[];
}

/** An article's mentions grouped by (kind, entity), each group by position, one occurrence per position (the first). */
export function groupMentions(ms: readonly Pick<Mention, 'kind' | 'entity' | 'company' | 'version' | 'surface' | 'start' | 'end' | 'sentence'>[]): MentionGroup[] {
  const byKey = new Map<string, Map<number, (typeof ms)[number]>>();
  for (const m of ms) {
    const k = `${m.kind}\t${m.entity}`;
    let g = byKey.get(k);
    if (!g) byKey.set(k, (g = new Map()));
    if (!g.has(m.start)) g.set(m.start, m);
  }
  return [...byKey.values()].map((g) => {
    const occ = [...g.values()].sort((x, y) => x.start - y.start);
    const first = occ[0]!;
    return {
      kind: first.kind,
      entity: first.entity,
      company: first.company,
      versions: occ.map((m) => m.version ?? null),
      surfaces: occ.map((m) => m.surface),
      starts: occ.map((m) => m.start),
      ends: occ.map((m) => m.end),
      sentences: occ.map((m) => m.sentence),
    };
  });
}

/**
 * INSERT of mention_groups rows from nine parameters starting at $`from` (article ids, kinds,
 * entities, companies, then the literals of versions, surfaces, starts, ends, sentences), with
 * the classifier and lexicon versions in $`cv` and $`lv`.
 */
export function insertMentionGroupsSql(from: number, cv: number, lv: number): string {
  const p = (i: number) => `$${from + i}`;
  return `insert into mention_groups (article_id, kind, entity, company, versions, surfaces, char_starts, char_ends, sentences, classifier_version, lexicon_version)
       select u.a, u.kind, u.entity, u.company, u.versions::text[], u.surfaces::text[], u.starts::int[], u.ends::int[], u.sentences::int[], $${cv}, $${lv}
       from unnest(${p(0)}::bigint[], ${p(1)}::text[], ${p(2)}::text[], ${p(3)}::text[], ${p(4)}::text[], ${p(5)}::text[], ${p(6)}::text[], ${p(7)}::text[], ${p(8)}::text[])
            as u(a, kind, entity, company, versions, surfaces, starts, ends, sentences)`;
}

/** The nine parameters of insertMentionGroupsSql for these articles' groups (array literals). */
export function mentionGroupParams(rows: readonly { articleId: number; groups: readonly MentionGroup[] }[]): string[] {
  const cols: (string | number)[][] = Array.from({ length: 9 }, () => []);
  for (const { articleId, groups } of rows) {
    for (const g of groups) {
      cols[0]!.push(articleId);
      cols[1]!.push(g.kind);
      cols[2]!.push(g.entity);
      cols[3]!.push(g.company);
      cols[4]!.push(arrayLiteral(g.versions));
      cols[5]!.push(arrayLiteral(g.surfaces));
      cols[6]!.push(arrayLiteral(g.starts));
      cols[7]!.push(arrayLiteral(g.ends));
      cols[8]!.push(arrayLiteral(g.sentences));
    }
  }
  return cols.map(arrayLiteral);
}
