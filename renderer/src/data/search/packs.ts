/**
 * The long tail of words packed together: most words of a segment occur in a handful of its
 * messages, and IndexedDB's cost is per row, so a word with few documents in a segment is kept in
 * a shared row keyed by its first letters (`PACK` + prefix) instead of a row of its own. A word is
 * in exactly one place per segment: its own row once it has more than PACK_MAX documents there,
 * else its pack.
 */
import type { SearchPositionsRow, SearchTermRow } from './index-rows';
import type { PostingBuilder } from './postings';

/** Starts a pack row's key; no word starts with it (words are letters and digits, or `f:`…). */
export const PACK = '\u0001';
/** A word with at most this many documents in a segment goes to its pack. */
export const PACK_MAX = 16;
/** Letters of a word that name its pack. */
export const PACK_PREFIX = 3;

const NONE = new Uint8Array(0);

export function packKey(term: string): string {
  return PACK + term.slice(0, PACK_PREFIX);
}

/** One term's lists in a pack: its postings and its positions. */
export type PackEntry = readonly [term: string, docs: Uint8Array, pos: Uint8Array];

function concat(parts: readonly Uint8Array[]): { bytes: Uint8Array; ends: number[] } {
  const bytes = new Uint8Array(parts.reduce((n, d) => n + d.length, 0));
  const ends: number[] = [];
  let at = 0;
  for (const d of parts) {
    bytes.set(d, at);
    at += d.length;
    ends.push(at);
  }
  return { bytes, ends };
}

/** A pack row: its terms in order, each one's postings ending at `ends` in `docs`, its positions at `posEnds` in `pos`. */
export function packRow(key: string, seg: number, entries: readonly PackEntry[]): SearchTermRow {
  const sorted = [...entries].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  const docs = concat(sorted.map((e) => e[1]));
  const pos = concat(sorted.map((e) => e[2]));
  return { term: key, seg, docs: docs.bytes, pos: pos.bytes, terms: sorted.map((e) => e[0]), ends: docs.ends, posEnds: pos.ends };
}

/** The packed terms of a row that `keep` accepts, with their lists. */
export function unpack(row: SearchTermRow, keep: (term: string) => boolean): PackEntry[] {
  const out: PackEntry[] = [];
  const ends = row.ends ?? [];
  const posEnds = row.posEnds ?? [];
  (row.terms ?? []).forEach((t, i) => {
    if (keep(t)) out.push([t, row.docs.subarray(i === 0 ? 0 : (ends[i - 1] as number), ends[i] as number), (row.pos ?? NONE).subarray(i === 0 ? 0 : (posEnds[i - 1] as number), posEnds[i] as number)]);
  });
  return out;
}

/**
 * The rows to write for the `touched` words of one segment: a word past PACK_MAX its own row; a
 * pack that holds a touched word, or held one that has just outgrown it, written again whole.
 */
export function segmentRows(
  seg: number,
  open: ReadonlyMap<string, PostingBuilder>,
  packs: ReadonlyMap<string, readonly string[]>,
  touched: Iterable<string>,
  positions: SearchPositionsRow[],
): SearchTermRow[] {
  const rows: SearchTermRow[] = [];
  const dirty = new Set<string>();
  for (const t of touched) {
    const b = open.get(t) as PostingBuilder;
    if (b.count > PACK_MAX) {
      rows.push({ term: t, seg, docs: b.encoded() });
      positions.push({ term: t, seg, pos: b.positions() });
      if (b.packed) dirty.add(packKey(t));
      b.packed = false;
    } else dirty.add(packKey(t));
  }
  for (const key of dirty) {
    const entries: PackEntry[] = [];
    for (const t of packs.get(key) ?? []) {
      const b = open.get(t) as PostingBuilder;
      if (b.count > PACK_MAX) continue;
      b.packed = true;
      entries.push([t, b.encoded(), b.positions()]);
    }
    rows.push(packRow(key, seg, entries));
  }
  return rows;
}
