/**
 * The stand-in's wire codec: one frame carries a name and a value. Pure, runs in Node (main's
 * side) and in the page (bundled into the stand-in).
 *
 * Frame, little-endian:
 *   u32 frame length (these 4 bytes included: a stream of frames needs no other framing)
 *   u32 JSON length, u32 segment count, u32 length of each segment
 *   JSON (UTF-8) of `[name, value]` (`[name]` for undefined, which JSON cannot spell), each
 *     Uint8Array replaced by `{"$heronBytes": <segment index>}`
 *   the segments' bytes, raw
 *
 * Bytes travel raw rather than as base64 in JSON: encoding every fetched batch that way cost
 * main's event loop ~1.7 ms per 8 KB message (bench:fetch), far above what Electron's structured
 * clone costs the app. Decoded bytes are copies that own their ArrayBuffer, as structured clone
 * gives: the renderer stores `raw.buffer` (fetch-store.ts) and must never see a neighbour's bytes.
 */
export const BYTES_TAG = '$heronBytes';
const MAX_DEPTH = 64;
const U32 = 4;
const FIXED_HEADER = 3 * U32;
const MAX_FRAME = 0xffff_ffff;

export interface Frame {
  readonly name: string;
  readonly value: unknown;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null) return false;
  const proto = Object.getPrototypeOf(value) as unknown;
  return proto === Object.prototype || proto === null;
}

function tooDeep(): Error {
  return new Error('The stand-in codec met a value nested too deeply.');
}

/** Plain objects and arrays are walked; anything else is left to JSON (undefined keys vanish, as JSON drops them). */
function withPlaceholders(value: unknown, segments: Uint8Array[], depth: number): unknown {
  if (depth > MAX_DEPTH) throw tooDeep();
  if (value instanceof Uint8Array) {
    segments.push(value);
    return { [BYTES_TAG]: segments.length - 1 };
  }
  if (Array.isArray(value)) return value.map((x) => withPlaceholders(x, segments, depth + 1));
  if (isPlainObject(value)) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = withPlaceholders(v, segments, depth + 1);
    return out;
  }
  return value;
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
  const segments: Uint8Array[] = [];
  const pair = value === undefined ? [name] : [name, withPlaceholders(value, segments, 0)];
  const json = utf8.encode(JSON.stringify(pair));
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

function revive(value: unknown, segments: readonly Uint8Array[], depth: number): unknown {
  if (depth > MAX_DEPTH) throw tooDeep();
  if (typeof value !== 'object' || value === null) return value;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) value[i] = revive(value[i], segments, depth + 1);
    return value;
  }
  const record = value as Record<string, unknown>;
  const index = record[BYTES_TAG];
  if (typeof index === 'number' && Object.keys(record).length === 1) {
    const bytes = segments[index];
    if (!bytes) throw garbled(`it refers to byte segment ${index} of ${segments.length}`);
    // A copy with its own ArrayBuffer (the frame may be a view into a bigger, pooled buffer).
    return new Uint8Array(bytes);
  }
  // In place: assigning to JSON.parse's own keys (even "__proto__") cannot touch a prototype.
  for (const k of Object.keys(record)) record[k] = revive(record[k], segments, depth + 1);
  return record;
}

export function decodeFrame(bytes: Uint8Array): Frame {
  if (bytes.byteLength < FIXED_HEADER) throw garbled(`${bytes.byteLength} bytes is shorter than a header`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const total = view.getUint32(0, true);
  if (total !== bytes.byteLength) throw garbled(`it announces ${total} bytes but has ${bytes.byteLength} (truncated?)`);
  const jsonLength = view.getUint32(U32, true);
  const count = view.getUint32(2 * U32, true);
  const headerLength = FIXED_HEADER + U32 * count;
  if (headerLength > total) throw garbled(`${count} byte segments do not fit in ${total} bytes`);
  let offset = headerLength + jsonLength;
  const segments: Uint8Array[] = [];
  for (let i = 0; i < count; i++) {
    const length = view.getUint32(FIXED_HEADER + U32 * i, true);
    segments.push(bytes.subarray(offset, offset + length));
    offset += length;
  }
  if (offset !== total) throw garbled(`its parts add up to ${offset} bytes, not ${total}`);
  let parsed: unknown;
  try {
    parsed = JSON.parse(strictUtf8.decode(bytes.subarray(headerLength, headerLength + jsonLength)));
  } catch (error) {
    throw garbled(`its JSON does not parse (${error instanceof Error ? error.message : String(error)})`);
  }
  if (!Array.isArray(parsed) || parsed.length < 1 || parsed.length > 2 || typeof parsed[0] !== 'string') throw garbled('it is not a [name, value] pair');
  return { name: parsed[0], value: revive(parsed[1], segments, 0) };
}

/**
 * Cuts a byte stream (the page's events response, read in chunks of any size) back into frames.
 * A frame inside one chunk is passed on as a view, no copy; one spread over chunks is gathered once.
 */
export class FrameReader {
  private chunks: Uint8Array[] = [];
  private buffered = 0;

  /** Every frame the stream has now completed, in order. */
  push(chunk: Uint8Array): Uint8Array[] {
    if (chunk.byteLength > 0) {
      this.chunks.push(chunk);
      this.buffered += chunk.byteLength;
    }
    const frames: Uint8Array[] = [];
    while (this.buffered >= U32) {
      const length = frameLength(this.peek(U32));
      if (length < FIXED_HEADER) throw garbled(`the stream announces a frame of ${length} bytes`);
      if (this.buffered < length) break;
      frames.push(this.take(length));
    }
    return frames;
  }

  private peek(length: number): Uint8Array {
    const first = this.chunks[0] as Uint8Array;
    return first.byteLength >= length ? first : this.gather(length, false);
  }

  private take(length: number): Uint8Array {
    const first = this.chunks[0] as Uint8Array;
    if (first.byteLength < length) return this.gather(length, true);
    if (first.byteLength === length) this.chunks.shift();
    else this.chunks[0] = first.subarray(length);
    this.buffered -= length;
    return first.subarray(0, length);
  }

  private gather(length: number, consume: boolean): Uint8Array {
    const out = new Uint8Array(length);
    let filled = 0;
    let i = 0;
    while (filled < length) {
      const chunk = this.chunks[i] as Uint8Array;
      const part = chunk.subarray(0, length - filled);
      out.set(part, filled);
      filled += part.byteLength;
      if (!consume) i += 1;
      else if (part.byteLength === chunk.byteLength) this.chunks.shift();
      else this.chunks[0] = chunk.subarray(part.byteLength);
    }
    if (consume) this.buffered -= length;
    return out;
  }
}
