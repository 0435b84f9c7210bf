// Entity mentions: company and model names, with the version written beside a model, and the
// support rule for ambiguous names (Apple, Gemini, Llama …): they count only with a version, the
// owner company (or one of its context terms) in the article, or AI context.
import type { AliasRef, CompiledLexicon } from './compile.js';
import type { Normalized } from './normalize.js';
import { toOriginal, toOriginalEnd } from './normalize.js';
import type { Token } from './scan.js';
import type { Mention } from './types.js';

export interface MentionContext {
  text: string;
  norm: Normalized;
  tokens: Token[];
  /** AI-context terms per sentence. */
  aiTerms: readonly number[];
  lex: CompiledLexicon;
}

export interface MentionResult {
  mentions: Mention[];
  /** Token index of each mention (parallel to mentions). */
  tokenIndex: number[];
  /** Sentences that name a model. */
  modelSentences: Set<number>;
  /** Sentences that name a model or an AI-native company. */
  aiEntitySentences: Set<number>;
  /** The article is about AI: AI terms or model names beyond a passing word. */
  articleAi: boolean;
}

const YEAR = /^(?:19|20)\d\d$/;
const CJK_AMBIGUOUS_BLOCK = /[0-9]/;

/** The version written right after a model name ("-4o", " 2.5 Pro", "R1"), as in the original text. */
export function readVersion(ctx: MentionContext, ne: number): string | null {
  const re = ctx.lex.versionRe;
  re.lastIndex = ne;
  const m = re.exec(ctx.norm.text);
  if (!m) return null;
  const start = toOriginal(ctx.norm, ne);
  const end = toOriginalEnd(ctx.norm, ne + m[0].length, ctx.text.length);
  const v = ctx.text.slice(start, end).replace(/^[\s\-]+/, '');
  if (!v || YEAR.test(v)) return null;
  return v;
}

// A name shared by company and model is the model when a product noun follows: "DeepSeek's model".
function productNounFollows(ctx: MentionContext, ne: number): boolean {
  const re = ctx.lex.productNounRe;
  re.lastIndex = ne;
  return re.test(ctx.norm.text);
}

function caseOk(surface: string, ref: AliasRef): boolean {
  if (!/[A-Za-z]/.test(surface)) return true;
  if (ref.spellings.includes(surface)) return true;
  // A headline in capitals ("GEMINI 2.5 SHIPS") keeps its meaning.
  return surface.length > 2 && surface === surface.toUpperCase() && ref.spellings.some((s) => s !== s.toLowerCase());
}

/** Resolves name tokens into mentions (models first; a name shared with the company falls back to it). */
export function resolveMentions(ctx: MentionContext): MentionResult {
  const { tokens, text, norm, aiTerms } = ctx;
  // Support that does not depend on ambiguous names: unambiguous names and context terms.
  const supported = new Set<string>();
  const modelSentenceFirm = new Set<number>();
  let aiTotal = 0;
  let firmModels = 0;
  let firmAiCompanies = 0;
  for (const n of aiTerms) aiTotal += n;
  for (const t of tokens) {
    const { company, model, support } = t.info;
    if (company && !company.ambiguous) {
      supported.add(company.id);
      if (company.ai) firmAiCompanies++;
    }
    if (model && !model.ambiguous && !model.versionOnly) {
      supported.add(model.company);
      modelSentenceFirm.add(t.sentence);
      firmModels++;
    }
    if (support) for (const c of support) supported.add(c);
  }
  const articleAiFirm = firmModels > 0 || firmAiCompanies > 0 || aiTotal >= 2;

  const ok = (ref: AliasRef, t: Token, surface: string, version: string | null): boolean => {
    if (!ref.ambiguous) return true;
    if (!caseOk(surface, ref)) return false;
    if (!/[a-z]/i.test(surface) && t.ns > 0 && CJK_AMBIGUOUS_BLOCK.test(norm.text[t.ns - 1]!)) return false;
    if (version) return true;
    if (supported.has(ref.company)) return true;
    if ((aiTerms[t.sentence] ?? 0) > 0 || modelSentenceFirm.has(t.sentence)) return true;
    return articleAiFirm;
  };

  const mentions: Mention[] = [];
  const tokenIndex: number[] = [];
  const modelSentences = new Set<number>();
  const aiEntitySentences = new Set<number>();
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    const { company, model } = t.info;
    if (!company && !model) continue;
    const surface = text.slice(t.start, t.end);
    if (model) {
      const version = model.selfVersioned ? surface : readVersion(ctx, t.ne);
      if ((!model.versionOnly || version || productNounFollows(ctx, t.ne)) && ok(model, t, surface, version)) {
        mentions.push({ kind: 'model', entity: model.id, company: model.company, version, surface, start: t.start, end: t.end, sentence: t.sentence });
        tokenIndex.push(i);
        modelSentences.add(t.sentence);
        aiEntitySentences.add(t.sentence);
        continue;
      }
    }
    if (company && ok(company, t, surface, null)) {
      mentions.push({ kind: 'company', entity: company.id, company: company.id, version: null, surface, start: t.start, end: t.end, sentence: t.sentence });
      tokenIndex.push(i);
      if (company.ai) aiEntitySentences.add(t.sentence);
    }
  }
  const articleAi = aiEntitySentences.size > 0 || aiTotal >= 2;
  return { mentions, tokenIndex, modelSentences, aiEntitySentences, articleAi };
}
