import { describe, expect, it } from 'vitest';
import type { FetchedMessage, ParsedContent } from '../model/fetched-message';
import { decodeMailBatch, encodeMailBatch, type MailBatch } from './mail-batch';

const headers = { messageId: null, inReplyTo: null, references: [], from: null, to: [], cc: [], replyTo: [], subject: 's', date: 1, size: 1, hasAttachments: false };
const message = (id: string, raw: Uint8Array, content?: ParsedContent): FetchedMessage => ({ id, uidl: `U-${id}`, size: raw.byteLength, raw, partial: false, headers, receivedAt: 1, ...(content ? { content } : {}) });
// shared/ has neither DOM nor Node types: ASCII by hand.
const ascii = (text: string) => Uint8Array.from(text, (c) => c.charCodeAt(0));
const text = (bytes: Uint8Array) => String.fromCharCode(...bytes);
/** The index as main hands it on: JSON, here ASCII only. */
const indexOf = (batch: MailBatch) => JSON.parse(text(batch.index)) as Array<Record<string, unknown>>;
const withIndex = (batch: MailBatch, index: unknown) => ({ ...batch, index: ascii(JSON.stringify(index)) });
const whole = (bytes: Uint8Array) => bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength;
const content = (parts: Uint8Array[]): ParsedContent => ({
  body: { text: 'Hello', html: '<p>Hello</p>', warnings: ['a warning'] },
  attachments: parts.map((p, i) => ({ meta: { filename: `f${i}.bin`, contentType: 'application/octet-stream', size: p.byteLength, contentId: null, inline: false, omitted: false }, content: p })),
  hasAttachments: parts.length > 0,
  snippet: 'Hello',
});

describe('a batch of fetched mail on the wire (mail-batch.ts)', () => {
  it('keeps the buffer the messages already tile, and gives each message its offset and length in it', () => {
    const bytes = ascii('ONETWOTHREE');
    const batch = encodeMailBatch([message('a', bytes.subarray(0, 3)), message('b', bytes.subarray(3, 6)), message('c', bytes.subarray(6))]);
    expect(batch.raw.buffer).toBe(bytes.buffer);
    expect(indexOf(batch).map((m) => [m.id, m.offset, m.length])).toEqual([['a', 0, 3], ['b', 3, 3], ['c', 6, 5]]);
    expect('raw' in (indexOf(batch)[0] as object)).toBe(false);
    // Every array owns its buffer whole: main copies nothing else.
    expect([batch.raw, batch.parts, batch.index].every(whole)).toBe(true);
    const back = decodeMailBatch(batch);
    expect(back.map((m) => text(m.raw))).toEqual(['ONE', 'TWO', 'THREE']);
    expect(back.every((m) => m.raw.buffer === bytes.buffer)).toBe(true);
  });

  it('gives back every field as it went in: UTF-8 text, lone surrogates, null, nested addresses, an optional flag; a date that is not a number reads as NaN', () => {
    const h = { ...headers, subject: 'Ünïcödé 😀 \ud800 end', from: { name: 'Zoë', address: 'zoe@example.com' }, to: [{ name: '', address: 'a@b.c' }], references: ['<x@y>'], date: Number.NaN };
    const m: FetchedMessage = { ...message('a', ascii('RAW')), uidl: null, partial: true, replaces: true, headers: h };
    const [back] = decodeMailBatch(encodeMailBatch([m]));
    const { raw, ...rest } = back as FetchedMessage;
    expect(text(raw)).toBe('RAW');
    expect(rest).toEqual({ ...m, raw: undefined, headers: { ...h, date: Number.NaN } });
    expect(Number.isNaN(rest.headers.date)).toBe(true);
  });

  it('carries what was read of each message: its body, and its parts\' bytes packed in one array of exactly them', () => {
    const pool = ascii('xxPART-ONExxPART-TWO');
    const first = content([pool.subarray(2, 10)]);
    const second = content([ascii('P3'), pool.subarray(12)]);
    const batch = encodeMailBatch([message('a', ascii('A'), first), message('b', ascii('B')), message('c', ascii('C'), second)]);
    expect(text(batch.parts)).toBe('PART-ONEP3PART-TWO');
    const [a, b, c] = decodeMailBatch(batch);
    expect(b).not.toHaveProperty('content');
    for (const [got, want] of [[a, first], [c, second]] as const) {
      expect(got?.content?.body).toEqual(want.body);
      expect([got?.content?.snippet, got?.content?.hasAttachments]).toEqual([want.snippet, want.hasAttachments]);
      expect(got?.content?.attachments.map((x) => [x.meta, text(x.content)])).toEqual(want.attachments.map((x) => [x.meta, text(x.content)]));
    }
  });

  it('text and parts that lie in the message\'s bytes travel as where they lie: no copy in the parts, and a span outside the message is refused', () => {
    const raw = ascii('Subject: x\r\n\r\nHello\r\nQUJD\r\n');
    const inRaw: ParsedContent = {
      body: { text: { start: 14, end: 21 }, html: null, warnings: [] },
      attachments: [{ meta: { filename: 'a.zip', contentType: 'application/zip', size: 3, contentId: null, inline: false, omitted: false }, content: new Uint8Array(0), inRaw: { start: 21, end: 27 } }],
      hasAttachments: true,
      snippet: 'Hello',
    };
    const batch = encodeMailBatch([message('a', raw, inRaw)]);
    expect(batch.parts.byteLength).toBe(0);
    const [a] = decodeMailBatch(batch);
    expect(a?.content?.body.text).toEqual({ start: 14, end: 21 });
    expect(a?.content?.attachments[0]?.inRaw).toEqual({ start: 21, end: 27 });
    const entry = indexOf(batch)[0] as { content: { body: Record<string, unknown>; attachments: Array<Record<string, unknown>> } };
    const textBeyond = { ...entry, content: { ...entry.content, body: { ...entry.content.body, html: { start: 20, end: raw.byteLength + 1 } } } };
    expect(() => decodeMailBatch(withIndex(batch, [textBeyond]))).toThrow('The text of message a lies outside its bytes.');
    const partBeyond = { ...entry, content: { ...entry.content, attachments: [{ ...entry.content.attachments[0], inRaw: { start: 5, end: 4 } }] } };
    expect(() => decodeMailBatch(withIndex(batch, [partBeyond]))).toThrow('A part of message a lies outside its bytes.');
  });

  it('copies messages from separate buffers, or from one buffer with bytes between them, into one buffer of exactly their bytes', () => {
    const pool = ascii('AAxxSECRETxxBB');
    const batch = encodeMailBatch([message('a', pool.subarray(0, 2)), message('b', pool.subarray(12)), message('c', new Uint8Array([67]))]);
    expect(batch.raw.buffer).not.toBe(pool.buffer);
    expect(text(batch.raw)).toBe('AABBC');
    expect(batch.raw.buffer.byteLength).toBe(5);
    expect(decodeMailBatch(batch).map((m) => text(m.raw))).toEqual(['AA', 'BB', 'C']);
    expect(encodeMailBatch([]).raw.byteLength).toBe(0);
    expect(decodeMailBatch(encodeMailBatch([]))).toEqual([]);
  });

  it('refuses a message or a part that lies outside its batch\'s bytes', () => {
    const batch = encodeMailBatch([message('a', new Uint8Array(4), content([ascii('PP')]))]);
    for (const [offset, length] of [[2, 3], [-1, 2], [0, 1.5], [5, 0], [null, 1]]) {
      expect(() => decodeMailBatch(withIndex(batch, [{ ...indexOf(batch)[0], offset, length }]))).toThrow('Message a lies outside its batch\'s bytes.');
    }
    const entry = indexOf(batch)[0] as { content: { attachments: Array<Record<string, unknown>> } };
    const beyond = { ...entry, content: { ...entry.content, attachments: [{ ...entry.content.attachments[0], offset: 1, length: 2 }] } };
    expect(() => decodeMailBatch(withIndex(batch, [beyond]))).toThrow('A part of message a lies outside its batch\'s bytes.');
  });

  it('refuses an index that is not UTF-8 JSON of a list of messages, saying so', () => {
    const batch = encodeMailBatch([message('a', new Uint8Array(4))]);
    expect(() => decodeMailBatch({ ...batch, index: new Uint8Array([0x5b, 0xff, 0x5d]) })).toThrow(/^A fetched batch's index is malformed: /);
    expect(() => decodeMailBatch({ ...batch, index: ascii('[{"id":') })).toThrow(/^A fetched batch's index is malformed: /);
    expect(() => decodeMailBatch(withIndex(batch, { id: 'a' }))).toThrow("A fetched batch's index is malformed: not a list.");
    expect(() => decodeMailBatch(withIndex(batch, [null]))).toThrow("A fetched batch's index is malformed: an entry is not an object.");
    expect(() => decodeMailBatch(withIndex(batch, [{ ...indexOf(batch)[0], headers: null }]))).toThrow("A fetched batch's index is malformed: an entry has no id or headers.");
    expect(() => decodeMailBatch(withIndex(batch, [{ ...indexOf(batch)[0], content: { body: null } }]))).toThrow("A fetched batch's index is malformed: the content of a is not readable.");
  });
});
