// Reads and validates the catalogue files. Any problem throws ConfigError naming the file and the
// field path, so a user fixes the YAML without reading code.
import { readFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import type { z } from 'zod';
import { ConfigError, coerceError } from '../errors.js';
import { cuesSchema, entitiesSchema, frictionSchema, type Catalog } from './schema.js';
import { checkCrossReferences } from './cross-check.js';

export type { Catalog } from './schema.js';

/** Formats a zod path as `companies[3].aliases[0]`. */
export function formatPath(p: readonly PropertyKey[]): string {
  let out = '';
  for (const key of p) {
    if (typeof key === 'number') out += `[${key}]`;
    else out += out ? `.${String(key)}` : String(key);
  }
  return out || '(root)';
}

function readYaml(file: string): { raw: string; data: unknown } {
  let raw: string;
  try {
    raw = readFileSync(file, 'utf8');
  } catch (err) {
    throw new ConfigError(`${file}: cannot read: ${coerceError(err).message}`, { cause: err });
  }
  try {
    return { raw, data: parseYaml(raw) as unknown };
  } catch (err) {
    throw new ConfigError(`${file}: invalid YAML: ${coerceError(err).message}`, { cause: err });
  }
}

function validate<S extends z.ZodType>(file: string, schema: S, data: unknown): z.infer<S> {
  const res = schema.safeParse(data);
  if (res.success) return res.data;
  const issue = res.error.issues[0]!;
  const more = res.error.issues.length > 1 ? ` (and ${res.error.issues.length - 1} more)` : '';
  throw new ConfigError(`${file}: ${formatPath(issue.path)}: ${issue.message}${more}`, { cause: res.error });
}

/** Loads config/entities.yaml, friction.yaml and cues.yaml from `dir`; throws ConfigError on any bad field. */
export function loadCatalog(dir: string): Catalog {
  const files = {
    entities: path.join(dir, 'entities.yaml'),
    friction: path.join(dir, 'friction.yaml'),
    cues: path.join(dir, 'cues.yaml'),
  };
  const e = readYaml(files.entities);
  const f = readYaml(files.friction);
  const c = readYaml(files.cues);
  const entities = validate(files.entities, entitiesSchema, e.data);
  const friction = validate(files.friction, frictionSchema, f.data);
  const cues = validate(files.cues, cuesSchema, c.data);
  checkCrossReferences(files, entities, friction);
  const hash = createHash('sha256');
  for (const part of [e.raw, f.raw, c.raw]) hash.update(part).update('\0');
  return { version: hash.digest('hex').slice(0, 12), entities, friction, cues };
}
