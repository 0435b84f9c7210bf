import { loadConfig } from '../src/config.js';
import { loadEngine } from '../src/runtime/context.js';
import { loadCatalog } from '../src/catalog/load.js';
import { silentLogger } from '../src/logger.js';
import { benchSchema } from './env.js';
import { catalogSignals, makeArticle } from './corpus.js';
import { ARTICLE_COLUMNS, articleRow, copyRows, syncArticleIds } from './copy.js';
import { createClassifyBatcher } from '../workers/classify.js';
async function main() {
const config = loadConfig({});
const engine = loadEngine(config);
const sig = catalogSignals(loadCatalog(config.configDir));
const N = Number(process.argv[2] ?? 3000), B = Number(process.argv[3] ?? 64), C = Number(process.argv[4] ?? 128);
const b = await benchSchema(6);
await copyRows(b.db.pool, 'articles', ARTICLE_COLUMNS, Array.from({ length: N }, (_, i) => articleRow(i + 1, makeArticle(sig, i, 2048, 'r'), 'pending')));
await syncArticleIds(b.db.pool); await b.db.query('analyze articles');
const times = new Map<string, [number, number]>();
const last = new Map<string, [string, any]>();
const timed = (q: any) => ({ query: async (sql: string, p?: any) => { if (/^\s*(with s as|select ea.event_id)/.test(sql)) last.set(sql.slice(0, 30), [sql, p]); const t = performance.now(); try { return await q.query(sql, p); } finally { const k = sql.replace(/\s+/g, ' ').slice(0, 70); const e = times.get(k) ?? [0, 0]; e[0] += performance.now() - t; e[1]++; times.set(k, e); } } });
const db: any = { ...b.db, query: timed(b.db).query, tx: (fn: any) => b.db.tx((q: any) => fn(timed(q))) };
const batcher = createClassifyBatcher({ db, lex: engine.lex, version: engine.version, log: silentLogger }, { maxItems: B, maxWaitMs: 20 });
const t0 = performance.now();
let next = 1;
await Promise.all(Array.from({ length: C }, async () => { while (next <= N) { const id = next++; await batcher.classify(id); } }));
const s = (performance.now() - t0) / 1000;
console.log({ N, B, C, s, perS: N / s, stats: batcher.stats() });
for (const [k, [ms, n]] of [...times].sort((a, b) => b[1][0] - a[1][0])) console.log(ms.toFixed(0).padStart(7), String(n).padStart(5), k);
for (const [sql, p] of last.values()) { const r = await b.db.query('explain analyze ' + sql, p); console.log(r.rows.map((x: any) => x['QUERY PLAN']).join('\n')); }
await b.drop();
}
main();
