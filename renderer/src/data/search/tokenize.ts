/**
 * Words as the search index keeps them: case and diacritics folded (`Résumé` → `resume`), text
 * without spaces (Chinese, Japanese, Thai…) cut into overlapping pairs of characters, addresses
 * kept whole and in parts. The same function cuts the query, so both sides always agree.
 */

/** Letters no Unicode decomposition takes apart, folded as a person typing plain ASCII would. */
const SPECIAL: Readonly<Record<string, string>> = { ß: 'ss', æ: 'ae', œ: 'oe', ø: 'o', ł: 'l', đ: 'd', ð: 'd', þ: 'th', ı: 'i' };

/** Scripts written without spaces between words: indexed as overlapping character pairs (bigrams). */
const UNSPACED = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Thai}\p{Script=Lao}\p{Script=Khmer}\p{Script=Myanmar}]/u;

const ASCII = /^[\x00-\x7f]*$/;

/** A run of letters and digits (and the marks that go with them). */
const WORD = /[\p{L}\p{N}\p{M}]+/gu;
/** The same, for folded ASCII text (folding lower-cases, so no capitals are left). */
const ASCII_WORD = /[a-z0-9]+/g;

/** Words longer than this are not words a person searches for (encoded blobs, hashes of hashes). */
export const MAX_WORD = 40;

/** Lower case, without accents: what both the index and the query compare. */
export function fold(text: string): string {
  const lower = text.toLowerCase();
  // Most mail is ASCII: nothing to decompose.
  if (ASCII.test(lower)) return lower;
  return lower
    .normalize('NFKD')
    // Only the accents of Latin, Greek and Cyrillic letters: a kana's voicing mark changes the word.
    .replace(/[\u0300-\u036f]+/g, '')
    .normalize('NFC')
    .replace(/[ßæœøłđðþı]/g, (c) => SPECIAL[c] ?? c);
}

function isUnspaced(ch: string): boolean {
  return UNSPACED.test(ch);
}

/** Pushes the terms of one run of letters and digits (already folded). */
function pushWord(run: string, out: string[]): void {
  if (!UNSPACED.test(run)) {
    if (run.length <= MAX_WORD) out.push(run);
    return;
  }
  // Split a mixed run ("東京2024年") into spaced and unspaced stretches.
  let plain = '';
  let cjk: string[] = [];
  const flushPlain = () => {
    if (plain.length > 0 && plain.length <= MAX_WORD) out.push(plain);
    plain = '';
  };
  const flushCjk = () => {
    if (cjk.length === 1) out.push(cjk[0] as string);
    for (let i = 0; i + 1 < cjk.length; i++) out.push((cjk[i] as string) + (cjk[i + 1] as string));
    cjk = [];
  };
  for (const ch of run) {
    if (isUnspaced(ch)) {
      flushPlain();
      cjk.push(ch);
    } else {
      flushCjk();
      plain += ch;
    }
  }
  flushPlain();
  flushCjk();
}

/**
 * The terms of a text, in order, repeats kept (the phrase check needs the order). Quoted reply
 * lines (`> …`) are read like any other: their `>` is not a word.
 */
export function tokenize(text: string): string[] {
  const out: string[] = [];
  const folded = fold(text);
  if (ASCII.test(folded)) {
    // Folding leaves most mail ASCII: its words need neither Unicode classes nor the unspaced check.
    ASCII_WORD.lastIndex = 0;
    for (let m = ASCII_WORD.exec(folded); m !== null; m = ASCII_WORD.exec(folded)) if (m[0].length <= MAX_WORD) out.push(m[0]);
    return out;
  }
  for (const m of folded.matchAll(WORD)) pushWord(m[0], out);
  return out;
}

/**
 * An address as terms: whole (`ada.lovelace@example.org`), its local part (`ada.lovelace`), its
 * domain (`example.org`) and every word in them, so `ada`, `lovelace`, `example.org` all find it.
 */
export function addressTerms(address: string): string[] {
  const a = fold(address.trim());
  if (a === '') return [];
  const at = a.lastIndexOf('@');
  const out = [a];
  if (at > 0) {
    out.push(a.slice(0, at));
    if (at < a.length - 1) out.push(a.slice(at + 1));
  }
  for (const t of tokenize(a)) out.push(t);
  return out;
}

/** Whether a query word is an address or a dotted name the index keeps whole (`ada@example.org`, `example.org`). */
export function isWholeTerm(word: string): boolean {
  return /^[^\s@]+@[^\s@]*$|^[\p{L}\p{N}-]+(\.[\p{L}\p{N}-]+)+$/u.test(word);
}
