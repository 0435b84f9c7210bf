// Domain types of the extraction core. Pure data: no I/O anywhere in src/extract or src/scoring.
// These types are the seam between the extractor, the scorer, the database layer and the CLI.

/** One article as the extractor sees it. Offsets in results index into `articleText(doc)`. */
export interface ArticleDoc {
  title: string;
  /** Plain text of the body (or teaser when no body was fetched). */
  body: string;
  /** BCP-47-ish language hint from the feed ('en', 'zh', 'zh-CN' …); the extractor may detect its own. */
  language?: string | null;
}

export type FrictionCategory =
  | 'delay'
  | 'outage'
  | 'capacity'
  | 'quality'
  | 'rollback'
  | 'regulatory'
  | 'reception'
  | 'security';

export interface Sentence {
  index: number;
  start: number;
  end: number;
  text: string;
}

export interface Mention {
  kind: 'company' | 'model';
  /** Entity slug: company id for kind 'company', model-family id for kind 'model'. */
  entity: string;
  /** Owning company id (for a company mention, its own id). */
  company: string;
  /** Version written beside a model ("2.5-Max", "4o", "R1"); only on model mentions. */
  version?: string | null;
  /** Text as written in the article. */
  surface: string;
  start: number;
  end: number;
  sentence: number;
}

export interface FrictionHit {
  /** Lexicon term id (the canonical form of the term, e.g. "delay", "推迟", "pulled the plug"). */
  term: string;
  category: FrictionCategory;
  /** Base weight from the lexicon, 0..1. */
  weight: number;
  negated: boolean;
  hedged: boolean;
  /** Text as written. */
  surface: string;
  start: number;
  end: number;
  sentence: number;
  /** Entity targets: company ids and "company/model" keys this hit is attributed to. */
  targets: HitTarget[];
  /** Weight after negation, hedging and indirect attribution (0 when negated). */
  effectiveWeight: number;
}

export interface HitTarget {
  company: string;
  model: string | null;
  /** True when the hit had no entity in its sentence and was attributed to the launch subjects. */
  indirect: boolean;
}

/** Smooth-execution phrases ("on schedule", "without a hitch"): recorded, never counted as friction. */
export interface SmoothHit {
  term: string;
  surface: string;
  start: number;
  end: number;
  sentence: number;
}

export interface LaunchCue {
  term: string;
  surface: string;
  start: number;
  end: number;
  sentence: number;
}

/** A (company, model?) the article reports a launch of. */
export interface LaunchSubject {
  company: string;
  model: string | null;
  version: string | null;
}

export interface Extraction {
  language: string;
  /** The text offsets refer to: title, blank line, body. */
  text: string;
  sentences: Sentence[];
  mentions: Mention[];
  hits: FrictionHit[];
  smooth: SmoothHit[];
  cues: LaunchCue[];
  /** True when the article reports a launch (release-type event) of an AI model or product. */
  launch: boolean;
  launchSubjects: LaunchSubject[];
  /** Whether the article is about AI models/products at all (friction elsewhere does not count). */
  aiContext: boolean;
}

/** Score of one (article, company, model?) pair. */
export interface EntityScore {
  company: string;
  model: string | null;
  version: string | null;
  /** 0..1, 1 − Π(1 − wᵢ) over effective weights of the hits targeting it. */
  friction: number;
  categories: FrictionCategory[];
  hitCount: number;
  /** Index into Extraction.hits of the strongest hit, or null. */
  strongestHit: number | null;
  isLaunchSubject: boolean;
}

export interface ArticleScore {
  /** Entity scores for every company/model mentioned. */
  entities: EntityScore[];
  /** The overall friction of the article, 0..1 (max over launch subjects, else over entities). */
  friction: number;
}

/** Versions stamped on every result row. */
export interface ClassifierVersion {
  classifier: string;
  lexicon: string;
}

/** Joins the parts the extractor reads; offsets in results refer to this string. */
export function articleText(doc: ArticleDoc): string {
  const title = doc.title.trim();
  const body = doc.body.trim();
  if (!title) return body;
  if (!body) return title;
  // join() builds one flat string; a template literal builds a rope (ConsString), on which every
  // charCodeAt of the extractor's character loops was measured ~2× slower in V8.
  return [title, '\n\n', body].join('');
}
