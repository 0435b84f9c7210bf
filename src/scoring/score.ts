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
// │ Article friction = max over the entities it names (launch subjects included); without      │
// │ entities, 1 − Π(1 − wᵢ) over all its counted hits.                                         │
// └─────────────────────────────────────────────────────────────────────────────────────────────┘
import { targetWeight } from '../extract/attribution.js';
import type { ArticleScore, EntityScore, Extraction, FrictionCategory } from '../extract/types.js';

interface Acc {
  company: string;
  model: string | null;
  version: string | null;
  keep: number;
  hitCount: number;
  strongest: number | null;
  strongestW: number;
  cats: FrictionCategory[];
  /** Index of the hit being applied, so a hit with two targets in one entity counts once. */
  stamp: number;
  cur: number;
}

interface Entities {
  /** Every entity, in the order the article first names it. */
  list: Acc[];
  /** Each company's entities: the company itself and its models. */
  byCompany: Map<string, Acc[]>;
}

// Keyed by company and then by model (no "company/model" string built per mention).
function collectEntities(ex: Extraction): Entities {
  const list: Acc[] = [];
  const byCompany = new Map<string, Acc[]>();
  const add = (company: string, model: string | null, version: string | null) => {
    let accs = byCompany.get(company);
    if (!accs) byCompany.set(company, (accs = []));
    for (const cur of accs) {
      if (cur.model !== model) continue;
      if (!cur.version && version) cur.version = version;
      return;
    }
    const a: Acc = { company, model, version, keep: 1, hitCount: 0, strongest: null, strongestW: 0, cats: [], stamp: -1, cur: 0 };
    accs.push(a);
    list.push(a);
  };
  for (const m of ex.mentions) {
    add(m.company, null, null);
    if (m.kind === 'model') add(m.company, m.entity, m.version ?? null);
  }
  for (const s of ex.launchSubjects) {
    add(s.company, null, null);
    if (s.model) add(s.company, s.model, s.version);
  }
  return { list, byCompany };
}

/** Scores every entity the article names, and the article as a whole (0..1). */
export function scoreArticle(ex: Extraction): ArticleScore {
  const { list, byCompany } = collectEntities(ex);
  const touched: Acc[] = [];
  const hits = ex.hits;
  for (let i = 0; i < hits.length; i++) {
    const h = hits[i]!;
    touched.length = 0;
    for (const t of h.targets) {
      const w = targetWeight(h.weight, h.negated, h.hedged, t.indirect);
      const accs = byCompany.get(t.company);
      if (!accs) continue;
      // A company collects hits on any of its models; a model, hits on itself or on its company.
      for (const a of accs) {
        if (a.model !== null && t.model !== null && a.model !== t.model) continue;
        if (a.stamp !== i) {
          a.stamp = i;
          a.cur = w;
          touched.push(a);
        } else if (w > a.cur) a.cur = w;
      }
    }
    for (const a of touched) {
      a.hitCount++;
      if (a.cur <= 0) continue;
      a.keep *= 1 - a.cur;
      if (!a.cats.includes(h.category)) a.cats.push(h.category);
      if (a.cur > a.strongestW) {
        a.strongestW = a.cur;
        a.strongest = i;
      }
    }
  }
  const isSubject = (a: Acc) => ex.launchSubjects.some((s) => s.company === a.company && (s.model ?? null) === a.model);
  const entities: EntityScore[] = list.map((a) => ({
    company: a.company,
    model: a.model,
    version: a.version,
    friction: 1 - a.keep,
    categories: a.cats,
    hitCount: a.hitCount,
    strongestHit: a.strongest,
    isLaunchSubject: isSubject(a),
  }));
  return { entities, friction: articleFriction(ex, entities) };
}

function articleFriction(ex: Extraction, entities: EntityScore[]): number {
  // Every entity counts, not only the launch subjects: "Anthropic ships on schedule while OpenAI
  // delays its open model" reports friction even though the title's launch went well.
  let best = -1;
  for (const e of entities) if (e.friction > best) best = e.friction;
  if (best >= 0) return best;
  let keep = 1;
  for (const h of ex.hits) keep *= 1 - h.effectiveWeight;
  return 1 - keep;
}
