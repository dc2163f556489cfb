import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONTENT_LENGTH_IGNORED, ENDS_IN_HEADER, ENDS_MID_LINE, HAS_NUL, MboxReader, detectDialect, openMbox, type MboxEntry } from './reader';
import { messagesOf, readAll, textsOf } from './testing/read-all';
import { bufferSource } from './window';

const SEP = 'From alice@example.com Mon Jan  1 00:00:00 2024\n';
const msg = (n: number, body = 'hello\n') => `Message-ID: <${n}@x>\nSubject: ${n}\n\n${body}`;

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'heron-mbox-reader-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('the line rule', () => {
  it('reads LF messages with their offsets, envelope and exact bytes', async () => {
    const file = `${SEP}${msg(1)}\n${SEP}${msg(2)}\n`;
    const entries = await readAll(file);
    expect(entries.map((e) => [e.kind, e.offset, e.next])).toEqual([
      ['message', 0, SEP.length + msg(1).length + 1],
      ['message', SEP.length + msg(1).length + 1, file.length],
    ]);
    expect(await textsOf(file)).toEqual([msg(1), msg(2)]);
    expect(entries[0]?.envelope).toEqual({ sender: 'alice@example.com', date: Date.UTC(2024, 0, 1) });
  });

  it('reads CRLF files: the blank CRLF line before a separator is the separator\'s', async () => {
    const crlf = (s: string) => s.replace(/\n/g, '\r\n');
    const file = crlf(`${SEP}${msg(1)}\n${SEP}${msg(2)}\n`);
    expect(await textsOf(file)).toEqual([crlf(msg(1)), crlf(msg(2))]);
  });

  it('a From line in a body without a blank line before it never splits the message', async () => {
    const body = `first line\n${SEP}second line\n`;
    expect(await textsOf(`${SEP}${msg(1, body)}\n${SEP}${msg(2)}\n`, { dialect: 'mboxo' })).toEqual([msg(1, body), msg(2)]);
  });

  it('a From line after a blank line splits only when it parses as From <sender> <date>', async () => {
    const body = '\nFrom the desk of the editor\n\nFrom  \n\nFrom alice@example.com yesterday\n\nFrom - not a date at all 2024\n';
    expect(await textsOf(`${SEP}${msg(1, body)}\n${SEP}${msg(2)}\n`, { dialect: 'mboxo' })).toEqual([msg(1, body), msg(2)]);
    const split = `${SEP}${msg(1, 'a\n\nFrom bob@example.org Tue Feb  6 10:00:00 2024\nb\n')}`;
    expect(await textsOf(split, { dialect: 'mboxo' })).toEqual([msg(1, 'a\n'), 'b\n']);
  });

  it('reads Thunderbird "From - " lines, asctime with a zone (Takeout) and RFC 5322 dates', async () => {
    const lines = ['From - Sat Jan  3 01:05:34 1996\n', 'From 1786412345678901234@xxx Wed Mar 13 17:55:44 +0000 2024\n', 'From bob@example.org Wed, 13 Mar 2024 17:55:44 +0100\n'];
    const entries = await readAll(lines.map((l, i) => `${l}${msg(i)}\n`).join(''));
    expect(entries.map((e) => e.envelope)).toEqual([
      { sender: '-', date: Date.UTC(1996, 0, 3, 1, 5, 34) },
      { sender: '1786412345678901234@xxx', date: Date.UTC(2024, 2, 13, 17, 55, 44) },
      { sender: 'bob@example.org', date: Date.UTC(2024, 2, 13, 16, 55, 44) },
    ]);
  });

  it('an empty message between two separators is a message of no bytes', async () => {
    expect(await textsOf(`${SEP}\n${SEP}${msg(2)}\n`)).toEqual(['', msg(2)]);
  });
});

describe('quoting by dialect', () => {
  const body = '>From here\n>>From there\n>>>From far\n> From not quoted\n>Fromage\n';
  const file = `${SEP}${msg(1, body)}\n`;

  it('mboxrd removes one > from every >…>From line, and only those', async () => {
    expect(await textsOf(file, { dialect: 'mboxrd' })).toEqual([msg(1, 'From here\n>From there\n>>From far\n> From not quoted\n>Fromage\n')]);
  });

  it('mboxo, mboxcl and mboxcl2 keep the stored bytes', async () => {
    for (const dialect of ['mboxo', 'mboxcl', 'mboxcl2'] as const) expect(await textsOf(file, { dialect })).toEqual([msg(1, body)]);
  });
});

describe('Content-Length (mboxcl, mboxcl2)', () => {
  const body = 'line\n\nFrom bob@example.org Tue Feb  6 10:00:00 2024\nnot a new message\n';
  const withLength = (length: number) => `${SEP}Content-Length: ${length}\nSubject: cl\n\n${body}\n${SEP}${msg(2)}\n`;

  it('a true Content-Length carries the message across an unquoted separator in its body', async () => {
    expect(await textsOf(withLength(body.length), { dialect: 'mboxcl2' })).toEqual([`Content-Length: ${body.length}\nSubject: cl\n\n${body}`, msg(2)]);
  });

  it('also without the blank line before the next message, and at the end of the file', async () => {
    const file = `${SEP}Content-Length: 5\n\nabcd\n${SEP}Content-Length: 3\n\nxyz`;
    const messages = await messagesOf(file, { dialect: 'mboxcl' });
    expect(messages.map((m) => [m.bytes.toString(), m.warnings])).toEqual([
      ['Content-Length: 5\n\nabcd\n', []],
      ['Content-Length: 3\n\nxyz', []],
    ]);
  });

  it('a Content-Length that lies is ignored, with a warning, and the line rule ends the message', async () => {
    for (const length of [body.length - 7, body.length + 3]) {
      const messages = await messagesOf(withLength(length), { dialect: 'mboxcl2' });
      expect(messages.map((m) => m.warnings[0] ?? null)).toEqual([CONTENT_LENGTH_IGNORED, null, null]);
      expect(messages.map((m) => m.bytes.toString()).at(-1)).toBe(msg(2));
    }
  });

  it('a Content-Length past the end of the file is ignored', async () => {
    const messages = await messagesOf(`${SEP}Content-Length: 999999\n\nshort\n`, { dialect: 'mboxcl2' });
    expect(messages.map((m) => [m.bytes.toString(), m.warnings])).toEqual([['Content-Length: 999999\n\nshort\n', [CONTENT_LENGTH_IGNORED]]]);
  });

  it('mboxrd does not trust Content-Length: a crafted one cannot swallow the next message', async () => {
    const next = `${SEP}${msg(2)}\n`;
    const file = `${SEP}Content-Length: ${6 + next.length}\n\nevil\n\n${next}`;
    expect(await textsOf(file, { dialect: 'mboxrd' })).toEqual([`Content-Length: ${6 + next.length}\n\nevil\n`, msg(2)]);
    // The same file read as mboxcl2, where the length is the rule, is one message.
    expect(await textsOf(file, { dialect: 'mboxcl2' })).toEqual([`Content-Length: ${6 + next.length}\n\nevil\n\n${next}`]);
  });
});

describe('Thunderbird and Google Takeout', () => {
  const tb = (status: string, n: number) => `From - Mon Jan  1 00:00:00 2024\nX-Mozilla-Status: ${status}\nX-Mozilla-Status2: 00000000\nX-Mozilla-Keys: $label1 work\nX-UIDL: UID${n}\n${msg(n)}\n`;

  it('skips messages flagged expunged (0x0008) and reads the others with their flags', async () => {
    const entries = await readAll(tb('0001', 1) + tb('0009', 2) + tb('0005', 3), { dialect: 'mboxrd' });
    expect(entries.map((e) => [e.kind, e.kind === 'skipped' ? e.reason : null, e.facts.mozillaFlags, e.facts.uidl])).toEqual([
      ['message', null, 0x1, 'UID1'],
      ['skipped', 'expunged', 0x9, 'UID2'],
      ['message', null, 0x5, 'UID3'],
    ]);
    expect(entries[0]?.facts.mozillaKeys).toEqual(['$label1', 'work']);
    const skipped = entries[1] as Extract<MboxEntry, { kind: 'skipped' }>;
    expect(skipped.size).toBe(tb('0009', 2).length);
    expect(entries[2]?.offset).toBe(skipped.next);
  });

  it('reads X-Gmail-Labels, folded, quoted and encoded', async () => {
    const file = `From 1786412345678901234@xxx Wed Mar 13 17:55:44 +0000 2024\r\nX-GM-THRID: 1\r\nX-Gmail-Labels: Inbox,Important,\r\n "Work, old",=?UTF-8?Q?Caf=C3=A9?=/Sub,Unread\r\n${msg(1).replace(/\n/g, '\r\n')}\r\n`;
    const [entry] = await readAll(file);
    expect(entry?.facts.gmailLabels).toEqual(['Inbox', 'Important', 'Work, old', 'Café/Sub', 'Unread']);
  });

  it('detects the dialect: Thunderbird and Takeout are mboxrd, unquoted From in a Content-Length body is mboxcl2', async () => {
    expect(await detectDialect(bufferSource(Buffer.from(tb('0001', 1))))).toBe('mboxrd');
    const cl2 = `${SEP}Content-Length: 19\n\nFrom me to you\nbye\n\n${SEP}${msg(2)}\n`;
    expect(await detectDialect(bufferSource(Buffer.from(cl2)))).toBe('mboxcl2');
    expect(await textsOf(cl2)).toEqual(['Content-Length: 19\n\nFrom me to you\nbye\n', msg(2)]);
    expect(await detectDialect(bufferSource(Buffer.from(`${SEP}${msg(1, '>From x\n')}\n`)))).toBe('mboxrd');
  });
});

describe('damaged and odd files', () => {
  it('a 0-byte file, and one of blank lines, hold no message', async () => {
    expect(await readAll('')).toEqual([]);
    expect(await readAll('\n\r\n\n')).toEqual([]);
  });

  it('a file that is not an mbox is refused with a clear error', async () => {
    for (const file of ['Subject: just a message\n\nhi\n', '\x00\x01\x02binary', ' From indented Mon Jan  1 00:00:00 2024\n']) {
      await expect(readAll(file)).rejects.toMatchObject({ code: 'EINVALID', message: expect.stringContaining('not an mbox file') });
    }
  });

  it('a truncated last message is kept, with a warning that says so', async () => {
    expect((await messagesOf(`${SEP}${msg(1)}\n${SEP}${msg(2, 'cut in the mid')}`)).map((m) => [m.bytes.toString(), m.warnings])).toEqual([
      [msg(1), []],
      [msg(2, 'cut in the mid'), [ENDS_MID_LINE]],
    ]);
    expect((await messagesOf(`${SEP}Subject: only a hea`)).map((m) => m.warnings)).toEqual([[ENDS_MID_LINE, ENDS_IN_HEADER]]);
    expect((await messagesOf(`${SEP}Subject: only a header\n`)).map((m) => m.warnings)).toEqual([[ENDS_IN_HEADER]]);
  });

  it('NUL bytes stay in the message, with a warning, and do not hide a separator', async () => {
    const body = 'a\x00\x00b\n\x00\x00\x00\n';
    expect((await messagesOf(`${SEP}${msg(1, body)}\n${SEP}${msg(2)}\n`)).map((m) => [m.bytes.toString('latin1'), m.warnings])).toEqual([
      [msg(1, body), [HAS_NUL]],
      [msg(2), []],
    ]);
  });

  it('a separator split at every byte across reads gives the same messages', async () => {
    const file = `${SEP}${msg(1, 'x\n\nFrom the desk\n')}\r\n${SEP}${msg(2, '>From a\n')}\n${SEP}\n${SEP}${msg(4)}`;
    const whole = await textsOf(file);
    expect(whole).toHaveLength(4);
    for (const maxRead of [1, 2, 3, 5, 7, 13]) expect(await textsOf(file, { maxRead, chunkBytes: 16 })).toEqual(whole);
  });
});

describe('memory and resuming', () => {
  it('holds one message and a few chunks, whatever the size of the file', async () => {
    const big = `${SEP}${msg(0, `${'x'.repeat(999)}\n`.repeat(3000))}\n`;
    const small = Array.from({ length: 400 }, (_, i) => `${SEP}${msg(i, `${'y'.repeat(99)}\n`.repeat(100))}\n`).join('');
    const reader = await MboxReader.fromSource(bufferSource(Buffer.from(small + big + small)), { chunkBytes: 64 * 1024 });
    let count = 0;
    for await (const entry of reader.entries()) if (entry.kind === 'message') count += 1;
    expect(count).toBe(801);
    // 3 MB message, 64 KB chunks: the buffer doubled past it once, not the 8 MB file.
    expect(reader.peakBufferBytes).toBeLessThanOrEqual(2 * 3 * 1024 * 1024 + 4 * 64 * 1024);
  });

  it('a message over the limit is skipped as too-big with its headers, and never held', async () => {
    const huge = `${SEP}${msg(1, `${'z'.repeat(999)}\n`.repeat(2000))}\n`;
    const file = `${SEP}${msg(0)}\n${huge}${SEP}${msg(2)}\n`;
    const reader = await MboxReader.fromSource(bufferSource(Buffer.from(file)), { chunkBytes: 16 * 1024, maxMessageBytes: 100 * 1024 });
    const entries: MboxEntry[] = [];
    for await (const entry of reader.entries()) entries.push(entry);
    expect(entries.map((e) => (e.kind === 'skipped' ? [e.kind, e.reason, e.size] : [e.kind, e.bytes.toString()]))).toEqual([
      ['message', msg(0)],
      ['skipped', 'too-big', huge.length],
      ['message', msg(2)],
    ]);
    expect(reader.peakBufferBytes).toBeLessThan(400 * 1024);
  });

  it('resuming at the next offset of any entry reads exactly the rest: no message twice, none lost', async () => {
    const file = Array.from({ length: 12 }, (_, i) => `${SEP}${msg(i, i % 3 === 0 ? '>From quoted\n' : 'plain\n')}\n`).join('');
    const all = await readAll(file);
    for (let k = 0; k < all.length; k += 1) {
      const rest = await readAll(file, { start: all[k]?.next ?? 0, dialect: 'mboxrd' });
      expect(rest).toEqual(all.slice(k + 1));
    }
  });

  it('resuming where no message starts is refused', async () => {
    await expect(readAll(`${SEP}${msg(1)}\n`, { start: 5 })).rejects.toMatchObject({ code: 'EINVALID', message: expect.stringContaining('cannot resume at byte 5') });
    await expect(readAll(`${SEP}${msg(1)}\n`, { start: 5000 })).rejects.toMatchObject({ code: 'EINVALID', message: expect.stringContaining('has changed since') });
    expect(await readAll(`${SEP}${msg(1)}\n`, { start: SEP.length + msg(1).length + 1 })).toEqual([]);
  });

  it('reads a file from disk; a missing file is ENOTFOUND', async () => {
    const file = path.join(dir, 'Inbox');
    await writeFile(file, `${SEP}${msg(1)}\n${SEP}${msg(2)}\n`);
    const reader = await openMbox(file);
    const texts: string[] = [];
    for await (const entry of reader.entries()) if (entry.kind === 'message') texts.push(entry.bytes.toString());
    await reader.close();
    expect(texts).toEqual([msg(1), msg(2)]);
    await expect(openMbox(path.join(dir, 'missing'))).rejects.toMatchObject({ code: 'ENOTFOUND' });
  });
});
