/**
 * Posting lists: the ascending document numbers holding a term, stored as the gaps between them
 * in variable-length bytes (7 bits a byte), so a common word costs about a byte per message.
 */

/** An append-only posting list being built (the index's open segment keeps one per term). */
export class PostingBuilder {
  private bytes = new Uint8Array(8);
  private length = 0;
  private last = -1;
  count = 0;
  /** Added to since the indexer last wrote it. */
  pending = false;

  /** Appends `doc`, which must be above every number appended before; a repeat is ignored. */
  add(doc: number): void {
    if (doc <= this.last) return;
    let gap = doc - this.last - 1;
    this.last = doc;
    this.count++;
    if (this.length + 5 > this.bytes.length) {
      const grown = new Uint8Array(this.bytes.length * 2);
      grown.set(this.bytes.subarray(0, this.length));
      this.bytes = grown;
    }
    while (gap >= 0x80) {
      this.bytes[this.length++] = (gap & 0x7f) | 0x80;
      gap >>>= 7;
    }
    this.bytes[this.length++] = gap;
  }

  /** A copy of the encoded list, sized to fit (what is stored). */
  encoded(): Uint8Array {
    return this.bytes.slice(0, this.length);
  }
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
