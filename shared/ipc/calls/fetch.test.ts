import { describe, expect, it } from 'vitest';
import { batchOf, messagesOf, type FetchBatch, type FetchedMessage } from './fetch';

const headers = { messageId: null, inReplyTo: null, references: [], from: null, to: [], cc: [], replyTo: [], subject: 's', date: 1, size: 1, hasAttachments: false };
const message = (id: string, raw: Uint8Array): FetchedMessage => ({ id, uidl: `U-${id}`, size: raw.byteLength, raw, partial: false, headers, receivedAt: 1 });
const head = { fetchId: 'f', accountId: 'a', batchId: 1 };
// shared/ has neither DOM nor Node types: ASCII by hand.
const ascii = (text: string) => Uint8Array.from(text, (c) => c.charCodeAt(0));
const text = (bytes: Uint8Array) => String.fromCharCode(...bytes);
/** The index as main hands it on: JSON, here ASCII only. */
const indexOf = (batch: FetchBatch) => JSON.parse(text(batch.index)) as Array<Record<string, unknown>>;
const withIndex = (batch: FetchBatch, index: unknown) => ({ ...batch, index: ascii(JSON.stringify(index)) });

describe('FetchBatch: one buffer of bytes and one index per batch', () => {
  it('keeps the buffer the messages already tile, and gives each message its offset and length in it', () => {
    const bytes = ascii('ONETWOTHREE');
    const batch = batchOf(head, [message('a', bytes.subarray(0, 3)), message('b', bytes.subarray(3, 6)), message('c', bytes.subarray(6))]);
    expect(batch.bytes.buffer).toBe(bytes.buffer);
    expect(indexOf(batch).map((m) => [m.id, m.offset, m.length])).toEqual([['a', 0, 3], ['b', 3, 3], ['c', 6, 5]]);
    expect('raw' in (indexOf(batch)[0] as object)).toBe(false);
    // Both arrays own their buffers whole: main and the bridge copy nothing else.
    expect(batch.index.byteOffset === 0 && batch.index.byteLength === batch.index.buffer.byteLength).toBe(true);
    const back = messagesOf(batch);
    expect(back.map((m) => text(m.raw))).toEqual(['ONE', 'TWO', 'THREE']);
    expect(back.every((m) => m.raw.buffer === bytes.buffer)).toBe(true);
  });

  it('gives back every field as it went in: UTF-8 text, lone surrogates, null, nested addresses, an optional flag; a date that is not a number reads as NaN', () => {
    const h = { ...headers, subject: 'Ünïcödé 😀 \ud800 end', from: { name: 'Zoë', address: 'zoe@example.com' }, to: [{ name: '', address: 'a@b.c' }], references: ['<x@y>'], date: Number.NaN };
    const m: FetchedMessage = { ...message('a', ascii('RAW')), uidl: null, partial: true, replaces: true, headers: h };
    const [back] = messagesOf(batchOf(head, [m]));
    const { raw, ...rest } = back as FetchedMessage;
    expect(text(raw)).toBe('RAW');
    expect(rest).toEqual({ ...m, raw: undefined, headers: { ...h, date: Number.NaN } });
    expect(Number.isNaN(rest.headers.date)).toBe(true);
  });

  it('reads the index once per batch: the commit and the progress count share one decoding', () => {
    const batch = batchOf(head, [message('a', ascii('A'))]);
    expect(messagesOf(batch)).toBe(messagesOf(batch));
  });

  it('copies messages from separate buffers, or from one buffer with bytes between them, into one buffer of exactly their bytes', () => {
    const pool = ascii('AAxxSECRETxxBB');
    const batch = batchOf(head, [message('a', pool.subarray(0, 2)), message('b', pool.subarray(12)), message('c', new Uint8Array([67]))]);
    expect(batch.bytes.buffer).not.toBe(pool.buffer);
    expect(text(batch.bytes)).toBe('AABBC');
    expect(batch.bytes.buffer.byteLength).toBe(5);
    expect(messagesOf(batch).map((m) => text(m.raw))).toEqual(['AA', 'BB', 'C']);
    expect(batchOf(head, []).bytes.byteLength).toBe(0);
    expect(messagesOf(batchOf(head, []))).toEqual([]);
  });

  it('refuses a message that lies outside its batch\'s bytes', () => {
    const batch = batchOf(head, [message('a', new Uint8Array(4))]);
    for (const [offset, length] of [[2, 3], [-1, 2], [0, 1.5], [5, 0], [null, 1]]) {
      expect(() => messagesOf(withIndex(batch, [{ ...indexOf(batch)[0], offset, length }]))).toThrow('Message a lies outside its batch\'s bytes.');
    }
  });

  it('refuses an index that is not UTF-8 JSON of a list of messages, saying so', () => {
    const batch = batchOf(head, [message('a', new Uint8Array(4))]);
    expect(() => messagesOf({ ...batch, index: new Uint8Array([0x5b, 0xff, 0x5d]) })).toThrow(/^A fetched batch's index is malformed: /);
    expect(() => messagesOf({ ...batch, index: ascii('[{"id":') })).toThrow(/^A fetched batch's index is malformed: /);
    expect(() => messagesOf(withIndex(batch, { id: 'a' }))).toThrow("A fetched batch's index is malformed: not a list.");
    expect(() => messagesOf(withIndex(batch, [null]))).toThrow("A fetched batch's index is malformed: an entry is not an object.");
    expect(() => messagesOf(withIndex(batch, [{ ...indexOf(batch)[0], headers: null }]))).toThrow("A fetched batch's index is malformed: an entry has no id or headers.");
  });
});
