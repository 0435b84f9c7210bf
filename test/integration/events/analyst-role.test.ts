import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { freshDb, type TestDb } from '../../helpers/db.js';
import { TEST_DATABASE_URL } from '../../helpers/services.js';
import { seedAnalystWorld } from './analyst-seed.js';
import { connectAs } from './analyst.js';

// The read-only analyst role: reads the views, nothing else, and its statements time out.

const VIEWS = ['v_launch_events', 'v_event_articles', 'v_friction_evidence', 'v_feed_health'];

async function sqlState(p: Promise<unknown>): Promise<string | undefined> {
  try {
    await p;
    return undefined;
  } catch (err) {
    return (err as { code?: string }).code;
  }
}

describe('launchwatch_analyst', () => {
  let t: TestDb;
  let analyst: pg.Client;
  beforeAll(async () => {
    t = await freshDb();
    await seedAnalystWorld(t.db);
    analyst = await connectAs('launchwatch_analyst', t.schema);
  });
  afterAll(async () => {
    await analyst?.end();
    await t?.drop();
  });

  it('reads every view', async () => {
    for (const v of VIEWS) {
      const r = await analyst.query(`select * from ${v}`);
      expect(r.rows.length, v).toBeGreaterThan(0);
    }
  });

  it('cannot read the tables behind them', async () => {
    for (const table of ['articles', 'launch_events', 'friction_hits', 'feeds', 'event_articles', 'reclassify_runs', 'schema_migrations']) {
      expect(await sqlState(analyst.query(`select 1 from ${table} limit 1`)), table).toBe('42501');
    }
  });

  it('cannot write, through the views or otherwise', async () => {
    // A view that is not updatable fails before the privilege check (55000); either refuses.
    expect(['42501', '55000']).toContain(await sqlState(analyst.query(`delete from v_launch_events`)));
    expect(['42501', '55000']).toContain(await sqlState(analyst.query(`update v_feed_health set url = 'x'`)));
    expect(await sqlState(analyst.query(`insert into feeds (url) values ('https://evil.test/')`))).toBe('42501');
    expect(await sqlState(analyst.query(`create table mine (x int)`))).toBe('42501');
    expect(await sqlState(analyst.query(`create view mine as select 1`))).toBe('42501');
    expect(await sqlState(analyst.query(`select set_config('search_path', 'public', false); create table public.mine (x int)`))).toBe('42501');
    const n = await t.db.query<{ n: number }>(`select count(*)::int as n from launch_events`);
    expect(n.rows[0]!.n).toBe(4);
  });

  it('runs with a 30 s statement timeout of its own', async () => {
    const fresh = await connectAs('launchwatch_analyst', null);
    try {
      expect((await fresh.query('show statement_timeout')).rows[0].statement_timeout).toBe('30s');
    } finally {
      await fresh.end();
    }
  });

  it('a role-level statement_timeout cuts a runaway query (shown on a throwaway role with 300 ms)', async () => {
    const role = `lw_tmp_${randomUUID().replace(/-/g, '').slice(0, 12)}`;
    const admin = new pg.Client({ connectionString: TEST_DATABASE_URL });
    await admin.connect();
    try {
      await admin.query(`create role ${role} login`);
      await admin.query(`alter role ${role} set statement_timeout = '300ms'`);
      const c = await connectAs(role, null);
      try {
        const started = Date.now();
        expect(await sqlState(c.query('select pg_sleep(5)'))).toBe('57014');
        expect(Date.now() - started).toBeLessThan(3000);
      } finally {
        await c.end();
      }
    } finally {
      await admin.query(`drop role if exists ${role}`);
      await admin.end();
    }
  });

  it('migrates a second schema while the role exists, and concurrently', async () => {
    const more = await Promise.all([freshDb(), freshDb(), freshDb()]);
    try {
      const c = await connectAs('launchwatch_analyst', more[0]!.schema);
      try {
        expect((await c.query('select count(*)::int as n from v_launch_events')).rows[0].n).toBe(0);
      } finally {
        await c.end();
      }
    } finally {
      await Promise.all(more.map((m) => m.drop()));
    }
  });
});
