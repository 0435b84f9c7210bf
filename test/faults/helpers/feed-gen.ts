// Synthetic feeds for the fault suite: many distinct articles with launch and friction language,
// so every article produces mentions, hits and scores and a lost or doubled write shows up.

const SUBJECTS = [
  ['Alibaba', 'Qwen3'],
  ['ByteDance', 'Doubao'],
  ['Kuaishou', 'Kling 2'],
  ['Tencent', 'Hunyuan'],
  ['Baidu', 'Ernie 5'],
  ['OpenAI', 'GPT-5'],
  ['Google', 'Gemini 3'],
  ['Anthropic', 'Claude 5'],
] as const;
const FRICTION = ['was delayed after an outage', 'launch was rocky and throttled', 'rollout was paused', 'was not delayed', 'went smoothly'];

// Filler vocabulary: each article gets its own pseudo-random sentence so that no two are
// near-duplicates (the classifier collapses syndicated copies, which would make results order-dependent).
const WORDS = (
  'river lantern copper orchard signal harbor meadow falcon quartz ember willow canyon prism velvet tundra beacon ' +
  'saffron glacier monsoon pepper walnut cobalt thistle juniper marble drizzle pebble hollow summit cedar lagoon ' +
  'ripple amber basalt crimson dune fjord garnet heron iris jasper kelp lichen mosaic nectar onyx plume quill ' +
  'rustle sorrel tide umber vapor wren yarrow zephyr anchor bramble cinder dapple estuary fennel gorse hazel'
).split(' ');

function filler(seed: number, n: number): string {
  let x = (seed * 2654435761) >>> 0;
  const out: string[] = [];
  for (let i = 0; i < n; i++) {
    x = (Math.imul(x, 1664525) + 1013904223) >>> 0;
    out.push(WORDS[x % WORDS.length]!);
  }
  return `${out.join(' ')}.`;
}

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** An RSS 2.0 document with `n` distinct articles whose links live under `site` (a tag keeps feeds apart). */
export function syntheticRss(n: number, opts: { tag?: string; site?: string; start?: number } = {}): string {
  const tag = opts.tag ?? 'f';
  const site = opts.site ?? 'http://news.test';
  const start = opts.start ?? 0;
  const items: string[] = [];
  for (let i = start; i < start + n; i++) {
    const [company, model] = SUBJECTS[i % SUBJECTS.length]!;
    const friction = FRICTION[i % FRICTION.length]!;
    const day = 1 + (i % 27);
    const title = `${company} launches ${model} (${tag} #${i})`;
    const body = `${company} unveiled ${model} on Monday. The ${model} launch ${friction}, users said. Story ${tag}-${i}. ${filler(i + 7919 * tag.length, 40)} ${filler(i * 31 + 5, 40)}`;
    items.push(
      `<item><title>${esc(title)}</title><link>${site}/${tag}/${i}</link><guid isPermaLink="false">${tag}-${i}</guid>` +
        `<pubDate>${new Date(Date.UTC(2026, 10, day, 8)).toUTCString()}</pubDate><description>${esc(body)}</description></item>`,
    );
  }
  return `<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0"><channel><title>Synthetic ${tag}</title><link>${site}/</link><description>fault suite</description><language>en</language>\n${items.join('\n')}\n</channel></rss>\n`;
}

/** A feeds.yaml body for the given URLs. */
export function feedsYaml(urls: readonly string[], opts: { language?: string; intervalS?: number } = {}): string {
  return urls
    .map((u) => `- url: ${JSON.stringify(u)}\n  language: ${opts.language ?? 'en'}\n${opts.intervalS ? `  pollIntervalS: ${opts.intervalS}\n` : ''}`)
    .join('');
}
