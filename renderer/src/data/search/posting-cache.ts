/**
 * Term postings held in the store worker between queries, with a bound: a query's words are read
 * from IndexedDB (a request per term, row per segment) and decoded once, then answered from memory
 * while the index is unchanged — the list asks again after every write to a message (a flag, a
 * move), and a person refines a query word by word. The indexer empties it whenever it writes.
 */

/** One term's lists in one segment: its postings, and its positions when it is packed (else null: they are in a row apart). */
export type TermPart = readonly [seg: number, docs: Uint8Array, pos: Uint8Array | null];

interface Entry {
  readonly parts: readonly TermPart[];
  /** Decoded document numbers, ascending, filled on first use. */
  decoded: number[] | null;
  bytes: number;
}

/** Bytes of postings (encoded and decoded) the cache may hold. */
export const CACHE_BYTES = 48 * 1024 * 1024;

export class PostingCache {
  private readonly entries = new Map<string, Entry>();
  private bytes = 0;
  /** Bumped by each clear: rows read before it are not kept (a write may have landed meanwhile). */
  generation = 0;

  constructor(private readonly limit: number = CACHE_BYTES) {}

  get(term: string): Entry | undefined {
    const e = this.entries.get(term);
    if (e) {
      // Most recently used last: the first entries are the ones to drop.
      this.entries.delete(term);
      this.entries.set(term, e);
    }
    return e;
  }

  /** Keeps `parts` read since `generation`; a read from before the last clear is used once, not kept. */
  put(term: string, parts: readonly TermPart[], generation: number): Entry {
    const e: Entry = { parts, decoded: null, bytes: parts.reduce((n, [, d, p]) => n + d.byteLength + (p?.byteLength ?? 0), 0) };
    if (generation !== this.generation) return e;
    this.drop(term);
    this.entries.set(term, e);
    this.bytes += e.bytes;
    this.trim();
    return e;
  }

  /** Records the decoded list's size once it is decoded (8 bytes a number). */
  decoded(term: string, e: Entry, list: number[]): void {
    e.decoded = list;
    if (this.entries.get(term) !== e) return;
    e.bytes += list.length * 8;
    this.bytes += list.length * 8;
    this.trim();
  }

  clear(): void {
    this.entries.clear();
    this.bytes = 0;
    this.generation += 1;
  }

  get size(): number {
    return this.bytes;
  }

  private drop(term: string): void {
    const old = this.entries.get(term);
    if (!old) return;
    this.bytes -= old.bytes;
    this.entries.delete(term);
  }

  private trim(): void {
    for (const key of this.entries.keys()) {
      if (this.bytes <= this.limit) return;
      this.drop(key);
    }
  }
}
