// English inflections generated when the lexicon is compiled (never per article): a small,
// predictable rule set plus the irregular verbs that friction and launch language actually uses.

const IRREGULAR: Record<string, string[]> = {
  go: ['goes', 'went', 'gone', 'going'],
  take: ['takes', 'took', 'taken', 'taking'],
  shut: ['shuts', 'shutting'],
  hold: ['holds', 'held', 'holding'],
  break: ['breaks', 'broke', 'broken', 'breaking'],
  withdraw: ['withdraws', 'withdrew', 'withdrawn', 'withdrawing'],
  fall: ['falls', 'fell', 'fallen', 'falling'],
  set: ['sets', 'setting'],
  put: ['puts', 'putting'],
  cut: ['cuts', 'cutting'],
  run: ['runs', 'ran', 'running'],
  ship: ['ships', 'shipped', 'shipping'],
  slip: ['slips', 'slipped', 'slipping'],
  scrap: ['scraps', 'scrapped', 'scrapping'],
  ban: ['bans', 'banned', 'banning'],
  debut: ['debuts', 'debuted', 'debuting'],
  cancel: ['cancels', 'cancelled', 'canceled', 'cancelling', 'canceling'],
  open: ['opens', 'opened', 'opening'],
};

const VOWEL = /[aeiou]/;

/** Plural of a noun / third person of a verb. */
export function plural(w: string): string {
  if (/(s|x|z|ch|sh)$/.test(w)) return `${w}es`;
  if (/[^aeiou]y$/.test(w)) return `${w.slice(0, -1)}ies`;
  return `${w}s`;
}

function doubles(w: string): boolean {
  // One vowel group, ending consonant-vowel-consonant: stop → stopped (not: delay, open, halt).
  return /^[^aeiou]*[aeiou][bdgmnprt]$/.test(w);
}

/** All forms of an English verb: base, -s, -ed, -ing. */
export function verbForms(w: string): string[] {
  const irregular = IRREGULAR[w];
  if (irregular) return [w, ...irregular];
  if (!VOWEL.test(w) || /[^a-z]/.test(w)) return [w];
  let past: string;
  let ing: string;
  if (w.endsWith('e') && !w.endsWith('ee')) {
    past = `${w}d`;
    ing = w.endsWith('ie') ? `${w.slice(0, -2)}ying` : `${w.slice(0, -1)}ing`;
  } else if (/[^aeiou]y$/.test(w)) {
    past = `${w.slice(0, -1)}ied`;
    ing = `${w}ing`;
  } else if (doubles(w)) {
    const last = w.slice(-1);
    past = `${w}${last}ed`;
    ing = `${w}${last}ing`;
  } else {
    past = `${w}ed`;
    ing = `${w}ing`;
  }
  return [w, plural(w), past, ing];
}

/** Surface forms of a lexicon term: verbs inflect their first word, nouns pluralise their last word. */
export function inflectTerm(term: string, mode: 'none' | 'verb' | 'noun' | 'both'): string[] {
  const out = new Set<string>([term]);
  if (mode === 'none' || /[^\x00-\x7f]/.test(term)) return [...out];
  const words = term.split(' ');
  if (mode === 'verb' || mode === 'both') {
    for (const f of verbForms(words[0]!)) out.add([f, ...words.slice(1)].join(' '));
  }
  if (mode === 'noun' || mode === 'both') {
    const last = words[words.length - 1]!;
    out.add([...words.slice(0, -1), plural(last)].join(' '));
  }
  return [...out];
}
