import { describe, expect, it } from 'vitest';
import { batchOf, messagesOf, type FetchedMessage } from './fetch';

const headers = { messageId: null, inReplyTo: null, references: [], from: null, to: [], cc: [], replyTo: [], subject: 's', date: 1, size: 1, hasAttachments: false };
const message = (id: string, raw: Uint8Array): FetchedMessage => ({ id, uidl: `U-${id}`, size: raw.byteLength, raw, partial: false, headers, receivedAt: 1 });
const head = { fetchId: 'f', accountId: 'a', batchId: 1 };
// shared/ has neither DOM nor Node types: ASCII by hand.
const ascii = (text: string) => Uint8Array.from(text, (c) => c.charCodeAt(0));
const text = (bytes: Uint8Array) => String.fromCharCode(...bytes);

describe('FetchBatch: one buffer per batch', () => {
  it('keeps the buffer the messages already tile, and gives each message its offset and length in it', () => {
    const bytes = ascii('ONETWOTHREE');
    const batch = batchOf(head, [message('a', bytes.subarray(0, 3)), message('b', bytes.subarray(3, 6)), message('c', bytes.subarray(6))]);
    expect(batch.bytes.buffer).toBe(bytes.buffer);
    expect(batch.messages.map((m) => [m.id, m.offset, m.length])).toEqual([['a', 0, 3], ['b', 3, 3], ['c', 6, 5]]);
    expect('raw' in (batch.messages[0] as object)).toBe(false);
    const back = messagesOf(batch);
    expect(back.map((m) => text(m.raw))).toEqual(['ONE', 'TWO', 'THREE']);
    expect(back.every((m) => m.raw.buffer === bytes.buffer)).toBe(true);
  });

  it('copies messages from separate buffers, or from one buffer with bytes between them, into one buffer of exactly their bytes', () => {
    const pool = ascii('AAxxSECRETxxBB');
    const batch = batchOf(head, [message('a', pool.subarray(0, 2)), message('b', pool.subarray(12)), message('c', new Uint8Array([67]))]);
    expect(batch.bytes.buffer).not.toBe(pool.buffer);
    expect(text(batch.bytes)).toBe('AABBC');
    expect(batch.bytes.buffer.byteLength).toBe(5);
    expect(messagesOf(batch).map((m) => text(m.raw))).toEqual(['AA', 'BB', 'C']);
    expect(batchOf(head, []).bytes.byteLength).toBe(0);
  });

  it('refuses a message that lies outside its batch\'s bytes', () => {
    const batch = batchOf(head, [message('a', new Uint8Array(4))]);
    for (const [offset, length] of [[2, 3], [-1, 2], [0, 1.5], [5, 0]]) {
      expect(() => messagesOf({ ...batch, messages: [{ ...batch.messages[0]!, offset: offset!, length: length! }] })).toThrow('Message a lies outside its batch\'s bytes.');
    }
  });
});
