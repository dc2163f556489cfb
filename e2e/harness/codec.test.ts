import { describe, expect, it } from 'vitest';
import { decodeFrame, encodeFrame, encodeFrameParts, FrameReader, frameLength } from './codec';

const HEADER = 12;

function joined(pieces: readonly Uint8Array[]): Uint8Array {
  return new Uint8Array(Buffer.concat(pieces));
}

function ownsItsBuffer(bytes: unknown): void {
  expect((bytes as object).constructor).toBe(Uint8Array);
  const u = bytes as Uint8Array;
  expect(u.byteOffset).toBe(0);
  expect(u.buffer.byteLength).toBe(u.byteLength);
}

describe('stand-in codec', () => {
  it('round-trips nested values with byte arrays of separate buffers, an empty one and views, carrying only the views\' bytes', () => {
    const big = new Uint8Array(1000).map((_, i) => i & 0xff);
    const view = big.subarray(100, 110);
    const all = new Uint8Array(256).map((_, i) => i);
    const other = new Uint8Array(50).fill(7);
    const value = { raw: all, list: [view, 'text', 3, null, true, { empty: new Uint8Array(0) }], nested: { again: other.subarray(48) } };
    const frame = encodeFrame('fetchBatch', value);
    const views = [[0, 0, 256], [1, 0, 10], [2, 0, 0], [3, 0, 2]];
    const json = JSON.stringify(['fetchBatch', views, { raw: { $heronBytes: 0 }, list: [{ $heronBytes: 1 }, 'text', 3, null, true, { empty: { $heronBytes: 2 } }], nested: { again: { $heronBytes: 3 } } }]);
    expect(frame.byteLength).toBe(HEADER + 4 * 4 + json.length + 256 + 10 + 0 + 2);
    expect(frameLength(frame)).toBe(frame.byteLength);

    const { name, value: back } = decodeFrame(frame) as { name: string; value: typeof value };
    expect(name).toBe('fetchBatch');
    expect(Array.from(back.raw)).toEqual(Array.from(all));
    expect(Array.from(back.list[0] as Uint8Array)).toEqual([100, 101, 102, 103, 104, 105, 106, 107, 108, 109]);
    expect(back.list.slice(1, 5)).toEqual(['text', 3, null, true]);
    expect((back.list[5] as { empty: Uint8Array }).empty.byteLength).toBe(0);
    expect(Array.from(back.nested.again)).toEqual([7, 7]);
    for (const bytes of [back.raw, back.list[0], (back.list[5] as { empty: Uint8Array }).empty, back.nested.again]) ownsItsBuffer(bytes);
  });

  it('views of one buffer travel as one segment, the range they cover, and arrive as views of one new buffer (as structured clone gives)', () => {
    const batch = new Uint8Array(100).map((_, i) => i);
    const value = { messages: [{ raw: batch.subarray(0, 30) }, { raw: batch.subarray(30, 100) }, { raw: batch.subarray(30, 40) }], lone: batch.subarray(90, 95) };
    const parts = encodeFrameParts('fetchBatch', value);
    expect(parts.slice(1).map((p) => [p.buffer === batch.buffer, p.byteOffset, p.byteLength])).toEqual([[true, 0, 100]]);
    const back = decodeFrame(encodeFrame('fetchBatch', value)).value as typeof value;
    const shared = back.messages[0]!.raw.buffer;
    expect(shared.byteLength).toBe(100);
    expect(shared).not.toBe(batch.buffer);
    for (const [got, sent] of [...back.messages.map((m, i) => [m.raw, value.messages[i]!.raw] as const), [back.lone, value.lone] as const]) {
      expect(got.buffer).toBe(shared);
      expect([got.byteOffset, got.byteLength]).toEqual([sent.byteOffset, sent.byteLength]);
      expect(Array.from(got)).toEqual(Array.from(sent));
    }
    // Only the covered range travels: views of a pool's middle arrive in a buffer of that range alone.
    const pool = new Uint8Array(8192).fill(0xee);
    pool.set([1, 2, 3, 4], 4000);
    const cut = decodeFrame(encodeFrame('x', [pool.subarray(4000, 4002), pool.subarray(4002, 4004)])).value as Uint8Array[];
    expect(cut[0]!.buffer.byteLength).toBe(4);
    expect(cut.map((c) => Array.from(c))).toEqual([[1, 2], [3, 4]]);
  });

  it('as parts: the header and JSON, then the caller\'s own byte views uncopied, which a stream reads back as the one frame', () => {
    const big = new Uint8Array(64).map((_, i) => i);
    const other = new Uint8Array(5).fill(9);
    const value = { messages: [{ raw: big.subarray(0, 10) }, { raw: new Uint8Array(0) }, { raw: big.subarray(10, 64) }, { raw: other }] };
    const parts = encodeFrameParts('fetchBatch', value);
    // The bytes are the caller's buffers themselves, one part per buffer (an empty one writes nothing).
    expect(parts.slice(1)).toHaveLength(2);
    expect(parts[1]!.buffer).toBe(big.buffer);
    expect(parts[1]!.byteLength).toBe(64);
    expect(parts[2]!.buffer).toBe(other.buffer);
    const whole = encodeFrame('fetchBatch', value);
    const reader = new FrameReader();
    const frames = parts.flatMap((p) => reader.push(p));
    expect(frames).toHaveLength(1);
    expect(Array.from(joined(frames[0]!))).toEqual(Array.from(whole));
    const back = decodeFrame(frames[0]!).value as typeof value;
    expect(back.messages.map((m) => Array.from(m.raw))).toEqual(value.messages.map((m) => Array.from(m.raw)));
  });

  it('gives copies of their own from a frame that is a view into a bigger buffer (as Node\'s pooled Buffers are)', () => {
    const frame = encodeFrame('x', { raw: new Uint8Array([1, 2, 3]) });
    const pool = new Uint8Array(frame.byteLength + 20).fill(0xee);
    pool.set(frame, 10);
    const back = decodeFrame(Buffer.from(pool.buffer, 10, frame.byteLength)).value as { raw: Uint8Array };
    expect(Array.from(back.raw)).toEqual([1, 2, 3]);
    ownsItsBuffer(back.raw);
  });

  it('carries non-ASCII text exactly', () => {
    const text = 'Grüße, 日本語, emoji 📬, RTL שלום, NUL \u0000, CR LF \r\n, lone surrogate \ud800';
    const back = decodeFrame(encodeFrame('ünïcode', { subject: text, list: [text] })) as { name: string; value: { subject: string; list: string[] } };
    expect(back.name).toBe('ünïcode');
    expect(back.value).toEqual({ subject: text, list: [text] });
  });

  it('keeps JSON\'s handling of plain objects: undefined keys vanish, a top-level undefined stays undefined', () => {
    expect(decodeFrame(encodeFrame('a', { x: undefined, y: 1 })).value).toEqual({ y: 1 });
    expect(Object.keys(decodeFrame(encodeFrame('a', { x: undefined })).value as object)).toEqual([]);
    expect(decodeFrame(encodeFrame('a', undefined)).value).toBeUndefined();
    expect(decodeFrame(encodeFrame('a', null)).value).toBeNull();
    // JSON.parse makes "__proto__" an own key; decoding must not turn it into a prototype.
    const hostile = decodeFrame(encodeFrame('a', JSON.parse('{"__proto__": {"polluted": true}}'))).value as Record<string, unknown>;
    expect(Object.getPrototypeOf(hostile)).toBe(Object.prototype);
    expect(hostile.polluted).toBeUndefined();
  });

  it('carries a 3 MB payload exactly', () => {
    const big = new Uint8Array(3 * 1024 * 1024);
    for (let i = 0; i < big.length; i++) big[i] = (i * 2654435761) >>> 24;
    const back = decodeFrame(encodeFrame('big', big)).value as Uint8Array;
    expect(Buffer.from(back).equals(Buffer.from(big))).toBe(true);
  });

  it('refuses absurd nesting instead of overflowing the stack, both ways', () => {
    let deep: unknown = 1;
    for (let i = 0; i < 100; i++) deep = [deep];
    expect(() => encodeFrame('deep', deep)).toThrow('nested too deeply');
    // A frame another encoder made: the JSON nests 100 deep.
    const json = new TextEncoder().encode(`["deep",[],${'['.repeat(100)}1${']'.repeat(100)}]`);
    const frame = new Uint8Array(HEADER + json.byteLength);
    const view = new DataView(frame.buffer);
    view.setUint32(0, frame.byteLength, true);
    view.setUint32(4, json.byteLength, true);
    frame.set(json, HEADER);
    expect(() => decodeFrame(frame)).toThrow('nested too deeply');
  });

  it('says plainly when a frame is truncated or garbled', () => {
    const frame = encodeFrame('fetchBatch', { raw: new Uint8Array([1, 2, 3]), subject: 'hello' });
    expect(() => decodeFrame(frame.subarray(0, frame.byteLength - 1))).toThrow(`The stand-in received a garbled frame: it announces ${frame.byteLength} bytes but has ${frame.byteLength - 1} (truncated?).`);
    expect(() => decodeFrame(frame.subarray(0, 5))).toThrow('shorter than a header');

    const badJson = frame.slice();
    badJson[HEADER + 4] = 0x7b; // '{' where the JSON's '[' was
    expect(() => decodeFrame(badJson)).toThrow(/garbled frame: its JSON does not parse/);

    const badUtf8 = frame.slice();
    badUtf8[HEADER + 4 + 2] = 0xff;
    expect(() => decodeFrame(badUtf8)).toThrow(/garbled frame: its JSON does not parse/);

    const badCount = frame.slice();
    new DataView(badCount.buffer).setUint32(8, 1_000_000, true);
    expect(() => decodeFrame(badCount)).toThrow('1000000 byte segments do not fit');

    const badLength = frame.slice();
    new DataView(badLength.buffer).setUint32(12, 2, true);
    expect(() => decodeFrame(badLength)).toThrow(/its parts add up to \d+ bytes, not \d+/);

    const json = new TextEncoder().encode('{"a":1}');
    const forged = new Uint8Array(HEADER + json.byteLength);
    new DataView(forged.buffer).setUint32(0, forged.byteLength, true);
    new DataView(forged.buffer).setUint32(4, json.byteLength, true);
    forged.set(json, HEADER);
    expect(() => decodeFrame(forged)).toThrow('not a [name, views, value] triple');
  });

  it('refuses a frame whose byte views point at a segment it does not have, or past the end of one', () => {
    const forge = (table: string) => {
      const json = new TextEncoder().encode(`["x",${table},{"raw":{"$heronBytes":0}}]`);
      const frame = new Uint8Array(HEADER + 4 + json.byteLength + 2);
      const view = new DataView(frame.buffer);
      view.setUint32(0, frame.byteLength, true);
      view.setUint32(4, json.byteLength, true);
      view.setUint32(8, 1, true);
      view.setUint32(12, 2, true);
      frame.set(json, HEADER + 4);
      return frame;
    };
    expect(() => decodeFrame(forge('[[1,0,2]]'))).toThrow('it refers to byte segment 1 of 1');
    expect(() => decodeFrame(forge('[[0,1,2]]'))).toThrow('byte view 0 reaches past its segment');
    expect(() => decodeFrame(forge('[[0,-1,2]]'))).toThrow('its byte view 0 is not [segment, offset, length]');
    expect(() => decodeFrame(forge('[]'))).toThrow('its byte view 0 is not [segment, offset, length]');
    expect(Array.from((decodeFrame(forge('[[0,0,2]]')).value as { raw: Uint8Array }).raw)).toEqual([0, 0]);
  });
});
