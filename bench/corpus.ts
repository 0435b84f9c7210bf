// Generated news for the pipeline benchmarks: English and Chinese articles of a given size, each
// with its own text (so syndication dedup sees distinct stories, as in real feeds), about one
// sentence in three naming a company, a model or a friction term, spread over a year of dates.

const EN_SIGNAL = [
  'OpenAI unveiled GPT-5 on Tuesday, but users reported outages and rate limits within hours.',
  'The company said the rollout went smoothly in most regions and was not delayed.',
  'Analysts said Google could postpone the Gemini 2.5 Pro release amid capacity constraints.',
  'Meta denied that the Llama 4 launch was throttled, and no outages were reported.',
  'Anthropic reportedly paused sign-ups for Claude after a wave of complaints about hallucinations.',
  'Apple pushed back the Siri upgrade, citing quality problems found in testing.',
  'Microsoft rolled out Copilot to more markets on schedule, without a hitch.',
  'DeepSeek-R1 drew praise from developers for its reasoning benchmarks.',
];
const ZH_SIGNAL = [
  '阿里巴巴周二发布通义千问Qwen2.5-Max大模型，但部分用户反映服务器繁忙。',
  '字节跳动表示，豆包新版本如期上线，没有出现宕机。',
  '据报道，百度文心一言4.5可能推迟发布，原因是算力紧张。',
  '快手可灵2.1正式开放，上线当天排队人数众多。',
  '腾讯混元团队否认了限流的传闻，称服务运行平稳。',
  '月之暗面的Kimi K2上线后遭遇宕机，官方紧急回滚了部分功能。',
  '智谱发布GLM-4.5，开源社区反响热烈。',
  'DeepSeek-V3更新后，有用户吐槽模型出现幻觉。',
];
const SYL = ['ka', 'lo', 'mi', 'ter', 'san', 'vo', 'rix', 'del', 'pa', 'nu', 'gor', 'be', 'tal', 'shi', 'mon', 'ra', 'fe', 'quin', 'dor', 'le'];
const EN_GLUE = ['the', 'and', 'of', 'in', 'said', 'a', 'for', 'with', 'on', 'was', 'that', 'to'];
const CJK = '的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下过子说产种面而方后多定行学法所民得经十三之进着等部度家电力里如水化高自二理起小物现实加量都两体制机当使点从业本去把性好应开它合还因由其些然前外天政四日那社义事平形相全表间样与关各重新线内数正心反你明看原又么利比或但质气第向道命此变条只没结解问意建月公无系军很情者最立代想已通并提直题党程展五果料象员革位入常文总次品式活设及管特件长求老头基资边流路级少图山统接知较将组见计别她手角期根论运农指几九区强放决西被干做必战先回则任取据处府研质';
/** Made-up words: distinct from every lexicon entry, so only the signal sentences match. */
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

const YEAR_MS = 365 * 24 * 3600 * 1000;
const EPOCH = Date.UTC(2026, 0, 1);

/** Article `i` of a corpus (deterministic): about `bytes` UTF-8 bytes of body, every fourth in Chinese. */
export function makeArticle(i: number, bytes: number, tag = 'a'): BenchArticle {
  const r = rng(i * 2654435761 + 97);
  const zh = i % 4 === 3;
  const signal = zh ? ZH_SIGNAL : EN_SIGNAL;
  const parts: string[] = [];
  let size = 0;
  while (size < bytes) {
    let s: string;
    if (r() < 0.33) s = signal[Math.floor(r() * signal.length)]!;
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
  const title = `${signal[i % signal.length]!.slice(0, zh ? 20 : 60)} #${i}`;
  return {
    key: `${tag}-${i}`,
    title,
    summary: body.slice(0, zh ? 80 : 200),
    body,
    language: zh ? 'zh' : 'en',
    publishedAt: new Date(EPOCH + Math.floor(r() * YEAR_MS)),
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
