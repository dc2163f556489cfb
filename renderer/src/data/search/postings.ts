/**
 * Posting lists: the ascending document numbers holding a term, stored as the gaps between them
 * in variable-length bytes (7 bits a byte), so a common word costs about a byte per message.
 */

/** A growing run of variable-length numbers (7 bits a byte, low bits first). */
class VarBytes {
  bytes = new Uint8Array(8);
  length = 0;

  push(n: number): void {
    if (this.length + 5 > this.bytes.length) {
      const grown = new Uint8Array(this.bytes.length * 2);
      grown.set(this.bytes.subarray(0, this.length));
      this.bytes = grown;
    }
    let v = n;
    while (v >= 0x80) {
      this.bytes[this.length++] = (v & 0x7f) | 0x80;
      v >>>= 7;
    }
    this.bytes[this.length++] = v;
  }

  copy(): Uint8Array {
    return this.bytes.slice(0, this.length);
  }
}

/**
 * An append-only posting list being built (the index's open segment keeps one per term), with
 * where the term stands in each document (its word positions, for phrases) kept apart.
 */
export class PostingBuilder {
  private readonly docs = new VarBytes();
  private readonly pos = new VarBytes();
  private last = -1;
  count = 0;
  /** Added to since the indexer last wrote it. */
  pending = false;
  /** Last written in its pack (packs.ts), not in a row of its own. */
  packed = false;

  /** Appends `doc` (above every number appended before; a repeat is ignored) and its ascending positions. */
  add(doc: number, positions: readonly number[] = []): void {
    if (doc <= this.last) return;
    this.docs.push(doc - this.last - 1);
    this.last = doc;
    this.count++;
    this.pos.push(positions.length);
    let at = -1;
    for (const p of positions) {
      this.pos.push(p - at - 1);
      at = p;
    }
  }

  /** A copy of the encoded list, sized to fit (what is stored). */
  encoded(): Uint8Array {
    return this.docs.copy();
  }

  /** A copy of the encoded positions: per document, their number, then the gaps between them. */
  positions(): Uint8Array {
    return this.pos.copy();
  }
}

/** Each document's positions, for the documents `keep` accepts, from a list and its positions. */
export function decodePositions(docs: Uint8Array, pos: Uint8Array, keep: (doc: number) => boolean, into = new Map<number, number[]>(), numbers = decodePostings(docs)): Map<number, number[]> {
  let i = 0;
  const next = (): number => {
    let v = 0;
    let shift = 1;
    for (;;) {
      const b = pos[i++] as number;
      v += (b & 0x7f) * shift;
      if (!(b & 0x80)) return v;
      shift *= 128;
    }
  };
  for (const d of numbers) {
    const n = next();
    if (!keep(d)) {
      // Most documents of a common word are not candidates: step over their positions unread.
      for (let k = 0; k < n; k++) while ((pos[i++] as number) & 0x80);
      continue;
    }
    const list: number[] = [];
    let at = -1;
    for (let k = 0; k < n; k++) {
      at += next() + 1;
      list.push(at);
    }
    into.set(d, list);
  }
  return into;
}

export function encodePostings(docs: Iterable<number>): Uint8Array {
  const b = new PostingBuilder();
  for (const d of docs) b.add(d);
  return b.encoded();
}

/** Decodes into `out` (appending), returning it. */
export function decodePostings(bytes: Uint8Array, out: number[] = []): number[] {
  let last = -1;
  let gap = 0;
  let shift = 1;
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i] as number;
    gap += (b & 0x7f) * shift;
    if (b & 0x80) {
      shift *= 128;
      continue;
    }
    last += gap + 1;
    out.push(last);
    gap = 0;
    shift = 1;
  }
  return out;
}

/** Numbers in both ascending lists. */
export function intersect(a: readonly number[], b: readonly number[]): number[] {
  const out: number[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    const x = a[i] as number;
    const y = b[j] as number;
    if (x === y) {
      out.push(x);
      i++;
      j++;
    } else if (x < y) i++;
    else j++;
  }
  return out;
}

/** Numbers in any of the ascending lists, ascending, each once. */
export function union(lists: readonly (readonly number[])[]): number[] {
  if (lists.length === 1) return [...(lists[0] as number[])];
  const all: number[] = [];
  for (const l of lists) for (const d of l) all.push(d);
  all.sort((x, y) => x - y);
  return all.filter((d, i) => i === 0 || d !== all[i - 1]);
}
