// Scoring of one article (DESIGN §5). Pure.
//
// ┌ Friction score of an (article, entity) pair ─────────────────────────────────────────────┐
// │ For the friction hits attributed to the entity (entity = a company, or a company/model):  │
// │   effective weight  wᵢ = weightᵢ × (hedged ? 0.5 : 1) × (indirect ? 0.6 : 1)               │
// │                     wᵢ = 0 when the hit is negated ("was not delayed", "没有推迟")          │
// │   friction(entity)  = 1 − Π (1 − wᵢ)                                                       │
// │ so independent signals add up (two 0.6 hits → 0.84) but never pass 1, and one strong hit   │
// │ outweighs many weak ones. A company collects the hits on any of its models; a model        │
// │ collects the hits on itself and those on its company with no model named.                   │
// │ weightᵢ is the lexicon weight (0..1) of the term; "indirect" means the hit's sentence named │
// │ no entity and it was attributed to the article's launch subjects. Smooth phrases            │
// │ ("on schedule", "顺利") are recorded but never count.                                       │
// │ Article friction = max over its launch subjects; without a launch, max over the entities   │
// │ it names; without entities, 1 − Π(1 − wᵢ) over all its counted hits.                       │
// └─────────────────────────────────────────────────────────────────────────────────────────────┘
import { targetWeight } from '../extract/attribution.js';
import type { ArticleScore, EntityScore, Extraction, FrictionCategory, HitTarget } from '../extract/types.js';

interface EntityKey {
  company: string;
  model: string | null;
  version: string | null;
}

function collectEntities(ex: Extraction): EntityKey[] {
  const out = new Map<string, EntityKey>();
  const add = (company: string, model: string | null, version: string | null) => {
    const k = `${company}/${model ?? ''}`;
    const cur = out.get(k);
    if (!cur) out.set(k, { company, model, version });
    else if (!cur.version && version) cur.version = version;
  };
  for (const m of ex.mentions) {
    add(m.company, null, null);
    if (m.kind === 'model') add(m.company, m.entity, m.version ?? null);
  }
  for (const s of ex.launchSubjects) {
    add(s.company, null, null);
    if (s.model) add(s.company, s.model, s.version);
  }
  return [...out.values()];
}

function matches(e: EntityKey, t: HitTarget): boolean {
  if (t.company !== e.company) return false;
  return e.model === null || t.model === null || t.model === e.model;
}

/** Scores every entity the article names, and the article as a whole (0..1). */
export function scoreArticle(ex: Extraction): ArticleScore {
  const subjects = new Set(ex.launchSubjects.map((s) => `${s.company}/${s.model ?? ''}`));
  const entities: EntityScore[] = collectEntities(ex).map((e) => {
    let keep = 1;
    let hitCount = 0;
    let strongest: number | null = null;
    let strongestW = 0;
    const cats = new Set<FrictionCategory>();
    ex.hits.forEach((h, i) => {
      let w = -1;
      for (const t of h.targets) {
        if (matches(e, t)) w = Math.max(w, targetWeight(h.weight, h.negated, h.hedged, t.indirect));
      }
      if (w < 0) return;
      hitCount++;
      if (w <= 0) return;
      keep *= 1 - w;
      cats.add(h.category);
      if (w > strongestW) {
        strongestW = w;
        strongest = i;
      }
    });
    return {
      company: e.company,
      model: e.model,
      version: e.version,
      friction: 1 - keep,
      categories: [...cats],
      hitCount,
      strongestHit: strongest,
      isLaunchSubject: subjects.has(`${e.company}/${e.model ?? ''}`),
    };
  });
  return { entities, friction: articleFriction(ex, entities) };
}

function articleFriction(ex: Extraction, entities: EntityScore[]): number {
  const subj = entities.filter((e) => e.isLaunchSubject);
  if (subj.length > 0) return Math.max(...subj.map((e) => e.friction));
  if (entities.length > 0) return Math.max(...entities.map((e) => e.friction));
  let keep = 1;
  for (const h of ex.hits) keep *= 1 - h.effectiveWeight;
  return 1 - keep;
}
