/**
 * The V8 flags every launchwatch process runs with. Node takes them on its command line only (V8
 * sizes its heap when the process starts), so they are spelt out where a process starts: the
 * first line of bin/launchwatch.js (`npx launchwatch`), `npm start`, the Dockerfile's entrypoint,
 * and the bench's worker processes, which take them from here.
 * test/unit/runtime/node-flags.test.ts checks that all of them agree with this list.
 *
 * A 64 MB semi-space (V8's default tops out at 16 MB): a classify batch lives across its
 * Postgres round trips for ~100–300 ms, long enough to outlast two scavenges of the default young
 * generation, so most of what a batch allocates was promoted to the old generation and then
 * collected there. With 64 MB it mostly dies young: reclassifying ran 27–66 % faster in paired
 * bench runs, for ~100 MB more RSS per process (docs/performance.md, item 41).
 */
export const SERVICE_NODE_FLAGS: readonly string[] = ['--max-semi-space-size=64'];
