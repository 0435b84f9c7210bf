#!/usr/bin/env -S node --max-semi-space-size=64 --heap-growing-percent=100
// Runs the compiled CLI (npm ci builds it through the prepare script). The flags on the first
// line are the service's V8 flags (src/runtime/node-flags.ts).
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
const compiled = fileURLToPath(new URL('../dist/src/cli.js', import.meta.url));
if (!existsSync(compiled)) {
  console.error('launchwatch: not built yet; run `npm run build` (npm ci does it for you)');
  process.exit(1);
}
await import(compiled);
