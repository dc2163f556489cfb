import { describe, expect, it } from 'vitest';
import { ownViews } from './own-views';

describe('ownViews', () => {
  it('copies each view of a shared buffer into a buffer of its own, keeping the bytes and the rest of the payload', () => {
    const batch = new Uint8Array(10).map((_, i) => i);
    const payload = { fetchId: 'f', messages: [{ id: 'a', raw: batch.subarray(0, 4) }, { id: 'b', raw: batch.subarray(4, 10) }], count: 2 };
    const out = ownViews(payload);
    expect(out).toBe(payload);
    for (const [i, m] of out.messages.entries()) {
      expect(m.raw.byteOffset).toBe(0);
      expect(m.raw.buffer.byteLength).toBe(m.raw.byteLength);
      expect(m.raw.buffer).not.toBe(batch.buffer);
      expect(Array.from(m.raw)).toEqual(i === 0 ? [0, 1, 2, 3] : [4, 5, 6, 7, 8, 9]);
    }
    expect(out.fetchId).toBe('f');
    expect(out.count).toBe(2);
  });

  it('leaves alone a view that already spans its whole buffer, and values that are not plain objects or arrays', () => {
    const whole = new Uint8Array([1, 2, 3]);
    const date = new Date(0);
    const out = ownViews({ whole, date, nested: [[whole]], text: 'x', n: null });
    expect(out.whole).toBe(whole);
    expect(out.nested[0]![0]).toBe(whole);
    expect(out.date).toBe(date);
    expect(ownViews(whole)).toBe(whole);
    expect(Array.from(ownViews(whole.subarray(1)))).toEqual([2, 3]);
    expect(ownViews(undefined)).toBeUndefined();
  });

  it('stops at an absurd depth instead of overflowing the stack', () => {
    let deep: unknown = new Uint8Array(4).subarray(1);
    for (let i = 0; i < 10_000; i++) deep = [deep];
    expect(() => ownViews(deep)).not.toThrow();
  });
});
