// Reads the labelled evaluation set: every *.jsonl file of a directory, one item per line.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { coerceError, UserError } from '../errors.js';
import { formatPath } from '../catalog/load.js';

const slug = z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'must be a lowercase slug');
const slugSet = z.array(slug).refine((a) => new Set(a).size === a.length, 'must not repeat a slug');

const labelsSchema = z.strictObject({
  companies: slugSet,
  models: slugSet,
  friction: z.boolean(),
  friction_targets: slugSet,
  launch: z.boolean(),
});

const itemSchema = z
  .strictObject({
    id: z.string().min(1),
    language: z.string().min(2),
    title: z.string(),
    body: z.string(),
    labels: labelsSchema,
    notes: z.string().optional(),
  })
  // A target outside `companies`, or targets without friction, is a labelling slip; catch it at load.
  .refine((i) => i.labels.friction_targets.every((t) => i.labels.companies.includes(t)), {
    message: 'every friction target must also be in companies',
    path: ['labels', 'friction_targets'],
  })
  .refine((i) => i.labels.friction === i.labels.friction_targets.length > 0, {
    message: 'friction_targets must be non-empty exactly when friction is true',
    path: ['labels', 'friction_targets'],
  })
  .refine((i) => (i.title + i.body).trim().length > 0, { message: 'title and body are both empty', path: ['body'] });

export type EvalLabels = z.infer<typeof labelsSchema>;

/** One labelled article, with where it was read from (for error messages and reports). */
export interface EvalItem extends z.infer<typeof itemSchema> {
  source: { file: string; line: number };
}

/** Parses one JSONL text; `file` only names the source in errors. Throws UserError naming file and line. */
export function parseEvalJsonl(text: string, file: string): EvalItem[] {
  const items: EvalItem[] = [];
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i]!.trim();
    if (!raw) continue;
    const line = i + 1;
    let data: unknown;
    try {
      data = JSON.parse(raw);
    } catch (rawErr) {
      const err = coerceError(rawErr);
      throw new UserError(`${file}:${line}: not valid JSON: ${err.message}`, { cause: err });
    }
    const res = itemSchema.safeParse(data);
    if (!res.success) {
      const issue = res.error.issues[0]!;
      const where = issue.path.length ? `${formatPath(issue.path)}: ` : '';
      throw new UserError(`${file}:${line}: ${where}${issue.message}`, { cause: res.error });
    }
    items.push({ ...res.data, source: { file, line } });
  }
  return items;
}

/** Loads every *.jsonl in `dir` (sorted by name); ids must be unique across the directory. */
export function loadEvalDir(dir: string): EvalItem[] {
  let names: string[];
  try {
    names = readdirSync(dir).filter((n) => n.endsWith('.jsonl')).sort();
  } catch (rawErr) {
    const err = coerceError(rawErr);
    throw new UserError(`cannot read evaluation directory ${dir}: ${err.message}`, { cause: err });
  }
  if (names.length === 0) throw new UserError(`${dir}: no *.jsonl evaluation files`);
  const items: EvalItem[] = [];
  const seen = new Map<string, EvalItem>();
  for (const name of names) {
    const file = path.join(dir, name);
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (rawErr) {
      const err = coerceError(rawErr);
      throw new UserError(`cannot read ${file}: ${err.message}`, { cause: err });
    }
    for (const item of parseEvalJsonl(text, file)) {
      const prev = seen.get(item.id);
      if (prev) {
        throw new UserError(`${file}:${item.source.line}: id "${item.id}" already used at ${prev.source.file}:${prev.source.line}`);
      }
      seen.set(item.id, item);
      items.push(item);
    }
  }
  return items;
}
