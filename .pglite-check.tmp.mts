import { PGlite } from '@electric-sql/pglite';
import { listMigrations } from './src/db/migrate.js';
const pg = await PGlite.create();
for (const m of listMigrations('/work/main/migrations')) { await pg.exec(m.sql); console.log('ok', m.name); }
console.log(await pg.query(`select rolname from pg_roles where rolname='launchwatch_analyst'`));
console.log((await pg.query(`select string_to_array('', ',') as a, $1::text[] as b`, [['x','y']])).rows);
