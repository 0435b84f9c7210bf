// Launch detection: does the article report a release-type event (a new model, version, feature or
// app launched, unveiled, rolled out to new users — or such a release delayed or withdrawn), and of
// what. Outages of established products, usage caps, prices and earnings are not launches.
import type { Token } from './scan.js';
import type { LaunchCue, LaunchSubject, Mention } from './types.js';

export interface LaunchInput {
  text: string;
  tokens: Token[];
  ranges: readonly number[];
  mentionsBySentence: Mention[][];
  /** Friction token indexes that are not negated. */
  liveFriction: Set<number>;
  /** Sentences of the title (they come first). */
  titleSentences: number;
  aiContext: boolean;
  /** Whether a sentence is about an AI model or product (not a phone, an OS, a car). */
  relevant: (sentence: number) => boolean;
}

export interface LaunchResult {
  launch: boolean;
  subjects: LaunchSubject[];
  cues: LaunchCue[];
  launchSentences: number[];
}

/** How many sentences after the title still count as the lead, where the launch is named. */
const LEAD_SENTENCES = 3;

/** Finds launch cues, the sentences that report a launch, and the launch subjects. */
export function findLaunch(inp: LaunchInput): LaunchResult {
  const { tokens, ranges, mentionsBySentence } = inp;
  const cues: LaunchCue[] = [];
  const launchSentences: number[] = [];
  const nSent = mentionsBySentence.length;
  for (let s = 0; s < nSent; s++) {
    const first = ranges[2 * s]!;
    const last = ranges[2 * s + 1]!;
    let strong = false;
    let weak = false;
    let releaseTrouble = false;
    let notLaunch = false;
    for (let k = first; k < last; k++) {
      const t = tokens[k]!;
      const { cue, friction } = t.info;
      if (cue) {
        cues.push({ term: cue.term, surface: inp.text.slice(t.start, t.end), start: t.start, end: t.end, sentence: s });
        if (cue.strong) strong = true;
        else weak = true;
      }
      if (t.info.notLaunch) notLaunch = true;
      if (friction && (friction.category === 'delay' || friction.category === 'rollback') && inp.liveFriction.has(k)) {
        releaseTrouble = true;
      }
    }
    if (notLaunch || !inp.relevant(s)) continue;
    const ms = mentionsBySentence[s]!;
    if (ms.length === 0) continue;
    const hasModel = ms.some((m) => m.kind === 'model');
    if (strong || ((weak || releaseTrouble) && hasModel)) launchSentences.push(s);
  }
  if (!inp.aiContext || launchSentences.length === 0) return { launch: false, subjects: [], cues, launchSentences };

  const leadEnd = inp.titleSentences + LEAD_SENTENCES;
  let picked = launchSentences.filter((s) => s < leadEnd);
  if (picked.length === 0) picked = [launchSentences[0]!];
  // A title that names the launch is the best witness: use it alone when it does.
  const inTitle = picked.filter((s) => s < inp.titleSentences);
  if (inTitle.length > 0) picked = inTitle;

  const subjects: LaunchSubject[] = [];
  const seen = new Set<string>();
  for (const s of picked) {
    const ms = mentionsBySentence[s]!;
    const models = ms.filter((m) => m.kind === 'model');
    const use = models.length > 0 ? models : ms;
    for (const m of use) {
      const model = m.kind === 'model' ? m.entity : null;
      const key = `${m.company}/${model ?? ''}`;
      if (seen.has(key)) continue;
      seen.add(key);
      subjects.push({ company: m.company, model, version: m.version ?? null });
    }
  }
  // A company subject is redundant beside a model subject of the same company.
  const withModel = new Set(subjects.filter((x) => x.model).map((x) => x.company));
  const out = subjects.filter((x) => x.model !== null || !withModel.has(x.company));
  return { launch: out.length > 0, subjects: out, cues, launchSentences };
}
