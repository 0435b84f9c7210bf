// Takes a full-page screenshot of a running launchwatch dashboard, in the system Chromium.
// Usage: npx tsx scripts/screenshot.ts [out.png] [url]   (url defaults to http://127.0.0.1:8080/)
// It seeds nothing: point it at a `launchwatch serve` (or test/browser/serve-seeded.ts).
import { existsSync } from 'node:fs';
import { chromium } from 'playwright-core';

const out = process.argv[2] ?? 'dashboard.png';
const url = process.argv[3] ?? 'http://127.0.0.1:8080/';
const executablePath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

async function main(): Promise<void> {
  if (!existsSync(executablePath)) throw new Error(`Chromium not found at ${executablePath}: install it (apt-get install -y chromium) or set CHROMIUM_PATH`);
  const browser = await chromium.launch({
    executablePath,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  try {
    const page = await browser.newPage({ viewport: { width: 1360, height: 900 }, deviceScaleFactor: 1 });
    await page.goto(url, { waitUntil: 'load' });
    // The page marks itself loaded once its data is drawn; an error shows in #updated instead.
    await page.waitForSelector('body[data-loaded="true"], #updated.error', { timeout: 20_000 });
    await page.screenshot({ path: out, fullPage: true });
    process.stdout.write(`${out}\n`);
  } finally {
    await browser.close();
  }
}

main().catch((e: unknown) => {
  process.stderr.write(`screenshot: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exit(1);
});
