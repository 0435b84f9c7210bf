import type { Queryable } from '../../src/db/db.js';

// A fuller, deterministic demo world for screenshots: a month of launch events across several
// companies, on top of seedWorld's. Not used by the assertions of any test.

const LAUNCHES: [company: string, model: string, version: string, score: number, category: string, sentence: string, surface: string][] = [
  ['deepseek', 'deepseek', 'R2', 64, 'capacity', 'DeepSeek paused new API sign-ups for R2 as servers buckled under demand.', 'paused'],
  ['google', 'gemini', '3', 38, 'quality', 'Early testers said Gemini 3 gave inconsistent answers in some languages.', 'inconsistent'],
  ['bytedance', 'doubao', '2', 12, 'reception', 'Doubao 2 drew a lukewarm response from developers.', 'lukewarm'],
  ['moonshot', 'kimi', 'K3', 47, 'outage', 'Kimi K3 suffered a two-hour outage on its first day.', 'outage'],
  ['meta', 'llama', '5', 81, 'rollback', 'Meta pulled the Llama 5 weights after a licensing dispute.', 'pulled'],
  ['xai', 'grok', '5', 58, 'security', 'Researchers found a prompt-injection flaw in Grok 5 within hours.', 'flaw'],
  ['baidu', 'ernie', '5', 22, 'delay', '百度文心一言5的海外版本可能推迟上线。', '推迟'],
  ['anthropic', 'claude', '5', 8, 'capacity', 'Claude 5 rate limits were briefly tightened for free users.', 'rate limits'],
  ['openai', 'sora', '3', 44, 'regulatory', 'Regulators in the EU asked OpenAI to delay Sora 3 pending a review.', 'delay'],
  ['zhipu', 'glm', '5', 5, 'reception', 'GLM-5 launched without a hitch, reviewers said.', 'without a hitch'],
  ['alibaba', 'qwen', '3.5', 29, 'quality', 'Qwen 3.5 had reportedly weaker coding results than promised.', 'weaker'],
  ['tencent', 'hunyuan', 'T2', 35, 'outage', '腾讯混元T2发布当天出现服务中断。', '服务中断'],
];

/** Adds a month of demo launches (one article and one evidence sentence each), times relative to now. */
export async function seedDemo(q: Queryable, now: Date = new Date()): Promise<void> {
  const feed = await q.query<{ id: number }>(
    `insert into feeds (url, title, language, last_polled_at, last_status, last_success_at) values ('https://demo.example/rss', 'Demo Wire', 'en', $1, 'ok', $1) returning id`,
    [now],
  );
  const feedId = feed.rows[0]!.id;
  for (const [i, [company, model, version, score, category, sentence, surface]] of LAUNCHES.entries()) {
    const at = new Date(now.getTime() - (3 + i * 2.2) * 86_400_000);
    const art = await q.query<{ id: number }>(
      `insert into articles (article_key, feed_id, url, title, body, published_at, fetched_at, status, classifier_version)
       values ($1, $2, $3, $4, $5, $6, $6, 'classified', 'demo') returning id`,
      [`demo-${i}`, feedId, `https://demo.example/${company}-${model}-${version}`, `${model} ${version} launch`, sentence, at],
    );
    const articleId = art.rows[0]!.id;
    const start = Math.max(0, sentence.indexOf(surface));
    await q.query(
      `insert into friction_hits (article_id, term, category, weight, effective_weight, negated, hedged, surface, char_start, char_end,
                                  sentence, sentence_text, targets, target_companies, classifier_version, lexicon_version)
       values ($1, $2, $3, 0.5, 0.5, false, false, $2, $4, $5, 0, $6, $7, $8, 'demo', 'demo')`,
      [articleId, surface, category, start, start + surface.length, sentence, JSON.stringify([{ company, model, indirect: false }]), [company]],
    );
    const n = 1 + ((i * 7) % 9);
    const ev = await q.query<{ id: number }>(
      `insert into launch_events (company, model, version, window_start, first_seen_at, last_seen_at, article_count, independent_sources,
                                  friction_score, friction_share, categories, top_evidence, top_evidence_article_id, classifier_version)
       values ($1, $2, $3, date_trunc('day', $4::timestamptz), $4, $4::timestamptz + interval '20 hours', $5, $6, $7, 0.4, $8, $9, $10, 'demo') returning id`,
      [company, model, version, at, n, Math.max(1, n - 2), score, [category], sentence, articleId],
    );
    await q.query(`insert into event_articles (event_id, article_id, friction) values ($1, $2, $3)`, [ev.rows[0]!.id, articleId, score / 100]);
  }
}
