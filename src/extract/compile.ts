// Compiles the catalogue into the matcher: one automaton (a character trie) for every alias,
// friction term, cue, negator, hedge and context term, whose terminals carry what each form means.
// Done once at start-up; extract() builds no matcher per article.
import type { Catalog } from '../catalog/schema.js';
import type { FrictionCategory } from './types.js';
import { inflectTerm } from './inflect.js';
import { TermTrie, canonicalKey, type RightEdge } from './trie-matcher.js';

export interface AliasRef {
  id: string;
  company: string;
  /** Needs support (a version, the owner company, AI context) to count. */
  ambiguous: boolean;
  /** Catalogue spellings of an ambiguous Latin name, for the case check ("Apple" but not "apple"). */
  spellings: string[];
  /** Model only: this name is the model only when a version follows ("DeepSeek-R1"). */
  versionOnly: boolean;
  /** Model only: the name itself carries the version ("o3-mini", "Gen-3"). */
  selfVersioned: boolean;
  /** Naming it makes a sentence about AI (every model; AI-native companies). */
  ai: boolean;
}

/** What one matched form means; a form can mean several things (an alias that is also a cue). */
export interface TokenInfo {
  company?: AliasRef;
  model?: AliasRef;
  /** Company ids this term supports (context terms: products, people, places). */
  support?: string[];
  stop?: true;
  friction?: { term: string; category: FrictionCategory; weight: number };
  smooth?: string;
  negator?: { reach: 'near' | 'clause'; window: number };
  hedge?: 'clause' | 'sentence' | 'conditional';
  /** "if", "unless", "如果": turns a conditional hedge ("would") on in its clause. */
  conditional?: true;
  clauseBreak?: true;
  /** A comparison phrase: the entity on that side of it is compared with, not the subject. */
  compare?: 'after' | 'before' | 'around';
  cue?: { term: string; strong: boolean };
  notLaunch?: true;
  ai?: true;
  offTopic?: true;
  neutral?: true;
}

export interface LexEntry {
  key: string;
  info: TokenInfo;
}

export interface CompiledLexicon {
  /** Lexicon version (from the catalogue's contents). */
  version: string;
  /** The automaton over every form; its values are the forms' records. */
  trie: TermTrie<LexEntry>;
  /** Canonical form → record (for diagnostics and the naive benchmark baseline). */
  table: Map<string, TokenInfo>;
  /** Sticky regex for the version written right after a model name. */
  versionRe: RegExp;
  /** Sticky regex for a product noun right after a name ("DeepSeek model", "DeepSeek 大模型"). */
  productNounRe: RegExp;
  companyIds: string[];
  modelCompany: Map<string, string>;
  /** Number of distinct matched forms (for the benchmark and diagnostics). */
  formCount: number;
}

const fold = (s: string) => canonicalKey(s.normalize('NFKC').toLowerCase().replace(/[\u2018\u2019]/g, "'"));

// Tier words written after (or before) a version number: "Gemini 2.5 Pro", "Claude Sonnet 4".
const TIERS =
  'pro|max|plus|flash|ultra|mini|nano|lite|turbo|sonnet|opus|haiku|instruct|chat|coder|vl|omni|preview|thinking|reasoner|vision|air|exp|experimental|large|medium|small|base|fast|high|low|agent|deep think|deep research';
const NUM = String.raw`(?:v?\d+(?:\.\d+)*[a-z]{0,2}|[a-z]\d+(?:\.\d+)*[a-z]?)`;
const VERSION_SRC =
  String.raw`[ \-]?(?:(?:${TIERS})[ \-]?)?${NUM}(?:-[a-z0-9]+(?:\.[a-z0-9]+)*|[ \-](?:${TIERS}|\d+(?:\.\d+)?[bkm]))*(?![a-z0-9])` +
  String.raw`|[ \-](?:sonnet|opus|haiku|ultra)(?![a-z0-9])`;

/** Compiles the catalogue into one matcher and its lookup table (once, at start-up). */
export function compileLexicon(catalog: Catalog): CompiledLexicon {
  const table = new Map<string, TokenInfo>();
  const edges = new Map<string, RightEdge>();
  const at = (form: string): TokenInfo => {
    const k = fold(form);
    let info = table.get(k);
    if (!info) {
      info = {};
      table.set(k, info);
    }
    return info;
  };

  const { entities, friction, cues } = catalog;
  const ambiguousSpellings = new Map<string, string[]>();
  const spell = (form: string) => {
    const k = fold(form);
    const list = ambiguousSpellings.get(k) ?? [];
    list.push(form);
    ambiguousSpellings.set(k, list);
    return list;
  };

  for (const c of entities.companies) {
    for (const a of c.aliases) at(a).company = ref(c.id, c.id, false, [], false, a, c.ai);
    for (const a of c.ambiguous) at(a).company = ref(c.id, c.id, true, spell(a), false, a, c.ai);
    for (const a of c.context) addSupport(at(a), c.id);
  }
  const modelCompany = new Map<string, string>();
  for (const m of entities.models) {
    modelCompany.set(m.id, m.company);
    const versionOnly = new Set(m.versionOnly.map(fold));
    const add = (a: string, ambiguous: boolean) => {
      const k = fold(a);
      at(a).model = ref(m.id, m.company, ambiguous, ambiguous ? spell(a) : [], versionOnly.has(k), a, true);
      edges.set(k, 'digits-ok');
    };
    for (const a of m.aliases) add(a, false);
    for (const a of m.ambiguous) add(a, true);
    for (const a of m.context) addSupport(at(a), m.company);
  }
  // Products tag their company (an implied mention) and count as AI context; they are not models.
  for (const p of entities.products) {
    for (const a of p.aliases) at(a).company = ref(p.company, p.company, false, [], false, a, true);
    for (const a of p.ambiguous) at(a).company = ref(p.company, p.company, true, spell(a), false, a, true);
    for (const a of p.context) addSupport(at(a), p.company);
  }
  for (const s of entities.stopPhrases) at(s).stop = true;

  for (const t of friction.terms) {
    for (const f of expand(t.term, t.inflect, t.forms)) {
      at(f).friction = { term: t.term, category: t.category, weight: t.weight };
    }
  }
  for (const s of friction.smooth) for (const f of [s.term, ...s.forms]) at(f).smooth = s.term;
  for (const n of friction.negators) {
    for (const f of [n.term, ...n.forms]) at(f).negator = { reach: n.reach, window: n.window ?? 6 };
  }
  for (const h of friction.hedges) for (const f of [h.term, ...h.forms]) at(f).hedge = h.scope;
  for (const c of friction.conditionals) at(c).conditional = true;
  for (const b of friction.clauseBreaks) at(b).clauseBreak = true;
  for (const c of friction.comparisons) for (const f of [c.term, ...c.forms]) at(f).compare = c.side;
  for (const n of friction.neutral) at(n).neutral = true;
  // Semicolons end a clause too (NFKC turns the full-width one into ";").
  at(';').clauseBreak = true;

  for (const c of cues.launch) {
    for (const f of expand(c.term, c.inflect, c.forms)) at(f).cue = { term: c.term, strong: c.strength === 'strong' };
  }
  for (const t of cues.notLaunch) at(t).notLaunch = true;
  for (const t of cues.aiContext) at(t).ai = true;
  for (const t of cues.offTopic) at(t).offTopic = true;

  // Every record gets every field, in one order: the extractor reads these fields on every token,
  // and objects of one shape keep those reads monomorphic (dozens of shapes made them megamorphic).
  for (const [key, info] of table) table.set(key, uniformInfo(info));
  const trie = new TermTrie<LexEntry>();
  for (const [key, info] of table) trie.add(key, { key, info }, edges.get(key) ?? 'strict');
  trie.pack();
  return {
    version: catalog.version,
    trie,
    table,
    versionRe: new RegExp(VERSION_SRC, 'y'),
    productNounRe: /(?:'s)? ?(?:models?|chatbot|app|assistant|ai assistant|模型|大模型|助手|应用|app)(?![a-z])/y,
    companyIds: entities.companies.map((c) => c.id),
    modelCompany,
    formCount: table.size,
  };
}

function uniformInfo(i: TokenInfo): TokenInfo {
  return {
    company: i.company,
    model: i.model,
    support: i.support,
    stop: i.stop,
    friction: i.friction,
    smooth: i.smooth,
    negator: i.negator,
    hedge: i.hedge,
    conditional: i.conditional,
    clauseBreak: i.clauseBreak,
    compare: i.compare,
    cue: i.cue,
    notLaunch: i.notLaunch,
    ai: i.ai,
    offTopic: i.offTopic,
    neutral: i.neutral,
  };
}

function ref(id: string, company: string, ambiguous: boolean, spellings: string[], versionOnly: boolean, form: string, ai: boolean): AliasRef {
  return { id, company, ambiguous, spellings, versionOnly, selfVersioned: /\d/.test(form), ai };
}

function addSupport(info: TokenInfo, company: string): void {
  if (!info.support) info.support = [];
  if (!info.support.includes(company)) info.support.push(company);
}

function expand(term: string, inflect: 'none' | 'verb' | 'noun' | 'both', forms: string[]): string[] {
  const out = new Set<string>();
  for (const f of inflectTerm(fold(term), inflect)) out.add(f);
  for (const f of forms) out.add(fold(f));
  return [...out];
}

export { fold as foldTerm };
