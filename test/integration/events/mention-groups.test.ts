import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cpSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { freshDb, type TestDb } from '../../helpers/db.js';
import { migrate, MIGRATIONS_DIR } from '../../../src/db/migrate.js';
import { extract } from '../../../src/extract/extract.js';
import { addArticle, addFeed, classify, day, realEngine } from './world.js';
import { QWEN3_BODY } from '../../unit/events/stories.js';

// Migration 000010: mentions are stored one row per (article, kind, entity) in mention_groups,
// and `mentions` is a view with the old columns, one row per occurrence. What analysts read from
// `mentions` must not change: every occurrence with its own version, surface and position.

const TITLE = "Alibaba's Qwen3 launch gets off to a rocky start";
const cols = 'article_id, kind, entity, company, version, surface, char_start, char_end, sentence, classifier_version, lexicon_version';
type Row = { article_id: number; kind: string; entity: string; company: string; version: string | null; surface: string; char_start: number; char_end: number; sentence: number };

describe('mentions through mention_groups', () => {
  let t: TestDb;
  beforeAll(async () => {
    t = await freshDb();
  });
  afterAll(async () => t?.drop());

  it('reads back one row per occurrence, as the extractor found them', async () => {
    const feed = await addFeed(t.db, 'https://wire.test/groups.xml', 'groups');
    const id = await addArticle(t.db, { feedId: feed, key: 'groups', title: TITLE, body: QWEN3_BODY, publishedAt: day(0) });
    await classify(t.db, [id]);
    const ex = extract({ title: TITLE, body: QWEN3_BODY, language: 'en' }, realEngine().lex);
    const rows = (await t.db.query<Row>(`select ${cols} from mentions where article_id = $1 order by char_start, kind, entity`, [id])).rows;
    const want = [...ex.mentions]
      .sort((a, b) => a.start - b.start || a.kind.localeCompare(b.kind) || a.entity.localeCompare(b.entity))
      .map((m) => ({ kind: m.kind, entity: m.entity, company: m.company, version: m.version ?? null, surface: m.surface, char_start: m.start, char_end: m.end, sentence: m.sentence }));
    expect(want.length).toBeGreaterThan(3);
    expect(rows.map(({ article_id: _a, ...r }) => ({ kind: r.kind, entity: r.entity, company: r.company, version: r.version, surface: r.surface, char_start: r.char_start, char_end: r.char_end, sentence: r.sentence }))).toEqual(want);
    // Fewer stored rows than occurrences: one per name.
    const groups = await t.db.query<{ n: number; occ: number }>(`select count(*)::int as n, sum(cardinality(char_starts))::int as occ from mention_groups where article_id = $1`, [id]);
    expect(groups.rows[0]!.occ).toBe(want.length);
    expect(groups.rows[0]!.n).toBeLessThan(want.length);
    // The queries analysts wrote against the table still work, filters included.
    const qwen = await t.db.query<{ n: number }>(`select count(*)::int as n from mentions where kind = 'model' and entity = 'qwen' and article_id = $1`, [id]);
    expect(qwen.rows[0]!.n).toBe(want.filter((m) => m.kind === 'model' && m.entity === 'qwen').length);
  });

  it('keeps the mention rows stored before the migration', async () => {
    // A schema migrated up to 000009 with mentions in the old table, then migrated on.
    const dir = mkdtempSync(path.join(os.tmpdir(), 'lw-migrations-'));
    const old = await freshDb({ migrate: false });
    try {
      for (const f of readdirSync(MIGRATIONS_DIR).filter((f) => f < '000010')) cpSync(path.join(MIGRATIONS_DIR, f), path.join(dir, f));
      await migrate(old.db, dir);
      const feed = await addFeed(old.db, 'https://wire.test/old.xml', 'old');
      const a = await addArticle(old.db, { feedId: feed, key: 'old-a', title: 'a', body: 'a', publishedAt: day(0) });
      const b = await addArticle(old.db, { feedId: feed, key: 'old-b', title: 'b', body: 'b', publishedAt: day(1) });
      const before: Omit<Row, 'article_id'>[] = [
        { kind: 'model', entity: 'qwen', company: 'alibaba', version: '3', surface: 'Qwen3', char_start: 40, char_end: 45, sentence: 1 },
        { kind: 'model', entity: 'qwen', company: 'alibaba', version: null, surface: 'Qwen', char_start: 5, char_end: 9, sentence: 0 },
        { kind: 'model', entity: 'qwen', company: 'alibaba', version: '2.5', surface: 'Qwen2.5', char_start: 90, char_end: 97, sentence: 2 },
        { kind: 'company', entity: 'alibaba', company: 'alibaba', version: null, surface: 'Alibaba', char_start: 0, char_end: 7, sentence: 0 },
      ];
      for (const [article, r] of [...before.map((r) => [a, r] as const), [b, before[3]!] as const]) {
        await old.db.query(`insert into mentions (${cols}) values ($1, $2, $3, $4, $5, $6, $7, $8, $9, 'c1', 'l1')`, [
          article, r.kind, r.entity, r.company, r.version, r.surface, r.char_start, r.char_end, r.sentence,
        ]);
      }
      await migrate(old.db);
      const after = await old.db.query<Row & { classifier_version: string; lexicon_version: string }>(`select ${cols} from mentions order by article_id, char_start`);
      const expected = [...before.map((r) => ({ article_id: a, ...r })), { article_id: b, ...before[3]! }]
        .sort((x, y) => x.article_id - y.article_id || x.char_start - y.char_start)
        .map((r) => ({ ...r, classifier_version: 'c1', lexicon_version: 'l1' }));
      expect(after.rows).toEqual(expected);
      const groups = await old.db.query<{ n: number }>(`select count(*)::int as n from mention_groups`);
      expect(groups.rows[0]!.n).toBe(3);
      // Deleting an article still takes its mentions with it (the trigger moved to the new table).
      await old.db.query(`delete from articles where id = $1`, [a]);
      expect((await old.db.query<{ n: number }>(`select count(*)::int as n from mentions`)).rows[0]!.n).toBe(1);
    } finally {
      rmSync(dir, { recursive: true, force: true });
      await old.drop();
    }
  });
});
