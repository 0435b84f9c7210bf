import type { ArticleScore, ClassifierVersion, Extraction } from '../../extract/types.js';
import { normalizeVersion } from '../../events/window.js';
import { arrayLiteral } from '../array-literal.js';
import { groupMentions, mentionGroupParams, type MentionGroup } from './mention-groups.js';
import { targetCompanies, targetsJson, weightFor } from './results.js';

/**
 * The rows of a batch's result insert (results-batch.ts), gathered column by column: mention
 * groups, friction hits and entity scores, each unique on its table's key (the first wins, as
 * ON CONFLICT DO NOTHING would have it, so the insert needs no conflict handling: speculative
 * insertion costs a third of an insert).
 *
 * An instance filled by `add`, one call per article, rather than column arrays in object
 * literals local to the batch function: TurboFan's escape analysis tried to keep those
 * literals' two dozen fields in registers across the loops, ~175 ms of it each time it
 * optimised the batch function (docs/performance.md, item 33).
 */
export class ResultColumns {
  private readonly mentions: { articleId: number; groups: MentionGroup[] }[] = [];
  private readonly h = { a: [] as number[], term: [] as string[], cat: [] as string[], w: [] as number[], ew: [] as number[], neg: [] as boolean[], hedge: [] as boolean[], surface: [] as string[], s: [] as number[], e: [] as number[], sent: [] as number[], text: [] as string[], targets: [] as string[], companies: [] as string[] };
  private readonly sc = { a: [] as number[], company: [] as string[], model: [] as string[], version: [] as string[], f: [] as number[], cats: [] as string[], hits: [] as number[], ev: [] as (string | null)[], ew: [] as number[], subj: [] as boolean[] };
  private readonly once = new Set<string>();

  private first(key: string): boolean {
    if (this.once.has(key)) return false;
    this.once.add(key);
    return true;
  }

  /** Adds one article's rows. */
  add(articleId: number, ex: Extraction, score: ArticleScore): void {
    const { h, sc } = this;
    this.mentions.push({ articleId, groups: groupMentions(ex.mentions) });
    for (const x of ex.hits) {
      if (!this.first(`h${articleId}\t${x.start}\t${x.term}`)) continue;
      h.a.push(articleId); h.term.push(x.term); h.cat.push(x.category); h.w.push(x.weight); h.ew.push(x.effectiveWeight); h.neg.push(x.negated);
      h.hedge.push(x.hedged); h.surface.push(x.surface); h.s.push(x.start); h.e.push(x.end); h.sent.push(x.sentence);
      h.text.push(ex.sentences[x.sentence]?.text ?? '');
      h.targets.push(targetsJson(x));
      h.companies.push(arrayLiteral(targetCompanies(x)));
    }
    for (const e of score.entities) {
      if (!this.first(`s${articleId}\t${e.company}\t${e.model ?? ''}`)) continue;
      const strongest = e.strongestHit === null ? null : (ex.hits[e.strongestHit] ?? null);
      sc.a.push(articleId); sc.company.push(e.company); sc.model.push(e.model ?? ''); sc.version.push(normalizeVersion(e.version)); sc.f.push(e.friction);
      sc.cats.push([...e.categories].sort().join(',')); sc.hits.push(e.hitCount);
      sc.ev.push(strongest ? (ex.sentences[strongest.sentence]?.text ?? strongest.surface) : null);
      sc.ew.push(strongest ? weightFor(strongest, e) : 0); sc.subj.push(e.isLaunchSubject && ex.launch);
    }
  }

  /**
   * The 35 parameters of the insert: $1–$9 mention groups, $10–$22 friction hits, $23–$32 entity
   * scores, $33/$34 the classifier and lexicon versions, $35 the hits' target companies.
   */
  params(v: ClassifierVersion): string[] {
    const { h, sc } = this;
    return [
      ...mentionGroupParams(this.mentions),
      ...[h.a, h.term, h.cat, h.w, h.ew, h.neg, h.hedge, h.surface, h.s, h.e, h.sent, h.text, h.targets].map(arrayLiteral),
      ...[sc.a, sc.company, sc.model, sc.version, sc.f, sc.cats, sc.hits, sc.ev, sc.ew, sc.subj].map(arrayLiteral),
      v.classifier,
      v.lexicon,
      arrayLiteral(h.companies),
    ];
  }
}
