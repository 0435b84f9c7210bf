import iconv from 'iconv-lite';

// Very frequent characters written the same in simplified and traditional Chinese.
const SHARED = '的一是不在人有我他中大上子到也地出而要於于就下得可你年生自那能著着事其所去行家十用天如然作方成者多日都三小二無无同么法當起好看定只主公又面前心分此';
// Frequent simplified-only forms (GB text decoded as GB18030 is full of these).
const SIMPLIFIED = '们个说国时发会对后过经与学进种将还见没从这为来动东长门问间关电开车实现点书体机头务区产业网华术认话应还让样并总给报';
// The traditional forms of the same words (Big5 text decoded as Big5).
const TRADITIONAL = '們個說國時發會對後過經與學進種將還見沒從這為來動東長門問間關電開車實現點書體機頭務區產業網華術認話應還讓樣並總給報臺灣';

const GB_SET = new Set([...SHARED, ...SIMPLIFIED]);
const BIG5_SET = new Set([...SHARED, ...TRADITIONAL]);

function score(text: string, set: Set<string>): number {
  let hits = 0;
  let bad = 0;
  for (const ch of text) {
    if (ch === '\uFFFD') bad++;
    else if (set.has(ch)) hits++;
  }
  // A replacement character is strong evidence of the wrong charset; weigh it well above a hit.
  return hits - bad * 10;
}

/**
 * Guesses GB18030 or Big5 (cp950) for bytes that are not UTF-8, by how many very frequent Chinese
 * characters each decoding yields. Returns null when neither looks like Chinese text.
 */
export function guessCjkCharset(body: Buffer): 'gb18030' | 'cp950' | null {
  // Sample the start: enough text to decide, bounded cost on a 10 MB body.
  const sample = body.subarray(0, 64 * 1024);
  const gb = score(iconv.decode(sample, 'gb18030'), GB_SET);
  const big5 = score(iconv.decode(sample, 'cp950'), BIG5_SET);
  const best = Math.max(gb, big5);
  if (best < 2) return null;
  return gb >= big5 ? 'gb18030' : 'cp950';
}
