// The lexicon automaton: a character trie walked over the normalised text, leftmost-longest,
// with word boundaries for Latin terms and none for CJK. Terms are added to a Map-based trie and
// then packed into a double array (base/check), so that each step of the walk is two array reads.
// Measured here it runs several times faster than one big alternation RegExp on Chinese text
// (where every position can start a term and V8 tries the alternatives one by one), and it hands
// back the term's record directly.

/** Right boundary of a Latin-ending term: 'digits-ok' lets "qwen" match in "qwen2.5". */
export type RightEdge = 'strict' | 'digits-ok' | 'none';

/** The canonical lookup form of a term: hyphens and runs of whitespace become one space. */
export function canonicalKey(s: string): string {
  return s.replace(/[\s\-]+/g, ' ').trim();
}

const EDGE_NONE = 0;
const EDGE_STRICT = 1;
const EDGE_DIGITS_OK = 2;

function isWordCode(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 48 && c <= 57);
}
function isSeparator(c: number): boolean {
  // A space in a term matches any run of whitespace or hyphens in the text.
  return c === 32 || c === 45 || c === 9 || c === 10 || c === 13 || c === 0xa0 || c === 0x3000;
}

// Latin letters and digits (a term must not start or end inside a word), and separators.
const WORD = new Uint8Array(65536);
const SEPARATOR = new Uint8Array(65536);
for (let c = 0; c < 65536; c++) {
  if (isWordCode(c)) WORD[c] = 1;
  if (isSeparator(c)) SEPARATOR[c] = 1;
}

interface BuildNode {
  children: Map<number, BuildNode>;
  value: unknown;
  edge: number;
}

/** A compiled set of terms (canonical: lower-case, words separated by one space) → values. */
export class TermTrie<T> {
  private readonly rootNode: BuildNode = { children: new Map(), value: undefined, edge: EDGE_NONE };
  private packed = false;
  // Double array: state s has children at base[s] + code(char), valid when check[that] === s.
  private code = new Int32Array(65536);
  /** `code` with every separator mapped to the space's code. */
  private scanCode = new Int32Array(65536);
  private startState = new Int32Array(65536);
  private base = new Int32Array(1);
  private check = new Int32Array(1);
  // Per state: 0 = no term ends here, else 1 + edge kind; the term's value is values[valueAt[s]].
  private ends = new Uint8Array(1);
  private valueAt = new Int32Array(1);
  private values: T[] = [];
  size = 0;

  /** Adds a term; `edge` is its right boundary when it ends in a Latin letter or digit. */
  add(term: string, value: T, edge: RightEdge): void {
    if (!term) return;
    let node = this.rootNode;
    for (let i = 0; i < term.length; i++) {
      const c = term.charCodeAt(i);
      let next = node.children.get(c);
      if (!next) {
        next = { children: new Map(), value: undefined, edge: EDGE_NONE };
        node.children.set(c, next);
      }
      node = next;
    }
    if (node.value === undefined) this.size++;
    node.value = value;
    const last = term.charCodeAt(term.length - 1);
    node.edge = !isWordCode(last) ? EDGE_NONE : edge === 'strict' ? EDGE_STRICT : edge === 'digits-ok' ? EDGE_DIGITS_OK : EDGE_NONE;
    this.packed = false;
  }

  /** Packs the trie into the double array (done once, before the first scan). */
  pack(): void {
    const code = new Int32Array(65536);
    let nextCode = 1;
    const walk: BuildNode[] = [this.rootNode];
    for (let k = 0; k < walk.length; k++) {
      for (const [c, child] of walk[k]!.children) {
        if (code[c] === 0) code[c] = nextCode++;
        walk.push(child);
      }
    }
    let cap = Math.max(1024, walk.length * 2 + nextCode);
    let base = new Int32Array(cap);
    let check = new Int32Array(cap).fill(-1);
    let ends = new Uint8Array(cap);
    let valueAt = new Int32Array(cap);
    const values: T[] = [];
    const grow = (need: number) => {
      if (need < cap) return;
      const n = Math.max(need + 1, cap * 2);
      const b = new Int32Array(n);
      b.set(base);
      const ch = new Int32Array(n).fill(-1);
      ch.set(check);
      const e = new Uint8Array(n);
      e.set(ends);
      const v = new Int32Array(n);
      v.set(valueAt);
      base = b;
      check = ch;
      ends = e;
      valueAt = v;
      cap = n;
    };
    check[0] = 0;
    let firstFree = 1;
    const queue: Array<[BuildNode, number]> = [[this.rootNode, 0]];
    for (let q = 0; q < queue.length; q++) {
      const [node, state] = queue[q]!;
      if (node.value !== undefined) {
        ends[state] = 1 + node.edge;
        valueAt[state] = values.length;
        values.push(node.value as T);
      }
      if (node.children.size === 0) continue;
      const kids = [...node.children].map(([c, n]) => [code[c]!, n] as const).sort((a, b) => a[0] - b[0]);
      const minCode = kids[0]![0];
      while (firstFree < cap && check[firstFree] !== -1) firstFree++;
      let b = Math.max(1, firstFree - minCode);
      for (;;) {
        grow(b + kids[kids.length - 1]![0]);
        let ok = true;
        for (const [c] of kids) {
          if (check[b + c] !== -1) {
            ok = false;
            break;
          }
        }
        if (ok) break;
        b++;
      }
      base[state] = b;
      for (const [c, child] of kids) {
        check[b + c] = state;
        queue.push([child, b + c]);
      }
    }
    this.code = code;
    const scanCode = code.slice();
    for (let c = 0; c < 65536; c++) if (SEPARATOR[c] === 1) scanCode[c] = code[32]!;
    this.scanCode = scanCode;
    // The state after a term's first character, or 0 when no term starts with it: one read decides
    // whether a walk starts at all.
    const startState = new Int32Array(65536);
    for (let c = 0; c < 65536; c++) {
      const cc = code[c]!;
      if (cc !== 0 && check[base[0]! + cc] === 0) startState[c] = base[0]! + cc;
    }
    this.startState = startState;
    this.base = base;
    this.check = check;
    this.ends = ends;
    this.valueAt = valueAt;
    this.values = values;
    this.packed = true;
  }

  /** Calls `onMatch` for each leftmost-longest term occurrence in `text`, in order. */
  scan(text: string, onMatch: (value: T, start: number, end: number) => void): void {
    if (!this.packed) this.pack();
    const { base, check, values, ends, valueAt } = this;
    // Separators share the space's code (terms hold no hyphen or other separator: canonicalKey),
    // so the walk needs one table read per character.
    const code = this.scanCode;
    const spaceCode = code[32]!;
    const n = text.length;
    const startState = this.startState;
    let i = 0;
    while (i < n) {
      const c = text.charCodeAt(i);
      let state = startState[c]!;
      let bestEnd = -1;
      let bestState = 0;
      if (state !== 0) {
        let j = i + 1;
        for (;;) {
          const end = ends[state]!;
          if (end !== 0) {
            const e = end - 1;
            const nc = j < n ? text.charCodeAt(j) : 32;
            if (e === EDGE_NONE || (e === EDGE_STRICT ? WORD[nc] === 0 : !(nc >= 97 && nc <= 122))) {
              bestEnd = j;
              bestState = state;
            }
          }
          if (j >= n) break;
          const k = code[text.charCodeAt(j)]!;
          const t = base[state]! + k;
          if (k === 0 || check[t] !== state) break;
          state = t;
          // A space in a term matches a run of separators.
          if (k === spaceCode) while (j + 1 < n && SEPARATOR[text.charCodeAt(j + 1)] === 1) j++;
          j++;
        }
      }
      if (bestEnd >= 0) {
        onMatch(values[valueAt[bestState]!]!, i, bestEnd);
        i = bestEnd;
        // No Latin term starts inside a word: after one that ends in a letter ("qwen" of "qwen2.5"),
        // skip the rest of that word.
        if (WORD[text.charCodeAt(bestEnd - 1)] === 0) continue;
      } else {
        i++;
        if (WORD[c] === 0) continue;
      }
      while (i < n && WORD[text.charCodeAt(i)] === 1) i++;
    }
  }
}
