import { writeFileSync } from 'node:fs';
import type { Db } from '../db/db.js';
import { deleteFeedByUrl, listFeeds, upsertFeeds } from '../db/sql/feeds.js';
import { loadFeedList, toOpml } from '../feeds/feed-list.js';
import { canonicalUrl } from '../feeds/canonical-url.js';
import { UserError } from '../errors.js';
import { createProgress } from '../progress.js';

/** `feeds list`: every feed with its health (last success, failures, next check). */
export async function feedsListCommand(db: Db, out: (line: string) => void): Promise<void> {
  const feeds = await listFeeds(db);
  if (feeds.length === 0) {
    out('no feeds yet: `launchwatch feeds add URL` or `launchwatch feeds import-opml FILE`');
    return;
  }
  const when = (d: Date | null) => (d ? d.toISOString().replace(/\.\d+Z$/, 'Z') : '-');
  out(['id', 'enabled', 'status', 'failures', 'last success', 'next check', 'url'].join('\t'));
  for (const f of feeds) {
    out([f.id, f.enabled ? 'yes' : 'no', f.last_status ?? 'never polled', f.consecutive_failures, when(f.last_success_at), when(f.next_check_at), f.url].join('\t'));
    if (f.last_error && f.consecutive_failures > 0) out(`\t↳ ${f.last_error}`);
  }
}

/** `feeds add URL`: stores (or re-enables) one feed. */
export async function feedsAddCommand(
  db: Db,
  url: string,
  opts: { title?: string; language?: string; interval?: number },
  out: (line: string) => void,
): Promise<void> {
  const u = canonicalUrl(url);
  if (!u) throw new UserError(`not an http(s) URL: ${url}`);
  const [row] = await upsertFeeds(db, [{ url: url.trim(), title: opts.title, language: opts.language, enabled: true, pollIntervalS: opts.interval }]);
  out(`feed #${row!.id} ${row!.url}`);
}

/** `feeds remove URL`: deletes the feed; its articles stay. */
export async function feedsRemoveCommand(db: Db, url: string, out: (line: string) => void): Promise<void> {
  if (!(await deleteFeedByUrl(db, url.trim()))) throw new UserError(`no such feed: ${url}`);
  out(`removed ${url}`);
}

/** `feeds import-opml FILE`: adds every feed of an OPML (or YAML/JSON) list. */
export async function feedsImportCommand(db: Db, file: string, out: (line: string) => void): Promise<void> {
  const specs = loadFeedList(file);
  const progress = createProgress('import');
  let done = 0;
  for (let i = 0; i < specs.length; i += 500) {
    const chunk = specs.slice(i, i + 500);
    await upsertFeeds(db, chunk);
    done += chunk.length;
    progress.update(done, specs.length);
  }
  progress.done();
  out(`imported ${specs.length} feed(s) from ${file}`);
}

/** `feeds export-opml [FILE]`: the stored feeds as OPML, to a file or stdout. */
export async function feedsExportCommand(db: Db, file: string | undefined, out: (line: string) => void): Promise<void> {
  const feeds = await listFeeds(db);
  const xml = toOpml(
    feeds.map((f) => ({ url: f.url, title: f.title ?? undefined, language: f.language ?? undefined, enabled: f.enabled, pollIntervalS: f.poll_interval_s })),
  );
  if (file) {
    writeFileSync(file, xml);
    out(`exported ${feeds.length} feed(s) to ${file}`);
  } else out(xml);
}
