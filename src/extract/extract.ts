// The extraction core: text → sentences, mentions, friction hits (negated/hedged/attributed),
// smooth phrases, launch cues and subjects. Pure: no I/O, no regex built per article.
import type { CompiledLexicon } from './compile.js';
import { normalizeText } from './normalize.js';
import { languageFromCounts, scanTokens, sentenceRanges } from './scan.js';
import { splitSentences } from './sentences.js';
import { resolveMentions } from './mentions.js';
import { frictionFlags, type RawHit } from './friction.js';
import { clauseRange } from './clauses.js';
import { findLaunch } from './launch.js';
import { comparedMentions } from './comparisons.js';
import { indirectTargets, targetsFrom, targetWeight } from './attribution.js';
import { articleText, type ArticleDoc, type Extraction, type FrictionHit, type LaunchSubject, type Mention, type SmoothHit } from './types.js';

const NO_MENTIONS: Mention[] = [];

/** Extracts mentions, friction, smooth phrases and launch cues from one article. */
export function extract(doc: ArticleDoc, lex: CompiledLexicon): Extraction {
  const text = articleText(doc);
  // One pass over the text both normalises it and counts the letters that decide its language.
  const norm = normalizeText(text);
  const language = languageFromCounts(norm.cjk, norm.latin, doc.language);
  const sentences = splitSentences(text);
  const tokens = scanTokens(text, norm, sentences, lex);
  const nSent = sentences.length;
  const ranges = sentenceRanges(tokens, nSent);
  const titleLen = doc.title.trim().length;
  let titleSentences = 0;
  while (titleLen > 0 && titleSentences < nSent && sentences[titleSentences]!.start < titleLen) titleSentences++;

  // Plain arrays: a typed array this small still costs an off-heap buffer per article.
  const aiTerms = new Array<number>(nSent).fill(0);
  const offTopic = new Array<number>(nSent).fill(0);
  const smooth: SmoothHit[] = [];
  for (const t of tokens) {
    if (t.info.ai) aiTerms[t.sentence]!++;
    if (t.info.offTopic) offTopic[t.sentence] = 1;
    if (t.info.smooth) smooth.push({ term: t.info.smooth, surface: text.slice(t.start, t.end), start: t.start, end: t.end, sentence: t.sentence });
  }

  const mres = resolveMentions({ text, norm, tokens, aiTerms, lex });
  const mentionsBySentence: Mention[][] = new Array<Mention[]>(nSent);
  const mentionAtToken: Array<Mention | undefined> = new Array<Mention | undefined>(tokens.length);
  for (let s = 0; s < nSent; s++) mentionsBySentence[s] = NO_MENTIONS;
  mres.mentions.forEach((m, k) => {
    const list = mentionsBySentence[m.sentence]!;
    mentionsBySentence[m.sentence] = list === NO_MENTIONS ? [m] : (list.push(m), list);
    mentionAtToken[mres.tokenIndex[k]!] = m;
  });
  let titleAi = false;
  for (let s = 0; s < titleSentences; s++) if (aiTerms[s]! > 0 || mres.aiEntitySentences.has(s)) titleAi = true;
  const aiContext = mres.articleAi || titleAi;
  const sentenceAi = (s: number) => aiTerms[s]! > 0 || mres.aiEntitySentences.has(s);
  // A sentence is about an AI model or product when it says so, or when the article is about AI
  // and the sentence is not about a phone, an operating system, a car …
  const relevant = (s: number) => sentenceAi(s) || (offTopic[s] === 0 && aiContext);

  // Friction flags first: launch detection needs to know which delay/rollback terms are live.
  const raw: RawHit[] = [];
  const liveFriction = new Set<number>();
  for (let s = 0; s < nSent; s++) {
    const first = ranges[2 * s]!;
    const last = ranges[2 * s + 1]!;
    let prev: RawHit | null = null;
    for (let k = first; k < last; k++) {
      if (!tokens[k]!.info.friction) continue;
      // Friction only counts where the coverage is about an AI model or product.
      if (!relevant(s)) continue;
      const h = frictionFlags(text, norm.text, tokens, k, first, last, sentences[s]!.start);
      // Negation runs through a list: "并未出现宕机或明显卡顿", "no outages, delays or glitches".
      if (!h.negated && prev?.negated && listContinues(norm.text, tokens[prev.token]!.ne, tokens[k]!.ns)) h.negated = true;
      prev = h;
      raw.push(h);
      if (!h.negated) liveFriction.add(k);
    }
  }

  const launch = findLaunch({ text, tokens, ranges, mentionsBySentence, liveFriction, titleSentences, aiContext, relevant });
  // Entities named only as a yardstick ("a ChatGPT rival", "与GPT-4o相比") are never friction targets.
  const compared = raw.length > 0 ? comparedMentions(norm.text, tokens, ranges, (k) => mentionAtToken[k] !== undefined, lex.versionRe) : null;
  const targetable = compared === null ? mentionsBySentence : withoutCompared(mentionsBySentence, mres.mentions, mres.tokenIndex, compared);
  const fallback: LaunchSubject[] = launch.subjects.length > 0 ? launch.subjects : titleSubjects(targetable, titleSentences);

  const hits: FrictionHit[] = [];
  for (const h of raw) {
    const t = tokens[h.token]!;
    const f = t.info.friction!;
    const s = t.sentence;
    const [lo, hi] = clauseRange(tokens, h.token, ranges[2 * s]!, ranges[2 * s + 1]!);
    const clauseMentions: Mention[] = [];
    for (let k = lo; k < hi; k++) {
      const m = mentionAtToken[k];
      if (m && (compared === null || compared[k] === 0)) clauseMentions.push(m);
    }
    // The hit's own clause decides when it names anyone ("X limited sign-ups, as its app overtook
    // Y"); only a clause that names no one falls back to the whole sentence.
    let targets = targetsFrom(clauseMentions);
    if (targets.length === 0) targets = targetsFrom(targetable[s]!);
    if (targets.length === 0) targets = indirectTargets(fallback);
    const direct = targets.length === 0 || targets.some((x) => !x.indirect);
    hits.push({
      term: f.term,
      category: f.category,
      weight: f.weight,
      negated: h.negated,
      hedged: h.hedged,
      surface: text.slice(t.start, t.end),
      start: t.start,
      end: t.end,
      sentence: s,
      targets,
      effectiveWeight: targetWeight(f.weight, h.negated, h.hedged, !direct),
    });
  }
  denyRumours(hits);

  return {
    language,
    text,
    sentences,
    mentions: mres.mentions,
    hits,
    smooth,
    cues: launch.cues,
    launch: launch.launch,
    launchSubjects: launch.subjects,
    aiContext,
  };
}

// Mentions per sentence without those a comparison names.
function withoutCompared(bySentence: Mention[][], mentions: Mention[], tokenIndex: number[], compared: readonly number[]): Mention[][] {
  const out = bySentence.slice();
  mentions.forEach((m, k) => {
    if (compared[tokenIndex[k]!] === 0) return;
    out[m.sentence] = out[m.sentence]!.filter((x) => x !== m);
  });
  return out;
}

// A rumour and its denial in one article: "网传Kimi遭限流 … 从未实施限流", "media reported it could be
// delayed … it was not delayed". A hedged hit is void when the article firmly negates a hit of the
// same category on the same company; a firm (unhedged) report stands whatever else is denied.
function denyRumours(hits: FrictionHit[]): void {
  for (const h of hits) {
    if (!h.hedged || h.negated) continue;
    const denied = hits.some(
      (g) => g.negated && !g.hedged && g.category === h.category && g.targets.some((x) => h.targets.some((y) => x.company === y.company)),
    );
    if (!denied) continue;
    h.negated = true;
    h.effectiveWeight = 0;
  }
}

const LIST_GAP = /^(?:[\s,、，]*(?:or|and|nor|或|和|及|或者|以及|与)?[\s,、，]*(?:any|major|significant|明显|严重|大面积|任何)?[\s]*)$/;

function listContinues(norm: string, from: number, to: number): boolean {
  return to - from <= 24 && LIST_GAP.test(norm.slice(from, to));
}

// For an article that reports no launch, friction with no entity in its sentence goes to the
// entities its title names (an outage story: "ChatGPT is down" … "users saw errors").
function titleSubjects(bySentence: Mention[][], titleSentences: number): LaunchSubject[] {
  const out: LaunchSubject[] = [];
  for (let s = 0; s < titleSentences; s++) {
    for (const t of targetsFrom(bySentence[s]!)) {
      if (!out.some((o) => o.company === t.company && o.model === t.model)) out.push({ company: t.company, model: t.model, version: null });
    }
  }
  return out;
}
