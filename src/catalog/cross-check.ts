// Checks between records that a schema cannot see: unknown company references, duplicate ids,
// and one name given to two entities of the same kind (which would make a mention ambiguous).
import { ConfigError } from '../errors.js';
import type { EntitiesFile, FrictionFile } from './schema.js';

const key = (s: string) => s.normalize('NFKC').toLowerCase().replace(/[\s-]+/g, ' ').trim();

/** Throws ConfigError naming file and field for the first broken cross-reference. */
export function checkCrossReferences(
  files: { entities: string; friction: string },
  entities: EntitiesFile,
  friction: FrictionFile,
): void {
  const fail = (file: string, field: string, msg: string): never => {
    throw new ConfigError(`${file}: ${field}: ${msg}`);
  };
  const companyIds = new Map<string, number>();
  const companyNames = new Map<string, string>();
  entities.companies.forEach((c, i) => {
    if (companyIds.has(c.id)) fail(files.entities, `companies[${i}].id`, `duplicate company id "${c.id}"`);
    companyIds.set(c.id, i);
    [...c.aliases, ...c.ambiguous].forEach((a, j) => {
      const other = companyNames.get(key(a));
      if (other && other !== c.id) fail(files.entities, `companies[${i}].aliases[${j}]`, `name "${a}" is also a name of company "${other}"`);
      companyNames.set(key(a), c.id);
    });
  });
  const modelIds = new Map<string, number>();
  const modelNames = new Map<string, string>();
  entities.models.forEach((m, i) => {
    if (modelIds.has(m.id)) fail(files.entities, `models[${i}].id`, `duplicate model id "${m.id}"`);
    modelIds.set(m.id, i);
    if (!companyIds.has(m.company)) fail(files.entities, `models[${i}].company`, `unknown company "${m.company}"`);
    const names = [...m.aliases, ...m.ambiguous];
    if (names.length === 0) fail(files.entities, `models[${i}].aliases`, 'a model needs at least one name');
    names.forEach((a, j) => {
      const other = modelNames.get(key(a));
      if (other && other !== m.id) fail(files.entities, `models[${i}].aliases[${j}]`, `name "${a}" is also a name of model "${other}"`);
      modelNames.set(key(a), m.id);
    });
    m.versionOnly.forEach((a, j) => {
      if (!names.some((n) => key(n) === key(a))) fail(files.entities, `models[${i}].versionOnly[${j}]`, `"${a}" is not one of the model's names`);
    });
  });
  entities.products.forEach((p, i) => {
    if (!companyIds.has(p.company)) fail(files.entities, `products[${i}].company`, `unknown company "${p.company}"`);
    [...p.aliases, ...p.ambiguous].forEach((a, j) => {
      const owner = companyNames.get(key(a)) ?? (modelNames.has(key(a)) ? `model ${modelNames.get(key(a))}` : undefined);
      if (owner) fail(files.entities, `products[${i}].aliases[${j}]`, `name "${a}" is already a name of ${owner}`);
    });
  });
  const termIds = new Set<string>();
  friction.terms.forEach((t, i) => {
    if (termIds.has(key(t.term))) fail(files.friction, `terms[${i}].term`, `duplicate term "${t.term}"`);
    termIds.add(key(t.term));
  });
}
