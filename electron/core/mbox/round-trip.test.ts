import { createHash } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openMbox } from './reader';
import { trapMessages } from './testing/generate';
import { ENVELOPE, mboxrdOf, messagesOf } from './testing/read-all';
import { MboxWriter, envelopeOf, mboxrdEntry } from './writer';

const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'heron-mbox-roundtrip-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('mboxrd export', () => {
  it('writes the From line, quotes every >*From line once more, and ends with a blank line', () => {
    const message = Buffer.from('From: a@b\nSubject: x\n\nFrom here\n>From there\n>>From far\nFromage\n');
    expect(Buffer.concat(mboxrdEntry(message, { sender: 'bob@example.org', date: Date.UTC(1996, 0, 3, 1, 5, 34) })).toString()).toBe(
      'From bob@example.org Wed Jan  3 01:05:34 1996\nFrom: a@b\nSubject: x\n\n>From here\n>>From there\n>>>From far\nFromage\n\n',
    );
  });

  it('keeps CRLF as CRLF, and marks a message whose last line has no line end', () => {
    expect(Buffer.concat(mboxrdEntry(Buffer.from('A: 1\r\n\r\nFrom x\r\nend'), { sender: null, date: 0 })).toString()).toBe(
      'From MAILER-DAEMON Thu Jan  1 00:00:00 1970 heron-unterminated\nA: 1\r\n\r\n>From x\r\nend\n\n',
    );
  });

  it('takes the envelope sender from Return-Path, else From; a bounce\'s empty Return-Path is MAILER-DAEMON', () => {
    const at = Date.UTC(2024, 0, 2);
    expect(envelopeOf(Buffer.from('Return-Path: <bounce+x@lists.example.org>\nFrom: Ann <ann@example.org>\n\nx\n'), at)).toEqual({ sender: 'bounce+x@lists.example.org', date: at });
    expect(envelopeOf(Buffer.from('From: =?UTF-8?B?w4VzYQ==?= <asa@example.org>\r\n\r\nx\r\n'), at)).toEqual({ sender: 'asa@example.org', date: at });
    expect(envelopeOf(Buffer.from('Return-Path: <>\nFrom: a@b\n\nx\n'), at)).toEqual({ sender: null, date: at });
    expect(envelopeOf(Buffer.from('Subject: none\n\nx\n'), at)).toEqual({ sender: null, date: at });
  });

  it('a sender that cannot be one token becomes MAILER-DAEMON', () => {
    expect(Buffer.concat(mboxrdEntry(Buffer.from('x\n'), { sender: 'two words@x', date: 0 })).toString()).toBe('From MAILER-DAEMON Thu Jan  1 00:00:00 1970\nx\n\n');
  });
});

describe('export → import round trip', () => {
  it('gives back every generated message SHA-256-identical (From lines at every position, >From, >>From, no final line end, CR-only, binary)', async () => {
    for (let seed = 1; seed <= 40; seed += 1) {
      const messages = trapMessages(seed, 60);
      const file = mboxrdOf(messages);
      const read = await messagesOf(file, { dialect: 'mboxrd' });
      expect(read.map((m) => sha(m.bytes)), `seed ${seed}`).toEqual(messages.map(sha));
    }
  });

  it('is identical whatever the read boundaries', async () => {
    const messages = trapMessages(99, 80);
    const file = mboxrdOf(messages);
    for (const maxRead of [1, 3, 64, 1000]) {
      const read = await messagesOf(file, { dialect: 'mboxrd', maxRead, chunkBytes: 32 });
      expect(read.map((m) => sha(m.bytes)), `reads of ${maxRead}`).toEqual(messages.map(sha));
    }
  });

  it('auto-detection reads Heron\'s own export as mboxrd', async () => {
    const messages = trapMessages(7, 100);
    expect((await messagesOf(mboxrdOf(messages))).map((m) => sha(m.bytes))).toEqual(messages.map(sha));
  });

  it('through a file: the writer renames the finished export into place, the reader gives every message back', async () => {
    const messages = trapMessages(2024, 300);
    const target = path.join(dir, 'export.mbox');
    const writer = await MboxWriter.create(target);
    for (const m of messages) await writer.write(m, ENVELOPE);
    expect(await readdir(dir)).toEqual([expect.stringMatching(/^\.export\.mbox\.\d+\.partial$/)]);
    await writer.finish();
    expect(await readdir(dir)).toEqual(['export.mbox']);
    expect(writer.bytes).toBe((await readFile(target)).length);
    const reader = await openMbox(target);
    const back: string[] = [];
    for await (const entry of reader.entries()) if (entry.kind === 'message') back.push(sha(entry.bytes));
    await reader.close();
    expect(reader.dialect).toBe('mboxrd');
    expect(back).toEqual(messages.map(sha));
  });

  it('an aborted export leaves nothing behind', async () => {
    const target = path.join(dir, 'aborted.mbox');
    const writer = await MboxWriter.create(target);
    await writer.write(Buffer.from('A: 1\n\nx\n'), ENVELOPE);
    await writer.abort();
    expect((await readdir(dir)).filter((f) => f.includes('aborted'))).toEqual([]);
  });
});
