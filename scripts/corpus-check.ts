/**
 * Runs decodeBody + parseFeed over every file of a feed corpus and prints a summary.
 * Usage: npx tsx scripts/corpus-check.ts [DIR]   (DIR defaults to $LAUNCHWATCH_CORPUS_DIR)
 * Each file is parsed in a child process with a deadline, so a hang is detected and killed rather
 * than stalling the run. Exit 1 when any file crashed or hung.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const PER_FILE_TIMEOUT_MS = 15_000;
const SKIP = new Set(['INDEX.tsv', 'README.md', 'LICENSE']);

type Outcome =
  | { kind: 'ingested'; items: number; rejectedItems: number; charset: string }
  | { kind: 'rejected'; reason: string }
  | { kind: 'crash'; error: string }
  | { kind: 'hang' };

function listFiles(dir: string): string[] {
  const out: string[] = [];
  const stack = [dir];
  while (stack.length) {
    const d = stack.pop() as string;
    for (const name of readdirSync(d)) {
      const p = path.join(d, name);
      if (statSync(p).isDirectory()) {
        if (name !== '_licenses') stack.push(p);
      } else if (!SKIP.has(name)) out.push(p);
    }
  }
  return out.sort();
}

/** Child mode: parse the files the parent sends, one at a time, and answer with the outcome. */
async function child(): Promise<void> {
  const { decodeBody } = await import('../src/feeds/decode.js');
  const { parseFeed, FeedParseError } = await import('../src/feeds/parse.js');
  process.on('message', (msg: { file: string }) => {
    void (async (): Promise<Outcome> => {
      try {
        let buf = readFileSync(msg.file);
        if (buf[0] === 0x1f && buf[1] === 0x8b) buf = gunzipSync(buf);
        const { text, charset } = decodeBody(buf, null);
        try {
          const feed = await parseFeed(text, 'https://corpus.example/feed');
          return { kind: 'ingested', items: feed.items.length, rejectedItems: feed.rejected.length, charset };
        } catch (err) {
          if (err instanceof FeedParseError) return { kind: 'rejected', reason: err.reason };
          throw err;
        }
      } catch (err) {
        return { kind: 'crash', error: err instanceof Error ? (err.stack ?? err.message) : String(err) };
      }
    })().then((outcome) => process.send?.(outcome));
  });
  process.send?.({ ready: true });
}

function runOne(proc: ChildProcess, file: string): Promise<Outcome> {
  return new Promise((resolve) => {
    const onMessage = (msg: Outcome): void => {
      clearTimeout(timer);
      proc.off('exit', onExit);
      resolve(msg);
    };
    const onExit = (code: number | null): void => {
      clearTimeout(timer);
      proc.off('message', onMessage);
      resolve({ kind: 'crash', error: `parser process exited (${code ?? 'signal'})` });
    };
    const timer = setTimeout(() => {
      proc.off('message', onMessage);
      proc.off('exit', onExit);
      resolve({ kind: 'hang' });
    }, PER_FILE_TIMEOUT_MS);
    proc.once('message', onMessage);
    proc.once('exit', onExit);
    proc.send({ file });
  });
}

/** A parser child process (tsx loader), resolved once it has loaded the modules. */
function newChild(): Promise<ChildProcess> {
  const proc = fork(fileURLToPath(import.meta.url), ['--child'], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  return new Promise((resolve, reject) => {
    proc.once('message', () => resolve(proc));
    proc.once('exit', (code) => reject(new Error(`parser process failed to start (${code})`)));
  });
}

async function main(): Promise<void> {
  const dir = process.argv[2] ?? process.env['LAUNCHWATCH_CORPUS_DIR'];
  if (!dir) {
    console.error('usage: npx tsx scripts/corpus-check.ts DIR   (or set LAUNCHWATCH_CORPUS_DIR)');
    process.exit(2);
  }
  const files = listFiles(path.resolve(dir));
  let worker = await newChild();
  let ingested = 0;
  let items = 0;
  const rejected = new Map<string, string[]>();
  const bad: Array<{ file: string; outcome: Outcome }> = [];
  for (const file of files) {
    const outcome = await runOne(worker, file);
    const rel = path.relative(dir, file);
    if (outcome.kind === 'ingested') {
      ingested++;
      items += outcome.items;
    } else if (outcome.kind === 'rejected') {
      const group = outcome.reason.replace(/\(.*\)$/, '').replace(/<[^>]+>/, '<…>').trim();
      rejected.set(group, [...(rejected.get(group) ?? []), rel]);
    } else {
      bad.push({ file: rel, outcome });
      if (worker.exitCode === null) worker.kill('SIGKILL');
      worker = await newChild();
    }
    if (process.env['CORPUS_VERBOSE']) console.log(`${outcome.kind}\t${rel}\t${JSON.stringify(outcome)}`);
  }
  worker.kill();
  const rejectedCount = [...rejected.values()].reduce((n, l) => n + l.length, 0);
  console.log(`files: ${files.length}`);
  console.log(`ingested: ${ingested} feeds (${items} items total)`);
  console.log(`rejected: ${rejectedCount}`);
  for (const [reason, list] of [...rejected].sort((a, b) => b[1].length - a[1].length)) {
    console.log(`  ${list.length}\t${reason}`);
    for (const f of list.slice(0, 50)) console.log(`      ${f}`);
  }
  const crashes = bad.filter((b) => b.outcome.kind === 'crash').length;
  const hangs = bad.filter((b) => b.outcome.kind === 'hang').length;
  console.log(`crashes: ${crashes}, hangs: ${hangs}`);
  for (const b of bad) console.log(`  ${b.outcome.kind}\t${b.file}\t${b.outcome.kind === 'crash' ? b.outcome.error.split('\n').slice(0, 3).join(' | ') : ''}`);
  process.exit(crashes + hangs > 0 ? 1 : 0);
}

(process.argv.includes('--child') ? child() : main()).catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
