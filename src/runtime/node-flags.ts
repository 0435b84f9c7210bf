/**
 * The V8 flags every launchwatch process runs with. Node takes them on its command line only (V8
 * sizes its heap when the process starts), so they are spelt out where a process starts: the
 * first line of bin/launchwatch.js (`npx launchwatch`), `npm start`, the Dockerfile's entrypoint,
 * and the bench's worker processes, which take them from here.
 * test/unit/runtime/node-flags.test.ts checks that all of them agree with this list.
 *
 * - A 64 MB semi-space (V8's default grows to 16 MB). A classify batch lives across its
 *   Postgres round trips for ~100–300 ms, long enough to outlast two scavenges of the default
 *   young generation, so most of what a batch allocates was promoted to the old generation and
 *   collected there. With 64 MB most of it dies young: garbage collection took 9.0–9.7 % of a
 *   classify worker's CPU instead of 17.4–17.6 % in paired bench runs.
 * - The old generation grows to twice what the last full collection left (V8 picks a factor of
 *   up to 4 from its own timings). It holds ~40 MB after a full collection here; with V8's own
 *   factor the heap committed between collections drifted from ~300 to ~330 MB over 100 000
 *   reclassifications, with this one RSS stays at 280–290 MB, for more full collections but the
 *   same share of CPU in GC.
 * docs/performance.md, item 41, has the runs.
 */
export const SERVICE_NODE_FLAGS: readonly string[] = ['--max-semi-space-size=64', '--heap-growing-percent=100'];
