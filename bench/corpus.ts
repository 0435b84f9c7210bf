import type { Catalog } from '../src/catalog/schema.js';
// Generated news for the pipeline benchmarks: English and Chinese articles of a given size, each
// with its own text (so syndication dedup sees distinct stories, as in real feeds), names and
// friction terms from the catalogue in about one sentence in seven, in time order.

const CJK_RE = /[\u3400-\u9fff]/;

/** Names and friction terms drawn from the catalogue, so the articles exercise the real lexicon. */
export interface Signals {
  subjects: { company: string; model: string; companyZh: string | null }[];
  frictionEn: string[];
  frictionZh: string[];
}

/** Launch subjects (every catalogued model with its company's names) and friction terms. */
export function catalogSignals(catalog: Catalog): Signals {
  const companies = new Map(catalog.entities.companies.map((c) => [c.id, c]));
  const subjects = catalog.entities.models.flatMap((m) => {
    const c = companies.get(m.company);
    if (!c) return [];
    return [{ company: c.name, model: m.name, companyZh: c.aliases.find((a) => CJK_RE.test(a)) ?? null }];
  });
  const terms = catalog.friction.terms.map((t) => t.term);
  return { subjects, frictionEn: terms.filter((t) => !CJK_RE.test(t)), frictionZh: terms.filter((t) => CJK_RE.test(t)) };
}

// Launch reports (a launch cue and a subject) and plain coverage that names a company and its
// model without reporting a launch; friction words appear in both.
const EN_LAUNCH = [
  (c: string, m: string, f: string) => `${c} launched ${m} on Tuesday, but users said the rollout saw ${f} within hours.`,
  (c: string, m: string, f: string) => `The ${m} release from ${c} was not hit by ${f}, the company said.`,
  (c: string, m: string) => `${c} unveiled ${m} to developers and enterprise customers this week.`,
];
const EN_PLAIN = [
  (c: string, m: string, f: string) => `Analysts compared ${m} with rivals and said ${c} had faced ${f} in the past.`,
  (c: string, m: string) => `Developers who use ${m} said ${c} answered questions about pricing.`,
];
const ZH_LAUNCH = [
  (c: string, m: string, f: string) => `${c}周二发布${m}，但部分用户反映出现${f}。`,
  (c: string, m: string) => `${c}宣布${m}正式上线，开发者可以通过接口调用。`,
];
const ZH_PLAIN = [
  (c: string, m: string, f: string) => `业内人士在比较${m}时提到，${c}过去曾出现${f}。`,
  (c: string, m: string) => `不少开发者表示，${c}的${m}在编程方面表现稳定。`,
];
/** Share of articles that report a launch (most AI news does not). */
const LAUNCH_SHARE = 0.3;
/** Articles arrive in time order, about this far apart (with jitter), as feeds deliver them. */
const STEP_MS = 5 * 60_000;

const SYL = ['ka', 'lo', 'mi', 'ter', 'san', 'vo', 'rix', 'del', 'pa', 'nu', 'gor', 'be', 'tal', 'shi', 'mon', 'ra', 'fe', 'quin', 'dor', 'le'];
const EN_GLUE = ['the', 'and', 'of', 'in', 'said', 'a', 'for', 'with', 'on', 'was', 'that', 'to'];
const CJK = '的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下过子说产种面而方后多定行学法所民得经十三之进着等部度家电力里如水化高自二理起小物现实加量都两体制机当使点从业本去把性好应开它合还因由其些然前外天政四日那社义事平形相全表间样与关各重新线内数正心反你明看原又么利比或但质气第向道命此变条只没结解问意建月公无系军很情者最立代想已通并提直题党程展五果料象员革位入常文总次品式活设及管特件长求老头基资边流路级少图山统接知较将组见计别她手角期根论运农指几九区强放决西被干做必战先回则任取据处府研质';

// Filler is made-up words: distinct from every lexicon entry, so only the signal sentences match.
function rng(seed: number): () => number {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    return (s >>> 0) / 4294967296;
  };
}

export interface BenchArticle {
  key: string;
  title: string;
  summary: string;
  body: string;
  language: 'en' | 'zh';
  publishedAt: Date;
}

const EPOCH = Date.UTC(2026, 0, 1);

/**
 * Article `i` of a corpus (deterministic): about `bytes` UTF-8 bytes of body, every fourth in
 * Chinese, about one company and model (and a second named in passing) in a few sentences amid
 * filler, as most news is; 30 % of articles report a launch. Dates follow `i`, 5 minutes apart.
 */
export function makeArticle(sig: Signals, i: number, bytes: number, tag = 'a'): BenchArticle {
  const r = rng(i * 2654435761 + 97);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;
  const zh = i % 4 === 3;
  const subject = pick(sig.subjects);
  const other = pick(sig.subjects);
  const launch = r() < LAUNCH_SHARE;
  const signal = (): string => {
    const s = r() < 0.8 ? subject : other;
    const own = launch && s === subject;
    if (zh) return pick(own ? ZH_LAUNCH : ZH_PLAIN)(s.companyZh ?? s.company, s.model, pick(sig.frictionZh.length ? sig.frictionZh : sig.frictionEn));
    return pick(own ? EN_LAUNCH : EN_PLAIN)(s.company, s.model, pick(sig.frictionEn));
  };
  const parts: string[] = [];
  let size = 0;
  while (size < bytes) {
    let s: string;
    if (r() < 0.15) s = signal();
    else if (zh) {
      let t = '';
      const n = 18 + Math.floor(r() * 20);
      for (let k = 0; k < n; k++) t += CJK[Math.floor(r() * CJK.length)]!;
      s = `${t}。`;
    } else {
      const words: string[] = [];
      const n = 10 + Math.floor(r() * 12);
      for (let k = 0; k < n; k++) {
        if (r() < 0.35) words.push(EN_GLUE[Math.floor(r() * EN_GLUE.length)]!);
        else words.push(SYL[Math.floor(r() * SYL.length)]! + SYL[Math.floor(r() * SYL.length)]! + (r() < 0.5 ? SYL[Math.floor(r() * SYL.length)]! : ''));
      }
      const t = words.join(' ');
      s = `${t[0]!.toUpperCase()}${t.slice(1)}.`;
    }
    parts.push(s);
    size += Buffer.byteLength(s) + 1;
  }
  const body = parts.join(zh ? '' : ' ');
  const title = zh ? `${subject.companyZh ?? subject.company}发布${subject.model} #${i}` : `${subject.company} launches ${subject.model} #${i}`;
  return {
    key: `${tag}-${i}`,
    title,
    summary: body.slice(0, zh ? 80 : 200),
    body,
    language: zh ? 'zh' : 'en',
    publishedAt: new Date(EPOCH + (i % 1_000_000) * STEP_MS + Math.floor(r() * 3_600_000)),
  };
}

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** An RSS 2.0 document with the given articles (links on `site`, body in content:encoded). */
export function rssFeed(site: string, feed: number, articles: readonly BenchArticle[]): string {
  const items = articles.map(
    (a) => `<item><title>${esc(a.title)}</title><link>${site}/story/${a.key}</link><guid isPermaLink="false">${a.key}</guid>` +
      `<pubDate>${a.publishedAt.toUTCString()}</pubDate><description>${esc(a.summary)}</description>` +
      `<content:encoded><![CDATA[<p>${a.body}</p>]]></content:encoded></item>`,
  );
  return `<?xml version="1.0" encoding="UTF-8"?><rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/">` +
    `<channel><title>Bench feed ${feed}</title><link>${site}</link><description>generated</description>${items.join('')}</channel></rss>`;
}
