import { describe, expect, it } from 'vitest';
import { BYTES_TAG, decode, encode, fromBase64Portable, toBase64Portable } from './codec';

describe('stand-in codec', () => {
  it('round-trips every byte value, nested in objects and arrays', () => {
    const all = new Uint8Array(256).map((_, i) => i);
    const value = { raw: all, list: [new Uint8Array([0x0d, 0x0a]), 'text', 3, null, true], nested: { empty: new Uint8Array(0) } };
    const wire = encode(value) as { raw: Record<string, string> };
    expect(Object.keys(wire.raw)).toEqual([BYTES_TAG]);
    // What Playwright's JSON-like channel would carry.
    const back = decode(JSON.parse(JSON.stringify(wire))) as typeof value;
    expect(back.raw).toBeInstanceOf(Uint8Array);
    expect(Array.from(back.raw)).toEqual(Array.from(all));
    expect(Array.from(back.list[0] as Uint8Array)).toEqual([0x0d, 0x0a]);
    expect(back.list.slice(1)).toEqual(['text', 3, null, true]);
    expect((back.nested.empty as Uint8Array).length).toBe(0);
  });

  it('carries a 3 MB payload exactly', () => {
    const big = new Uint8Array(3 * 1024 * 1024);
    for (let i = 0; i < big.length; i++) big[i] = (i * 2654435761) >>> 24;
    const back = decode(JSON.parse(JSON.stringify(encode(big)))) as Uint8Array;
    expect(back.length).toBe(big.length);
    expect(Buffer.from(back).equals(Buffer.from(big))).toBe(true);
  });

  it('the page\'s portable path and Node\'s Buffer path agree byte for byte (every length mod 3, every byte value)', () => {
    for (const length of [0, 1, 2, 3, 255, 256, 257, 0x8000 + 1]) {
      const bytes = new Uint8Array(length).map((_, i) => (i * 131 + length) & 0xff);
      const wire = encode(bytes) as Record<string, string>;
      expect(wire[BYTES_TAG]).toBe(toBase64Portable(bytes));
      expect(Array.from(fromBase64Portable(wire[BYTES_TAG] as string))).toEqual(Array.from(bytes));
      const back = decode(wire) as Uint8Array;
      expect(back.constructor).toBe(Uint8Array);
      expect(back.byteOffset).toBe(0);
      expect(back.buffer.byteLength).toBe(length);
      expect(Array.from(back)).toEqual(Array.from(bytes));
    }
  });

  it('refuses absurd nesting instead of overflowing the stack', () => {
    let deep: unknown = 1;
    for (let i = 0; i < 100; i++) deep = [deep];
    expect(() => encode(deep)).toThrow('nested too deeply');
  });
});
