import type { Db } from '../db/db.js';
import { UserError } from '../errors.js';
import {
  explainArticles,
  explainEvent,
  explainHits,
  explainLinks,
  explainMentions,
  explainScores,
  type ExplainArticle,
  type ExplainHit,
} from '../db/sql/explain.js';

// `launchwatch explain <article-id|event-id>`: every sentence, term, flag, weight and target that
// produced a score, for a person to read. For an event: its articles (independent, or copy of
// which), each one's friction and the aggregation.

const f2 = (x: number) => x.toFixed(2);
const f3 = (x: number) => x.toFixed(3);
const day = (d: Date) => d.toISOString().slice(0, 16).replace('T', ' ');
const entity = (company: string, model: string | null, version?: string | null) =>
  `${company}${model ? `/${model}` : ''}${version ? ` ${version}` : ''}`;

/** Parses 'article:ID', 'event:ID' or a bare id. */
export function parseExplainTarget(target: string): { kind: 'article' | 'event' | 'any'; id: number } {
  const m = /^(?:(article|event):)?(\d+)$/.exec(target.trim());
  if (!m) throw new UserError(`explain: expected article:ID, event:ID or an id, got "${target}"`);
  return { kind: (m[1] as 'article' | 'event' | undefined) ?? 'any', id: Number(m[2]) };
}

/** Prints the explanation of an event or article; returns the exit code (1 when not found). */
export async function explainCommand(db: Db, target: string, out: (line: string) => void): Promise<number> {
  const t = parseExplainTarget(target);
  if (t.kind !== 'article' && (await explainEventLines(db, t.id, out))) return 0;
  if (t.kind !== 'event' && (await explainArticleLines(db, t.id, out))) return 0;
  out(`no ${t.kind === 'any' ? 'event or article' : t.kind} with id ${t.id}`);
  return 1;
}

function flags(h: ExplainHit): string {
  const f = [h.negated && 'negated', h.hedged && 'hedged'].filter(Boolean);
  return f.length ? ` [${f.join(', ')}]` : '';
}

/** One friction hit: sentence, term, flags, weights and, per target, the weight it got. */
function hitLines(h: ExplainHit, indent: string, only?: { company: string; model: string }): string[] {
  const lines = [`${indent}sentence ${h.sentence}: "${h.sentence_text}"`];
  lines.push(`${indent}  term "${h.term}" (${h.category}) written "${h.surface}"${flags(h)}: weight ${f2(h.weight)}, effective ${f2(h.effective_weight)}`);
  const targets = h.targets.filter((x) => !only || (x.company === only.company && (!only.model || !x.model || x.model === only.model)));
  const why = (x: ExplainHit['targets'][number]) => {
    const parts = [];
    if (h.negated) parts.push('negated → 0');
    else {
      if (h.hedged) parts.push('hedged × 0.5');
      if (x.indirect) parts.push('indirect (no entity in its sentence) × 0.6');
    }
    return parts.length ? ` (${parts.join(', ')})` : '';
  };
  for (const x of targets) lines.push(`${indent}  → ${entity(x.company, x.model)}: ${f2(x.weight ?? h.effective_weight)}${why(x)}`);
  if (h.targets.length === 0) lines.push(`${indent}  → no target (counts only toward an article with no entity)`);
  return lines;
}

function articleHeader(a: ExplainArticle): string {
  const when = a.published_at ? `published ${day(a.published_at)}` : `fetched ${day(a.at)} (no publication date)`;
  return `#${a.id} "${a.title}" — ${a.feed ?? 'no feed'}, ${when}\n    ${a.url}`;
}

async function explainEventLines(db: Db, id: number, out: (line: string) => void): Promise<boolean> {
  const e = await explainEvent(db, id);
  if (!e) return false;
  const links = await explainLinks(db, { eventId: id });
  const ids = links.map((l) => l.article_id);
  const [articles, hits] = await Promise.all([explainArticles(db, ids), explainHits(db, ids)]);
  const link = new Map(links.map((l) => [l.article_id, l]));
  const indep = articles.filter((a) => link.get(a.id)?.independent);

  out(`Event #${e.id}: ${entity(e.company, e.model, e.version)} launch`);
  out(`  window opened ${day(e.window_start)}; articles from ${day(e.first_seen_at)} to ${day(e.last_seen_at)}`);
  out(`  ${e.article_count} article(s), ${e.independent_sources} independent source(s); classifier ${e.classifier_version}, lexicon ${e.lexicon_version}`);
  out('');
  out('Score:');
  const terms = indep.map((a) => f3(link.get(a.id)!.friction));
  out(`  friction score = 100 × mean friction of the independent sources = 100 × (${terms.join(' + ') || '0'}) / ${indep.length || 1} = ${e.friction_score.toFixed(2)}`);
  const withF = indep.filter((a) => link.get(a.id)!.friction > 0).length;
  out(`  friction share = ${withF} of ${indep.length} independent source(s) with friction > 0 = ${e.friction_share.toFixed(4)}`);
  out(`  categories: ${e.categories.length ? e.categories.join(', ') : 'none'}`);
  out(`  strongest evidence${e.top_evidence_article_id ? ` (article #${e.top_evidence_article_id})` : ''}: ${e.top_evidence ? `"${e.top_evidence}"` : 'none'}`);
  out('');
  out('Articles:');
  const only = { company: e.company, model: e.model };
  for (const a of articles) {
    const l = link.get(a.id)!;
    const role = l.independent ? 'independent' : `copy${a.duplicate_of ? ` of #${a.duplicate_of}` : ' (another copy of its story is earlier in this event)'}; not counted`;
    out(`  ${articleHeader(a)}`);
    out(`    ${role}; friction for ${entity(e.company, e.model)}: ${f3(l.friction)}`);
    const mine = hits.filter((h) => h.article_id === a.id && h.targets.some((x) => x.company === e.company));
    if (mine.length === 0) out('    no friction hit attributed to it');
    for (const h of mine) for (const line of hitLines(h, '    ', only)) out(line);
  }
  return true;
}

async function explainArticleLines(db: Db, id: number, out: (line: string) => void): Promise<boolean> {
  const [a] = await explainArticles(db, [id]);
  if (!a) return false;
  const [mentions, hits, scores, links] = await Promise.all([explainMentions(db, id), explainHits(db, [id]), explainScores(db, [id]), explainLinks(db, { articleId: id })]);
  out(`Article ${articleHeader(a)}`);
  out(`  status ${a.status}${a.classifier_version ? `; classifier ${a.classifier_version}, lexicon ${a.lexicon_version ?? '?'}` : ''}`);
  out(`  ${a.duplicate_of ? `syndicated copy of #${a.duplicate_of}: counts once, through its original` : 'original (no earlier copy found)'}${a.simhash ? `; simhash ${BigInt.asUintN(64, BigInt(a.simhash)).toString(16).padStart(16, '0')}` : ''}`);
  out('');
  out(`Mentions (${mentions.length}):`);
  for (const m of mentions) out(`  ${m.kind} ${entity(m.company, m.kind === 'model' ? m.entity : null, m.version)} written "${m.surface}" in sentence ${m.sentence}`);
  out('');
  out(`Friction hits (${hits.length}):`);
  for (const h of hits) for (const line of hitLines(h, '  ')) out(line);
  out('');
  out('Scores (friction = 1 − Π(1 − wᵢ) over the effective weights wᵢ of the hits on the entity):');
  for (const s of scores) {
    out(
      `  ${entity(s.company, s.model, s.version)}${s.is_launch_subject ? ' [launch subject]' : ''}: friction ${f3(s.friction)} from ${s.hit_count} hit(s)` +
        `${s.categories.length ? ` (${s.categories.join(', ')})` : ''}${s.evidence ? `; evidence "${s.evidence}"` : ''}`,
    );
  }
  out('');
  out(links.length ? 'Launch events:' : 'Launch events: none (the article reports no launch)');
  for (const l of links) out(`  event #${l.event_id} ${entity(l.company, l.model, l.version)}: friction ${f3(l.friction)}, ${l.independent ? 'independent source' : 'copy, not counted'}`);
  return true;
}
