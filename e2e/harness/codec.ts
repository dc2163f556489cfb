/**
 * The stand-in's wire codec: one frame carries a name and a value. Pure, runs in Node (main's
 * side) and in the page (bundled into the stand-in).
 *
 * Frame, little-endian:
 *   u32 frame length (these 4 bytes included: a stream of frames needs no other framing)
 *   u32 JSON length, u32 segment count, u32 length of each segment
 *   JSON (UTF-8) of `[name, views, value]` (`[name, views]` for undefined, which JSON cannot
 *     spell), each Uint8Array in `value` replaced by `{"$heronBytes": <index into views>}`, and
 *     `views` a list of `[segment, offset, length]`
 *   the segments' bytes, raw
 *
 * Bytes travel raw rather than as base64 in JSON: encoding every fetched batch that way cost
 * main's event loop ~1.7 ms per 8 KB message (bench:fetch), far above what Electron's structured
 * clone costs the app.
 *
 * Views of one ArrayBuffer travel as one segment and arrive as views of one new ArrayBuffer, as
 * structured clone gives. Unlike structured clone, a segment is only the range its views cover:
 * a lone view of Node's shared pool carries its own bytes, not the pool. Decoded segments are
 * copies that own their ArrayBuffer, copied straight out of the stream's chunks (a frame is never
 * gathered first).
 */
import { isPlainObject } from '../../shared/ipc/own-views';

export const BYTES_TAG = '$heronBytes';
const MAX_DEPTH = 64;
const U32 = 4;
const FIXED_HEADER = 3 * U32;
const MAX_FRAME = 0xffff_ffff;

export interface Frame {
  readonly name: string;
  readonly value: unknown;
}

function tooDeep(): Error {
  return new Error('The stand-in codec met a value nested too deeply.');
}

/** Plain objects and arrays are walked; anything else is left to JSON (undefined keys vanish, as JSON drops them). */
function withPlaceholders(value: unknown, views: Uint8Array[], depth: number): unknown {
  if (depth > MAX_DEPTH) throw tooDeep();
  if (value instanceof Uint8Array) {
    views.push(value);
    return { [BYTES_TAG]: views.length - 1 };
  }
  if (Array.isArray(value)) return value.map((x) => withPlaceholders(x, views, depth + 1));
  if (isPlainObject(value)) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = withPlaceholders(v, views, depth + 1);
    return out;
  }
  return value;
}

/** One segment per ArrayBuffer, the range its views cover; each view as `[segment, offset, length]`. */
function segmentsOf(views: readonly Uint8Array[]): { segments: Uint8Array[]; table: Array<[number, number, number]> } {
  const ranges = new Map<ArrayBufferLike, { index: number; start: number; end: number }>();
  for (const v of views) {
    const range = ranges.get(v.buffer);
    if (range === undefined) ranges.set(v.buffer, { index: ranges.size, start: v.byteOffset, end: v.byteOffset + v.byteLength });
    else {
      range.start = Math.min(range.start, v.byteOffset);
      range.end = Math.max(range.end, v.byteOffset + v.byteLength);
    }
  }
  const segments = [...ranges].map(([buffer, r]) => new Uint8Array(buffer, r.start, r.end - r.start));
  const table = views.map((v): [number, number, number] => {
    const r = ranges.get(v.buffer) as { index: number; start: number };
    return [r.index, v.byteOffset - r.start, v.byteLength];
  });
  return { segments, table };
}

const utf8 = new TextEncoder();
const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * A frame as the pieces a stream writes one after another: the header and JSON in one new buffer,
 * then each byte segment as the caller's own view (not copied). Main's events stream writes these
 * (standin.ts): copying every fetched batch into one frame doubled the bytes main's V8 heap
 * accounts for, and the garbage collections that external memory triggers took ~0.4 s of main's
 * thread during a 10,000-message bench:fetch — a cost Electron's IPC, which serializes outside
 * the heap, does not have.
 */
export function encodeFrameParts(name: string, value: unknown): Uint8Array[] {
  const views: Uint8Array[] = [];
  const placed = value === undefined ? undefined : withPlaceholders(value, views, 0);
  const { segments, table } = segmentsOf(views);
  const json = utf8.encode(JSON.stringify(value === undefined ? [name, table] : [name, table, placed]));
  const headerLength = FIXED_HEADER + U32 * segments.length;
  let total = headerLength + json.byteLength;
  for (const s of segments) total += s.byteLength;
  if (total > MAX_FRAME) throw new Error(`The stand-in codec cannot carry ${total} bytes in one frame.`);
  const head = new Uint8Array(headerLength + json.byteLength);
  const view = new DataView(head.buffer);
  view.setUint32(0, total, true);
  view.setUint32(U32, json.byteLength, true);
  view.setUint32(2 * U32, segments.length, true);
  segments.forEach((s, i) => view.setUint32(FIXED_HEADER + U32 * i, s.byteLength, true));
  head.set(json, headerLength);
  return [head, ...segments.filter((s) => s.byteLength > 0)];
}

/** A whole frame in one buffer (a call's body or answer, which fetch() sends as one). */
export function encodeFrame(name: string, value: unknown): Uint8Array<ArrayBuffer> {
  const parts = encodeFrameParts(name, value);
  let total = 0;
  for (const p of parts) total += p.byteLength;
  const frame = new Uint8Array(total);
  let offset = 0;
  for (const p of parts) {
    frame.set(p, offset);
    offset += p.byteLength;
  }
  return frame;
}

function garbled(why: string): Error {
  return new Error(`The stand-in received a garbled frame: ${why}.`);
}

/** The frame length a stream's next frame announces (its first 4 bytes). */
export function frameLength(bytes: Uint8Array, offset = 0): number {
  return new DataView(bytes.buffer, bytes.byteOffset + offset, U32).getUint32(0, true);
}

/** A frame's bytes: one array, or the pieces of the stream chunks it arrived in, in order. */
export type FrameBytes = Uint8Array | readonly Uint8Array[];

/**
 * Reads byte ranges of a frame that may be spread over pieces, so a frame never has to be
 * gathered into one buffer first: only the ranges decoding needs are copied, each once.
 */
class Pieces {
  private readonly pieces: readonly Uint8Array[];
  private readonly starts: number[] = [];
  readonly length: number;

  constructor(bytes: FrameBytes) {
    this.pieces = bytes instanceof Uint8Array ? [bytes] : bytes;
    let at = 0;
    for (const p of this.pieces) {
      this.starts.push(at);
      at += p.byteLength;
    }
    this.length = at;
  }

  /** Bytes [start, end): a view when they lie in one piece, else a copy. */
  view(start: number, end: number): Uint8Array {
    const i = this.pieceAt(start);
    const piece = this.pieces[i] as Uint8Array;
    const from = start - (this.starts[i] as number);
    return end - start <= piece.byteLength - from ? piece.subarray(from, from + end - start) : this.copy(start, end);
  }

  /** Bytes [start, end) in a new buffer of their own. */
  copy(start: number, end: number): Uint8Array<ArrayBuffer> {
    const out = new Uint8Array(end - start);
    let filled = 0;
    for (let i = this.pieceAt(start); filled < out.byteLength; i += 1) {
      const piece = this.pieces[i] as Uint8Array;
      const from = start + filled - (this.starts[i] as number);
      const part = piece.subarray(from, from + out.byteLength - filled);
      out.set(part, filled);
      filled += part.byteLength;
    }
    return out;
  }

  /** The piece holding byte `offset` (past any empty piece that starts there). */
  private pieceAt(offset: number): number {
    let lo = 0;
    let hi = this.pieces.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((this.starts[mid] as number) <= offset) lo = mid;
      else hi = mid - 1;
    }
    while (lo < this.pieces.length - 1 && (this.starts[lo] as number) + (this.pieces[lo] as Uint8Array).byteLength <= offset) lo += 1;
    return lo;
  }
}

function revive(value: unknown, view: (index: number) => Uint8Array, depth: number): unknown {
  if (depth > MAX_DEPTH) throw tooDeep();
  if (typeof value !== 'object' || value === null) return value;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) value[i] = revive(value[i], view, depth + 1);
    return value;
  }
  const record = value as Record<string, unknown>;
  const index = record[BYTES_TAG];
  if (typeof index === 'number' && Object.keys(record).length === 1) return view(index);
  // In place: assigning to JSON.parse's own keys (even "__proto__") cannot touch a prototype.
  for (const k of Object.keys(record)) record[k] = revive(record[k], view, depth + 1);
  return record;
}

export function decodeFrame(bytes: FrameBytes): Frame {
  const frame = new Pieces(bytes);
  if (frame.length < FIXED_HEADER) throw garbled(`${frame.length} bytes is shorter than a header`);
  const fixed = frame.view(0, FIXED_HEADER);
  const total = frameLength(fixed);
  if (total !== frame.length) throw garbled(`it announces ${total} bytes but has ${frame.length} (truncated?)`);
  const jsonLength = frameLength(fixed, U32);
  const count = frameLength(fixed, 2 * U32);
  const headerLength = FIXED_HEADER + U32 * count;
  if (headerLength > total) throw garbled(`${count} byte segments do not fit in ${total} bytes`);
  const lengths = frame.view(FIXED_HEADER, headerLength);
  let offset = headerLength + jsonLength;
  const spans: Array<[number, number]> = [];
  for (let i = 0; i < count; i++) {
    const length = frameLength(lengths, U32 * i);
    spans.push([offset, offset + length]);
    offset += length;
  }
  if (offset !== total) throw garbled(`its parts add up to ${offset} bytes, not ${total}`);
  let parsed: unknown;
  try {
    parsed = JSON.parse(strictUtf8.decode(frame.view(headerLength, headerLength + jsonLength)));
  } catch (error) {
    throw garbled(`its JSON does not parse (${error instanceof Error ? error.message : String(error)})`);
  }
  if (!Array.isArray(parsed) || parsed.length < 2 || parsed.length > 3 || typeof parsed[0] !== 'string' || !Array.isArray(parsed[1])) {
    throw garbled('it is not a [name, views, value] triple');
  }
  // Each segment a copy with its own ArrayBuffer, as structured clone gives (never a view into
  // the stream), made once however many views it has.
  const copies = new Map<number, ArrayBuffer>();
  const table = parsed[1] as unknown[];
  const view = (index: number): Uint8Array => {
    const entry = table[index];
    if (!Array.isArray(entry) || entry.length !== 3 || !entry.every((n) => Number.isInteger(n) && (n as number) >= 0)) throw garbled(`its byte view ${index} is not [segment, offset, length]`);
    const [seg, offset, length] = entry as [number, number, number];
    const span = spans[seg];
    if (!span) throw garbled(`it refers to byte segment ${seg} of ${spans.length}`);
    if (offset + length > span[1] - span[0]) throw garbled(`byte view ${index} reaches past its segment`);
    let copy = copies.get(seg);
    if (copy === undefined) {
      copy = frame.copy(span[0], span[1]).buffer;
      copies.set(seg, copy);
    }
    return new Uint8Array(copy, offset, length);
  };
  return { name: parsed[0], value: revive(parsed[2], view, 0) };
}

/**
 * Cuts a byte stream (the page's events response, read in chunks of any size) back into frames,
 * each as the pieces of the chunks it arrived in: nothing is copied here (decodeFrame copies
 * only the ranges it needs).
 */
export class FrameReader {
  private chunks: Uint8Array[] = [];
  private buffered = 0;

  /** Every frame the stream has now completed, in order. */
  push(chunk: Uint8Array): Uint8Array[][] {
    if (chunk.byteLength > 0) {
      this.chunks.push(chunk);
      this.buffered += chunk.byteLength;
    }
    const frames: Uint8Array[][] = [];
    while (this.buffered >= U32) {
      const first = this.chunks[0] as Uint8Array;
      const length = frameLength(first.byteLength >= U32 ? first : new Pieces(this.chunks).copy(0, U32));
      if (length < FIXED_HEADER) throw garbled(`the stream announces a frame of ${length} bytes`);
      if (this.buffered < length) break;
      frames.push(this.take(length));
    }
    return frames;
  }

  /** Whether a frame not yet complete still needs bytes of this buffer. */
  holds(buffer: ArrayBufferLike): boolean {
    return this.chunks.some((c) => c.buffer === buffer);
  }

  private take(length: number): Uint8Array[] {
    const pieces: Uint8Array[] = [];
    let taken = 0;
    while (taken < length) {
      const chunk = this.chunks[0] as Uint8Array;
      const part = chunk.subarray(0, length - taken);
      pieces.push(part);
      taken += part.byteLength;
      if (part.byteLength === chunk.byteLength) this.chunks.shift();
      else this.chunks[0] = chunk.subarray(part.byteLength);
    }
    this.buffered -= length;
    return pieces;
  }
}
