import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Engine } from '../runtime/context.js';
import { extract } from '../extract/extract.js';
import { scoreArticle } from '../scoring/score.js';
import { extractMainText } from '../feeds/html-text.js';
import { decodeBody } from '../feeds/decode.js';
import type { ArticleDoc, HitTarget } from '../extract/types.js';
import { toClassifyJson } from './classify-output.js';
import { UserError } from '../errors.js';

/** Reads an article file: .json ({title, body|text, language}), .html (main text), or plain text. */
export function readArticleFile(file: string): ArticleDoc {
  let buf: Buffer;
  try {
    buf = readFileSync(file);
  } catch (raw) {
    throw new UserError(`cannot read ${file}: ${(raw as Error).message}`);
  }
  const ext = path.extname(file).toLowerCase();
  if (ext === '.json') {
    let obj: Record<string, unknown>;
    try {
      obj = JSON.parse(buf.toString('utf8')) as Record<string, unknown>;
    } catch (raw) {
      throw new UserError(`${file}: not valid JSON: ${(raw as Error).message}`);
    }
    const str = (v: unknown) => (typeof v === 'string' ? v : '');
    return { title: str(obj.title), body: str(obj.body) || str(obj.text) || str(obj.content), language: str(obj.language) || null };
  }
  if (ext === '.html' || ext === '.htm') {
    const { text: html } = decodeBody(buf, 'text/html');
    const main = extractMainText(html);
    return { title: main.title ?? '', body: main.text, language: null };
  }
  const { text } = decodeBody(buf, 'text/plain');
  return { title: '', body: text, language: null };
}

/** `launchwatch classify FILE... [--json]`: extraction and scores, no database. */
export function classifyCommand(engine: Engine, files: string[], opts: { json: boolean }, out: (line: string) => void): void {
  for (const file of files) {
    const doc = readArticleFile(file);
    const ex = extract(doc, engine.lex);
    const score = scoreArticle(ex);
    const obj = { file, ...toClassifyJson(ex, score) } as Record<string, unknown>;
    if (opts.json) {
      out(JSON.stringify(obj));
      continue;
    }
    out(`${file}: ${ex.language}, ${ex.launch ? 'launch' : 'no launch'}, friction ${Math.round(score.friction * 100)}/100`);
    for (const m of ex.mentions) out(`  ${m.kind} ${m.entity}${m.version ? ` ${m.version}` : ''} ← "${m.surface}"`);
    for (const h of ex.hits) {
      const flags = [h.negated && 'negated', h.hedged && 'hedged'].filter(Boolean).join(', ');
      const targets = h.targets.map((t: HitTarget) => (t.model ? `${t.company}/${t.model}` : t.company) + (t.indirect ? ' (indirect)' : '')).join(', ');
      out(`  friction ${h.category} "${h.surface}" w=${h.weight} → ${h.effectiveWeight.toFixed(2)}${flags ? ` [${flags}]` : ''} → ${targets || 'no target'}`);
      out(`    “${ex.sentences[h.sentence]?.text.trim() ?? ''}”`);
    }
  }
}
