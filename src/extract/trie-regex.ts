// Builds ONE regular expression for the whole lexicon from a trie of its terms. Shared prefixes are
// factored ("de(?:lay|nied)"), so the engine never re-reads a prefix it already matched; children
// come before the end of a term, so the longest term at a position wins. Latin terms get word
// boundaries (none inside CJK, where words are not separated).

export type RightEdge = 'strict' | 'digits-ok' | 'none';

interface Node {
  children: Map<string, Node>;
  end: RightEdge | null;
}

const LATIN_START = /^[a-z0-9]/;
const LATIN_END = /[a-z0-9]$/;

function newNode(): Node {
  return { children: new Map(), end: null };
}

function escapeChar(c: string): string {
  if (c === ' ') return '[\\s\\-]+';
  return /[\\^$.*+?()[\]{}|/-]/.test(c) ? `\\${c}` : c;
}

function lookahead(edge: RightEdge): string {
  if (edge === 'strict') return '(?![a-z0-9])';
  if (edge === 'digits-ok') return '(?![a-z])';
  return '';
}

function emit(node: Node): string {
  const parts: string[] = [];
  const keys = [...node.children.keys()].sort();
  for (const k of keys) parts.push(escapeChar(k) + emit(node.children.get(k)!));
  // The end of a term comes last: a longer term through this node is tried first.
  if (node.end !== null) parts.push(lookahead(node.end));
  if (parts.length === 1) return parts[0]!;
  return `(?:${parts.join('|')})`;
}

/**
 * Compiles canonical terms (lower-case, words separated by one space) into one global regex.
 * `edges` gives the right boundary of Latin-ending terms ('digits-ok' lets "qwen" match "qwen2.5").
 */
export function buildTermRegex(terms: Iterable<string>, edgeOf: (term: string) => RightEdge): RegExp {
  const latin = newNode();
  const other = newNode();
  for (const term of terms) {
    if (!term) continue;
    let node = LATIN_START.test(term) ? latin : other;
    for (const ch of term) {
      let next = node.children.get(ch);
      if (!next) {
        next = newNode();
        node.children.set(ch, next);
      }
      node = next;
    }
    const edge: RightEdge = LATIN_END.test(term) ? edgeOf(term) : 'none';
    // A term listed twice keeps the stricter boundary.
    node.end = node.end === 'strict' || edge === 'strict' ? 'strict' : edge;
  }
  const alts: string[] = [];
  if (latin.children.size) alts.push(`(?<![a-z0-9])${emit(latin)}`);
  if (other.children.size) alts.push(emit(other));
  return new RegExp(alts.join('|') || '(?!)', 'g');
}

/** The canonical lookup key of a matched or listed term: hyphens and runs of spaces become one space. */
export function canonicalKey(s: string): string {
  return s.replace(/[\s\-]+/g, ' ').trim();
}
