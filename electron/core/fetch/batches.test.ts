import { describe, expect, it } from 'vitest';
import { tiledBuffer } from '../../../shared/bytes';
import { BatchBuffers, planBatches } from './batches';

const limits = { first: 2, messages: 3, bytes: 100 };
const sized = (sizes: number[]) => sizes.map((size, i) => ({ msg: i + 1, size }));

describe('planBatches', () => {
  it.each([
    { name: 'nothing to fetch', sizes: [], batches: [] },
    { name: 'fewer than the first batch holds', sizes: [10], batches: [[1]] },
    { name: 'a small first batch, then full ones, then the rest', sizes: [1, 1, 1, 1, 1, 1, 1], batches: [[1, 2], [3, 4, 5], [6, 7]] },
    { name: 'a batch ends once its bytes reach the limit', sizes: [10, 60, 40, 5, 99, 1], batches: [[1, 2], [3, 4, 5], [6]] },
    { name: 'one message over the byte limit is a batch of its own', sizes: [500, 1, 1, 300], batches: [[1], [2, 3, 4]] },
    { name: 'exactly the byte limit ends a batch', sizes: [100, 50, 50, 1], batches: [[1], [2, 3], [4]] },
    { name: 'empty messages count toward the message limit only', sizes: [0, 0, 0, 0, 0, 0], batches: [[1, 2], [3, 4, 5], [6]] },
  ])('$name', ({ sizes, batches }) => {
    const plan = planBatches(sized(sizes), limits);
    expect(plan.map((b) => b.msgs)).toEqual(batches);
    expect(plan.map((b) => b.bytes)).toEqual(batches.map((msgs) => msgs.reduce((n, m) => n + (sizes[m - 1] as number), 0)));
  });

  it('a first batch limit above the batch size is the batch size', () => {
    expect(planBatches(sized([1, 1, 1, 1, 1]), { first: 10, messages: 2, bytes: 100 }).map((b) => b.msgs)).toEqual([[1, 2], [3, 4], [5]]);
  });
});

describe('BatchBuffers', () => {
  const sizes = new Map([[1, 3], [2, 5], [3, 0], [4, 4]]);
  const plan = () => planBatches([1, 2, 3, 4].map((msg) => ({ msg, size: sizes.get(msg) as number })), { first: 3, messages: 3, bytes: 100 });

  it('gives each message its region of its batch\'s one buffer, so a batch written in full tiles it exactly', () => {
    const buffers = new BatchBuffers(plan(), (msg) => sizes.get(msg) ?? 0, 1000);
    const one = buffers.bufferFor(1, 3) as Buffer;
    const two = buffers.bufferFor(2, 5) as Buffer;
    one.set([1, 2, 3]);
    two.set([4, 5, 6, 7, 8]);
    expect(one.buffer).toBe(two.buffer);
    expect(tiledBuffer([one, two])).toBe(one.buffer);
    expect(Array.from(new Uint8Array(one.buffer))).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    // The next batch has a buffer of its own.
    const four = buffers.bufferFor(4, 4) as Buffer;
    expect(four.buffer).not.toBe(one.buffer);
    expect(four.buffer.byteLength).toBe(4);
  });

  it('gives no region to a size LIST did not announce, an empty message, an unplanned one or the same message twice', () => {
    const buffers = new BatchBuffers(plan(), (msg) => sizes.get(msg) ?? 0, 1000);
    expect(buffers.bufferFor(1, 4)).toBeNull();
    expect(buffers.bufferFor(3, 0)).toBeNull();
    expect(buffers.bufferFor(9, 3)).toBeNull();
    expect(buffers.bufferFor(2, 5)).not.toBeNull();
    expect(buffers.bufferFor(2, 5)).toBeNull();
  });

  it('a message over the largest region the reader preallocates has none, and does not size its batch\'s buffer', () => {
    const batches = planBatches([{ msg: 1, size: 3 }, { msg: 2, size: 5000 }, { msg: 3, size: 2 }], { first: 3, messages: 3, bytes: 10_000 });
    const buffers = new BatchBuffers(batches, (msg) => [0, 3, 5000, 2][msg] ?? 0, 1000);
    expect(buffers.bufferFor(2, 5000)).toBeNull();
    const one = buffers.bufferFor(1, 3) as Buffer;
    const three = buffers.bufferFor(3, 2) as Buffer;
    expect(one.buffer.byteLength).toBe(5);
    expect([one.byteOffset, three.byteOffset]).toEqual([0, 3]);
  });

  it('a released batch\'s buffer is never handed out again', () => {
    const buffers = new BatchBuffers(plan(), (msg) => sizes.get(msg) ?? 0, 1000);
    const one = buffers.bufferFor(1, 3) as Buffer;
    buffers.release(0);
    const two = buffers.bufferFor(2, 5) as Buffer;
    expect(two.buffer).not.toBe(one.buffer);
    expect(tiledBuffer([one, two])).toBeNull();
  });
});

describe('tiledBuffer', () => {
  it('is the buffer only when the views cover it exactly, back to back, in order', () => {
    const buffer = new ArrayBuffer(6);
    const v = (offset: number, length: number) => new Uint8Array(buffer, offset, length);
    expect(tiledBuffer([v(0, 2), v(2, 0), v(2, 4)])).toBe(buffer);
    expect(tiledBuffer([v(0, 6)])).toBe(buffer);
    expect(tiledBuffer([v(2, 4), v(0, 2)])).toBeNull(); // out of order
    expect(tiledBuffer([v(0, 2), v(3, 3)])).toBeNull(); // a gap: bytes no message wrote
    expect(tiledBuffer([v(0, 2), v(2, 3)])).toBeNull(); // bytes left over at the end
    expect(tiledBuffer([v(0, 4), v(2, 4)])).toBeNull(); // overlapping
    expect(tiledBuffer([v(0, 2), new Uint8Array(4)])).toBeNull(); // another buffer
    expect(tiledBuffer([])).toBeNull();
    expect(tiledBuffer([new Uint8Array(new SharedArrayBuffer(2))])).toBeNull();
  });
});
