// Zod schemas of the catalogue files (config/entities.yaml, friction.yaml, cues.yaml).
// Objects are strict so that a misspelt key is reported instead of silently ignored.
import { z } from 'zod';

const slug = z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'expected a lowercase slug (a-z, 0-9, -)');
const term = z.string().trim().min(1, 'expected a non-empty string');
const terms = z.array(term);
const weight = z.number().min(0, 'weight must be in [0,1]').max(1, 'weight must be in [0,1]');
const inflect = z.enum(['none', 'verb', 'noun', 'both']).default('none');

export const companySchema = z.strictObject({
  id: slug,
  name: term,
  aliases: terms,
  ambiguous: terms.default([]),
  context: terms.default([]),
  ai: z.boolean().default(false),
});

export const modelSchema = z.strictObject({
  id: slug,
  company: slug,
  name: term,
  aliases: terms.default([]),
  ambiguous: terms.default([]),
  context: terms.default([]),
  versionOnly: terms.default([]),
});

export const entitiesSchema = z.strictObject({
  companies: z.array(companySchema).min(1),
  models: z.array(modelSchema).default([]),
  products: z.array(modelSchema).default([]),
  stopPhrases: terms.default([]),
});

export const frictionCategorySchema = z.enum([
  'delay',
  'outage',
  'capacity',
  'quality',
  'rollback',
  'regulatory',
  'reception',
  'security',
]);

export const frictionTermSchema = z.strictObject({
  term,
  category: frictionCategorySchema,
  weight,
  inflect,
  forms: terms.default([]),
});

export const frictionSchema = z.strictObject({
  terms: z.array(frictionTermSchema).min(1),
  smooth: z.array(z.strictObject({ term, forms: terms.default([]) })).default([]),
  negators: z
    .array(
      z.strictObject({
        term,
        reach: z.enum(['near', 'clause']),
        window: z.number().int().min(0).max(40).optional(),
        forms: terms.default([]),
      }),
    )
    .default([]),
  // scope "conditional": a hedge only in a clause that also holds a conditional ("would … if").
  hedges: z.array(z.strictObject({ term, scope: z.enum(['clause', 'sentence', 'conditional']), forms: terms.default([]) })).default([]),
  conditionals: terms.default([]),
  clauseBreaks: terms.default([]),
  // side: where the compared entity stands: "after" the phrase ("compared with X"), "before" it
  // ("a X rival"), or "around" (after it when one follows directly, else before: "与X相比", "相比X").
  comparisons: z
    .array(z.strictObject({ term, side: z.enum(['after', 'before', 'around']), forms: terms.default([]) }))
    .default([]),
  neutral: terms.default([]),
});

export const cuesSchema = z.strictObject({
  launch: z.array(
    z.strictObject({ term, strength: z.enum(['strong', 'weak']), inflect, forms: terms.default([]) }),
  ),
  notLaunch: terms.default([]),
  aiContext: terms.default([]),
  offTopic: terms.default([]),
});

export type CompanyDef = z.infer<typeof companySchema>;
export type ModelDef = z.infer<typeof modelSchema>;
export type EntitiesFile = z.infer<typeof entitiesSchema>;
export type FrictionTermDef = z.infer<typeof frictionTermSchema>;
export type FrictionFile = z.infer<typeof frictionSchema>;
export type CuesFile = z.infer<typeof cuesSchema>;
export type Inflect = z.infer<typeof inflect>;

/** The validated catalogue: entities, friction lexicon and cues, plus a version of their contents. */
export interface Catalog {
  /** Short sha256 of the files' contents: the lexicon version stamped on every result. */
  version: string;
  entities: EntitiesFile;
  friction: FrictionFile;
  cues: CuesFile;
}
