import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { loadConfig, type Config } from './config.js';
import { createLogger, type Logger } from './logger.js';
import { ConfigError, UserError, coerceError } from './errors.js';

// Thin entry point (STYLE 1): parse argv, then hand over to commands/*.

const out = (line: string) => process.stdout.write(`${line}\n`);

function positiveInt(v: string): number {
  const n = Number(v);
  if (!Number.isInteger(n) || n <= 0) throw new InvalidArgumentError('expected a positive whole number');
  return n;
}

function parseDate(v: string): Date {
  const d = new Date(v);
  if (Number.isNaN(d.getTime())) throw new InvalidArgumentError('expected a date such as 2026-11-01');
  return d;
}

const collect = (v: string, prev: string[]) => [...prev, v];

interface Ctx {
  config: Readonly<Config>;
  log: Logger;
}

function ctx(): Ctx {
  const config = loadConfig();
  return { config, log: createLogger(config.logLevel) };
}

async function withDb<T>(fn: (c: Ctx, db: import('./db/db.js').Db) => Promise<T>): Promise<T> {
  const c = ctx();
  const { openDb } = await import('./db/open.js');
  const db = await openDb(c.config, c.log);
  try {
    return await fn(c, db);
  } finally {
    await db.close();
  }
}

export function buildProgram(): Command {
  const program = new Command('launchwatch')
    .description('Tracks how AI-model launches go, as the press reports them')
    .option('--stack', 'print stack traces of unexpected errors')
    .showSuggestionAfterError(true)
    // One line per error: commander puts its suggestion on a line of its own.
    .configureOutput({
      outputError: (str, write) => write(`launchwatch: ${str.replace(/^error: /, '').replace(/\n(?=\(Did you mean)/, ' ').trimEnd()} — see launchwatch --help\n`),
    })
    .exitOverride();

  program
    .command('run')
    .description('run the service: schedulers, feed pollers and classify workers')
    .option('--once', 'poll every enabled feed once, wait until all work is done, print a summary and exit')
    .addOption(new Option('--role <role>', 'which part to run').choices(['poller', 'worker', 'all']).default('all'))
    .option('--feeds <file>', 'feed list (YAML, JSON or OPML) replacing config/feeds.yaml for this run')
    .option('--allow-host <host>', 'let the fetcher reach this host even if it is private or loopback (repeatable)', collect, [])
    .option('--timeout <seconds>', 'with --once: give up waiting after this long', positiveInt, 1800)
    .option('--migrate', 'apply pending database migrations first')
    .option('--serve', 'also serve /healthz, /metrics, the API and the dashboard from this process')
    .action(async (o) => {
      if (o.once && o.serve) throw new UserError('Cannot specify both --once and --serve');
      if (o.once && o.role === 'worker') throw new UserError('Cannot specify both --once and --role worker');
      const c = ctx();
      const { runCommand } = await import('./commands/run.js');
      process.exitCode = await runCommand(
        c.config,
        c.log,
        { once: !!o.once, role: o.role, feeds: o.feeds, allowHost: o.allowHost, timeoutS: o.timeout, migrate: !!o.migrate, serve: !!o.serve },
        out,
      );
    });

  program
    .command('worker')
    .description('run classify and page workers only (scale out with more of these)')
    .action(async () => {
      const c = ctx();
      const { runCommand } = await import('./commands/run.js');
      process.exitCode = await runCommand(c.config, c.log, { once: false, role: 'worker', allowHost: [], timeoutS: 0, migrate: false }, out);
    });

  program
    .command('migrate')
    .description('apply the database migrations')
    .action(() =>
      withDb(async (_c, db) => {
        const { migrateCommand } = await import('./commands/migrate.js');
        await migrateCommand(db, out);
      }),
    );

  program
    .command('classify')
    .description('classify article files (text, HTML or JSON) without a database')
    .argument('<files...>')
    .option('--json', 'one JSON object per file, one per line')
    .action(async (files: string[], o) => {
      const { config } = ctx();
      const { loadEngine } = await import('./runtime/context.js');
      const { classifyCommand } = await import('./commands/classify.js');
      classifyCommand(loadEngine(config), files, { json: !!o.json }, out);
    });

  program
    .command('explain')
    .description('every sentence, term, flag, weight and target behind a score')
    .argument('<id>', 'article:ID, event:ID, or a bare id (event first, then article)')
    .action((id: string) =>
      withDb(async (_c, db) => {
        const { explainCommand } = await import('./commands/explain.js');
        process.exitCode = await explainCommand(db, id, out);
      }),
    );

  program
    .command('reclassify')
    .description('re-run extraction over stored articles through the queue and report which events changed')
    .option('--since <date>', 'only articles published (or fetched) since this date', parseDate)
    .action(async (o: { since?: Date }) => {
      const c = ctx();
      const { reclassifyRun } = await import('./commands/reclassify-run.js');
      process.exitCode = await reclassifyRun(c.config, c.log, { since: o.since }, out);
    });

  program
    .command('eval')
    .description('precision, recall and F1 of the extraction on a labelled set (exit 1 below the thresholds)')
    .argument('<dir>', 'folder of *.jsonl labelled items (the team set is eval/data)')
    .option('--json', 'print the report as one JSON object')
    .option('--misses', 'list every miss (item, expected, got)')
    .action(async (dir: string, o) => {
      const { config } = ctx();
      const { evalCommand } = await import('./commands/eval.js');
      process.exitCode = await evalCommand(dir, { json: !!o.json, misses: !!o.misses, configDir: config.configDir, out });
    });

  program
    .command('serve')
    .description('HTTP: /healthz, /readyz, /metrics, JSON API, dashboard at /, queue UI at /queues')
    .action(async () => {
      const c = ctx();
      const { openDb } = await import('./db/open.js');
      const { serveCommand } = await import('./commands/serve.js');
      const { onShutdownSignal } = await import('./lifecycle.js');
      const db = await openDb(c.config, c.log);
      const h = await serveCommand({ config: c.config, log: c.log, db, redisUrl: c.config.redisUrl, queuePrefix: c.config.queuePrefix });
      out(`serving on ${h.url}`);
      await onShutdownSignal(
        async () => {
          await h.close();
          await db.close();
        },
        c.log,
        c.config.shutdownGraceMs,
      );
    });

  const jobs = program.command('jobs').description('inspect and retry failed BullMQ jobs');
  const withQueues = async (fn: (q: import('./queue/queues.js').Queues) => Promise<number>) => {
    const { config, log } = ctx();
    if (!config.redisUrl) throw new UserError('jobs needs REDIS_URL: in embedded mode failed work is kept on the article rows (status failed)');
    const { createRedis } = await import('./queue/connection.js');
    const { createQueues } = await import('./queue/queues.js');
    const redis = createRedis(config.redisUrl, 'producer', log);
    const queues = createQueues(redis, config.queuePrefix);
    try {
      process.exitCode = await fn(queues);
    } finally {
      await queues.close();
      redis.disconnect();
    }
  };
  jobs
    .command('failed')
    .description('list failed jobs with their reasons')
    .option('--queue <name>', 'poll-feed, classify or fetch-page')
    .action((o) => withQueues(async (q) => (await import('./commands/jobs.js')).jobsFailedCommand(q, out, o)));
  jobs
    .command('retry')
    .description('retry failed jobs (all, one queue, or one job)')
    .option('--queue <name>', 'poll-feed, classify or fetch-page')
    .option('--id <jobId>')
    .action((o) => withQueues(async (q) => (await import('./commands/jobs.js')).jobsRetryCommand(q, o, out)));

  const feeds = program.command('feeds').description('manage the stored feed list');
  feeds
    .command('list')
    .description('every feed with its health: status, failures, last success, next check')
    .action(() => withDb(async (_c, db) => (await import('./commands/feeds.js')).feedsListCommand(db, out)));
  feeds
    .command('add')
    .argument('<url>')
    .option('--title <title>')
    .option('--language <lang>', 'en, zh, …')
    .option('--interval <seconds>', 'poll interval', positiveInt)
    .action((url: string, o) => withDb(async (_c, db) => (await import('./commands/feeds.js')).feedsAddCommand(db, url, o, out)));
  feeds
    .command('remove')
    .argument('<url>')
    .action((url: string) => withDb(async (_c, db) => (await import('./commands/feeds.js')).feedsRemoveCommand(db, url, out)));
  feeds
    .command('import-opml')
    .argument('<file>', 'OPML (or YAML/JSON) feed list')
    .action((file: string) => withDb(async (_c, db) => (await import('./commands/feeds.js')).feedsImportCommand(db, file, out)));
  feeds
    .command('export-opml')
    .argument('[file]', 'write here instead of stdout')
    .action((file?: string) => withDb(async (_c, db) => (await import('./commands/feeds.js')).feedsExportCommand(db, file, out)));

  return program;
}

async function main(argv: string[]): Promise<void> {
  const program = buildProgram();
  try {
    await program.parseAsync(argv);
  } catch (raw) {
    if (raw instanceof CommanderError) {
      // commander has printed its own one-line message (unknown command, bad flag, --help).
      process.exitCode = raw.exitCode === 0 ? 0 : 2;
      return;
    }
    const err = coerceError(raw);
    if (err instanceof UserError || err instanceof ConfigError) {
      process.stderr.write(`launchwatch: ${err.message}\n`);
      process.exitCode = 2;
      return;
    }
    const wantStack = program.opts().stack === true;
    process.stderr.write(`launchwatch: ${err.message}${wantStack ? `\n${err.stack ?? ''}` : ' (run with --stack for details)'}\n`);
    process.exitCode = 1;
  }
}

await main(process.argv);
