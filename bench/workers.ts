// Worker child processes for the pipeline benchmarks, and their memory samples.
import { fork, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { SERVICE_NODE_FLAGS } from '../src/runtime/node-flags.js';

// `npm run bench` runs the compiled bench (dist/bench), whose workers run the compiled service,
// as `launchwatch worker` does; run from source (`npx tsx bench/index.ts`), they need tsx too.
const FROM_SOURCE = import.meta.url.endsWith('.ts');
const ENTRY = path.join(path.dirname(fileURLToPath(import.meta.url)), FROM_SOURCE ? 'worker-entry.ts' : 'worker-entry.js');

export interface RssSample {
  at: number;
  rss: number;
}

/** The V8 heap in use right after a full garbage collection (bytes). */
export interface HeapSample {
  at: number;
  used: number;
}

export interface WorkerProcess {
  child: ChildProcess;
  samples: RssSample[];
  /** Samples taken since `from` (ms epoch). */
  since(from: number): RssSample[];
  /** Heap samples (one per full collection) taken since `from` (ms epoch). */
  heapSince(from: number): HeapSample[];
  stop(): Promise<void>;
}

/** Forks a worker process with these environment settings and resolves once its service runs. */
export async function startWorkerProcess(env: Record<string, string>): Promise<WorkerProcess> {
  const child = fork(ENTRY, [], {
    // BENCH_CPU_PROF=DIR writes a V8 CPU profile of each worker there (open it in Chrome DevTools).
    // The service's own V8 flags, as `launchwatch run` starts with them.
    execArgv: [...SERVICE_NODE_FLAGS, ...(FROM_SOURCE ? ['--import', 'tsx'] : []), ...(process.env.BENCH_CPU_PROF ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_CPU_PROF}`] : [])],
    env: { ...process.env, ...env },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const samples: RssSample[] = [];
  const heap: HeapSample[] = [];
  await new Promise<void>((resolve, reject) => {
    const onExit = (code: number | null) => reject(new Error(`bench worker exited with code ${code} before it was ready`));
    child.once('exit', onExit);
    child.on('message', (m: { type?: string; rss?: number; used?: number; at?: number }) => {
      if (m.type === 'ready') {
        child.off('exit', onExit);
        resolve();
      } else if (m.type === 'rss') samples.push({ at: m.at!, rss: m.rss! });
      else if (m.type === 'heap') heap.push({ at: m.at!, used: m.used! });
    });
  });
  return {
    child,
    samples,
    since: (from) => samples.filter((s) => s.at >= from),
    heapSince: (from) => heap.filter((s) => s.at >= from),
    async stop() {
      if (child.exitCode !== null) return;
      const exited = new Promise<void>((r) => child.once('exit', () => r()));
      child.send({ type: 'stop' });
      const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
      await exited;
      clearTimeout(timer);
    },
  };
}
