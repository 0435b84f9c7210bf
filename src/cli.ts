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
    .action(async (o) => {
      if (o.once && o.role === 'worker') throw new UserError('Cannot specify both --once and --role worker');
      const c = ctx();
      const { runCommand } = await import('./commands/run.js');
      process.exitCode = await runCommand(
        c.config,
        c.log,
        { once: !!o.once, role: o.role, feeds: o.feeds, allowHost: o.allowHost, timeoutS: o.timeout, migrate: !!o.migrate },
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
