import type { ArticleScore, EntityScore, Extraction, FrictionCategory, FrictionHit } from '../../../src/extract/types.js';

// Hand-built extractions for tests that must not move when the lexicon or the scorer changes.

export interface FakeHit {
  sentence: string;
  term: string;
  category: FrictionCategory;
  weight: number;
  negated?: boolean;
  hedged?: boolean;
  /** Attributed to the launch subject without naming it in its sentence. */
  indirect?: boolean;
}

export interface FakeArticle {
  title: string;
  company: string;
  model: string | null;
  version: string | null;
  launch?: boolean;
  hits?: FakeHit[];
}

/** An extraction and score of one article about one (company, model) with the given hits. */
export function fakeClassification(a: FakeArticle): { ex: Extraction; score: ArticleScore } {
  const hitsIn = a.hits ?? [];
  const sentencesText = [a.title, ...hitsIn.map((h) => h.sentence)];
  let text = '';
  const sentences = sentencesText.map((s, index) => {
    if (index === 1) text += '\n\n';
    else if (index > 1) text += ' ';
    const start = text.length;
    text += s;
    return { index, start, end: text.length, text: s };
  });
  const surface = a.model ? `${a.model}${a.version ?? ''}` : a.company;
  const mentions = [
    { kind: a.model ? ('model' as const) : ('company' as const), entity: a.model ?? a.company, company: a.company, version: a.version, surface, start: 0, end: Math.min(surface.length, a.title.length), sentence: 0 },
  ];
  const hits: FrictionHit[] = hitsIn.map((h, i) => {
    const s = sentences[i + 1]!;
    const at = Math.max(0, h.sentence.indexOf(h.term));
    const eff = h.negated ? 0 : h.weight * (h.hedged ? 0.5 : 1) * (h.indirect ? 0.6 : 1);
    return {
      term: h.term,
      category: h.category,
      weight: h.weight,
      negated: h.negated ?? false,
      hedged: h.hedged ?? false,
      surface: h.term,
      start: s.start + at,
      end: s.start + at + h.term.length,
      sentence: i + 1,
      targets: [{ company: a.company, model: a.model, indirect: h.indirect ?? false }],
      effectiveWeight: eff,
    };
  });
  const launch = a.launch ?? true;
  const ex: Extraction = {
    language: 'en',
    text,
    sentences,
    mentions,
    hits,
    smooth: [],
    cues: [],
    launch,
    launchSubjects: launch ? [{ company: a.company, model: a.model, version: a.version }] : [],
    aiContext: true,
  };
  let keep = 1;
  let strongest: number | null = null;
  let best = 0;
  const cats = new Set<FrictionCategory>();
  hits.forEach((h, i) => {
    if (h.effectiveWeight <= 0) return;
    keep *= 1 - h.effectiveWeight;
    cats.add(h.category);
    if (h.effectiveWeight > best) {
      best = h.effectiveWeight;
      strongest = i;
    }
  });
  const entity: EntityScore = {
    company: a.company,
    model: a.model,
    version: a.version,
    friction: 1 - keep,
    categories: [...cats],
    hitCount: hits.length,
    strongestHit: strongest,
    isLaunchSubject: launch,
  };
  return { ex, score: { entities: [entity], friction: 1 - keep } };
}
