// The JSON object `launchwatch classify --json` prints for one article (DESIGN §6, a contract):
// language, launch, companies, models, friction {score, hits}, events — plus smooth phrases, cues
// and per-entity scores for whoever wants to see why.
import type { ArticleScore, Extraction, HitTarget } from '../extract/types.js';
import { frictionVerdict } from '../scoring/verdict.js';

export { FRICTION_THRESHOLD } from '../scoring/verdict.js';

const pct = (x: number) => Math.round(x * 100);
const targetKey = (t: { company: string; model: string | null }) => (t.model ? `${t.company}/${t.model}` : t.company);

/** Builds the classify --json object of one article from its extraction and score. */
export function toClassifyJson(ex: Extraction, score: ArticleScore): Record<string, unknown> {
  const companies = new Map<string, number>();
  const models = new Map<string, { id: string; company: string; version: string | null; versions: string[]; mentions: number }>();
  for (const m of ex.mentions) {
    companies.set(m.company, (companies.get(m.company) ?? 0) + 1);
    if (m.kind !== 'model') continue;
    let e = models.get(m.entity);
    if (!e) {
      e = { id: m.entity, company: m.company, version: null, versions: [], mentions: 0 };
      models.set(m.entity, e);
    }
    e.mentions++;
    if (m.version && !e.versions.includes(m.version)) e.versions.push(m.version);
    e.version ??= m.version ?? null;
  }
  const sentenceText = (i: number) => ex.sentences[i]?.text ?? '';
  const hits = ex.hits.map((h) => ({
    term: h.term,
    category: h.category,
    weight: h.weight,
    effective_weight: round3(h.effectiveWeight),
    negated: h.negated,
    hedged: h.hedged,
    surface: h.surface,
    sentence: sentenceText(h.sentence),
    sentence_index: h.sentence,
    start: h.start,
    end: h.end,
    targets: uniq(h.targets.map(targetKey)),
    indirect: h.targets.length > 0 && h.targets.every((t: HitTarget) => t.indirect),
  }));
  const entityScores = score.entities.map((e) => ({
    target: targetKey(e),
    company: e.company,
    model: e.model,
    version: e.version,
    friction_score: pct(e.friction),
    categories: e.categories,
    hits: e.hitCount,
    launch_subject: e.isLaunchSubject,
  }));
  const verdict = frictionVerdict(score);
  const events = ex.launchSubjects.map((s) => {
    const e = score.entities.find((x) => x.company === s.company && x.model === s.model);
    return { company: s.company, model: s.model, version: s.version, friction_score: pct(e?.friction ?? 0) };
  });
  return {
    language: ex.language,
    launch: ex.launch,
    ai_context: ex.aiContext,
    companies: [...companies].map(([id, mentions]) => ({ id, mentions })),
    models: [...models.values()].map(({ versions, ...m }) => ({ ...m, ...(versions.length > 1 ? { versions } : {}) })),
    friction: {
      score: pct(score.friction),
      detected: verdict.detected,
      targets: verdict.targets,
      hits,
    },
    events,
    smooth: ex.smooth.map((s) => ({ term: s.term, surface: s.surface, sentence: sentenceText(s.sentence), start: s.start, end: s.end })),
    cues: ex.cues.map((c) => ({ term: c.term, surface: c.surface, sentence_index: c.sentence, start: c.start, end: c.end })),
    entity_scores: entityScores,
  };
}

function uniq(xs: string[]): string[] {
  return [...new Set(xs)];
}

function round3(x: number): number {
  return Math.round(x * 1000) / 1000;
}
