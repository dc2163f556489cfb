/**
 * Marks the words a search matched in the reader: the same folding as the index (case and
 * accents), so a search for `resume` marks `Résumé`. Applied to the sanitized document's text
 * nodes only — it adds `<mark>` elements around text, never markup from the message.
 */
import { fold } from '../../data/search/tokenize';

/** Where the folded `terms` start words in `text` (a term of unspaced script anywhere), as [start, end) of `text`. */
export function matchRanges(text: string, terms: readonly string[]): Array<[number, number]> {
  if (terms.length === 0 || text === '') return [];
  // Folded text, with the index in `text` each folded character came from.
  let folded = '';
  const from: number[] = [];
  let i = 0;
  for (const ch of text) {
    const f = fold(ch);
    for (let k = 0; k < f.length; k++) from.push(i);
    folded += f;
    i += ch.length;
  }
  from.push(text.length);
  const ranges: Array<[number, number]> = [];
  for (const term of terms) {
    if (term === '') continue;
    const wordStart = /^[\p{L}\p{N}]/u.test(term) && !/[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}]/u.test(term);
    let at = folded.indexOf(term);
    while (at >= 0) {
      const before = at === 0 ? '' : (folded[at - 1] as string);
      if (!wordStart || !/[\p{L}\p{N}]/u.test(before)) ranges.push([from[at] as number, from[at + term.length] as number]);
      at = folded.indexOf(term, at + term.length);
    }
  }
  ranges.sort((a, b) => a[0] - b[0]);
  const merged: Array<[number, number]> = [];
  for (const r of ranges) {
    const last = merged.at(-1);
    if (last && r[0] <= last[1]) last[1] = Math.max(last[1], r[1]);
    else merged.push([r[0], r[1]]);
  }
  return merged;
}

/** The sanitized body with the matched words in `<mark class="heron-hit">` (a string of HTML in, one out). */
export function highlightHtml(html: string, terms: readonly string[]): string {
  if (terms.length === 0) return html;
  const doc = new DOMParser().parseFromString(`<!doctype html><body>${html}`, 'text/html');
  const walker = doc.createTreeWalker(doc.body, NodeFilter.SHOW_TEXT);
  const nodes: Text[] = [];
  for (let n = walker.nextNode(); n; n = walker.nextNode()) nodes.push(n as Text);
  for (const node of nodes) {
    const ranges = matchRanges(node.data, terms);
    if (ranges.length === 0) continue;
    const parts = doc.createDocumentFragment();
    let at = 0;
    for (const [start, end] of ranges) {
      if (start > at) parts.append(node.data.slice(at, start));
      const mark = doc.createElement('mark');
      mark.className = 'heron-hit';
      mark.textContent = node.data.slice(start, end);
      parts.append(mark);
      at = end;
    }
    if (at < node.data.length) parts.append(node.data.slice(at));
    node.replaceWith(parts);
  }
  return doc.body.innerHTML;
}
