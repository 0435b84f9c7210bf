// Serves the dashboard over a fresh Postgres schema filled with the test world and a month of
// demo launches, for screenshots and a look by eye. Ctrl-C stops it and drops the schema.
// Usage: npx tsx test/browser/serve-seeded.ts [port]   (then: npx tsx scripts/screenshot.ts out.png)
import { loadConfig } from '../../src/config.js';
import { createLogger } from '../../src/logger.js';
import { serveCommand } from '../../src/commands/serve.js';
import { freshDb } from '../helpers/db.js';
import { seedWorld } from '../integration/http/seed.js';
import { seedDemo } from './demo-seed.js';

const port = process.argv[2] ?? '8080';
const tdb = await freshDb();
await seedWorld(tdb.db);
await seedDemo(tdb.db);
const config = loadConfig({ LAUNCHWATCH_HTTP_PORT: port, LAUNCHWATCH_HTTP_HOST: '127.0.0.1', LOG_LEVEL: 'warn' });
const server = await serveCommand({ config, log: createLogger('warn'), db: tdb.db, redisUrl: null, queuePrefix: 'seeded' });
process.stdout.write(`dashboard on ${server.url}/ (schema ${tdb.schema}); Ctrl-C to stop\n`);
const stop = async () => {
  await server.close();
  await tdb.drop();
  process.exit(0);
};
process.once('SIGINT', stop);
process.once('SIGTERM', stop);
