import { simpleParser } from 'mailparser';
import { describe, expect, it } from 'vitest';
import { HeronError } from '../../../shared/ipc/result';
import type { Draft } from '../../../shared/model/draft';
import { buildMessage, htmlToPlainText } from './compose';
import { draftOf } from './test-support';

const text = (raw: Uint8Array) => Buffer.from(raw).toString('latin1');

async function rejection(p: Promise<unknown>): Promise<HeronError> {
  const error = await p.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(HeronError);
  return error as HeronError;
}

describe('buildMessage', () => {
  it('writes the headers a reader expects, with the Message-ID on the From domain and Bcc only in the envelope', async () => {
    const built = await buildMessage(
      draftOf({
        cc: [{ name: '', address: 'carol@example.org' }],
        bcc: [{ name: 'Secret', address: 'dave@example.net' }],
        inReplyTo: 'parent@example.com',
        references: ['root@example.com', 'parent@example.com'],
      }),
      [],
      { now: new Date(Date.UTC(2024, 0, 2, 3, 4, 5)), messageIdLocal: 'fixed' },
    );
    expect(built.messageId).toBe('fixed@example.com');
    expect(built.envelope).toEqual({
      from: 'alice@example.com',
      to: ['bob@example.com', 'carol@example.org', 'dave@example.net'],
    });
    const raw = text(built.raw);
    const head = raw.slice(0, raw.indexOf('\r\n\r\n'));
    expect(head).toContain('From: Alice <alice@example.com>\r\n');
    expect(head).toContain('To: Bob <bob@example.com>\r\n');
    expect(head).toContain('Cc: carol@example.org\r\n');
    expect(head).toContain('Message-ID: <fixed@example.com>\r\n');
    expect(head).toContain('Date: Tue, 02 Jan 2024 03:04:05 +0000\r\n');
    expect(head).toContain('In-Reply-To: <parent@example.com>\r\n');
    expect(head).toContain('References: <root@example.com> <parent@example.com>\r\n');
    expect(raw.toLowerCase()).not.toContain('bcc');
    expect(raw).not.toContain('dave@example.net');
  });

  it('answering fetched mail: ids in their stored form, or with brackets from older rows, are written in brackets', async () => {
    const built = await buildMessage(
      draftOf({ inReplyTo: 'CAF=8Qm+reply.2@mail.example.com', references: ['<root$1@lists.example.org>', 'CAF=8Qm+reply.2@mail.example.com'] }),
      [],
    );
    const raw = text(built.raw);
    expect(raw).toContain('In-Reply-To: <CAF=8Qm+reply.2@mail.example.com>\r\n');
    expect(raw).toContain('References: <root$1@lists.example.org> <CAF=8Qm+reply.2@mail.example.com>\r\n');
  });

  it("a rule's forward says it was sent automatically (RFC 3834), with Heron's mark; a person's message carries neither", async () => {
    const head = (raw: Uint8Array) => text(raw).slice(0, text(raw).indexOf('\r\n\r\n'));
    const forward = head((await buildMessage(draftOf({ autoForwarded: true }), [])).raw);
    expect(forward).toContain('Auto-Submitted: auto-forwarded\r\n');
    expect(forward).toContain('X-Heron-Forwarded: rule\r\n');
    expect(forward).not.toMatch(/^(References|In-Reply-To):/im);
    const own = head((await buildMessage(draftOf({}), [])).raw);
    expect(own).not.toMatch(/^(Auto-Submitted|X-Heron-Forwarded):/im);
  });

  it('encodes non-ASCII names and subjects as encoded words and IDN domains as punycode', async () => {
    const built = await buildMessage(
      draftOf({ from: { name: 'Zoë', address: 'zoe@bücher.example' }, subject: 'Grüße — ok' }),
      [],
    );
    const raw = text(built.raw);
    expect(raw).toContain('From: =?UTF-8?Q?Zo=C3=AB?= <zoe@xn--bcher-kva.example>\r\n');
    expect(raw).toContain('Subject: =?UTF-8?Q?Gr=C3=BC=C3=9Fe_=E2=80=94_ok?=\r\n');
    expect(built.envelope.from).toBe('zoe@xn--bcher-kva.example');
    expect(built.messageId).toMatch(/^[0-9a-f-]+@xn--bcher-kva\.example$/);
    expect(/[^\x00-\x7f]/.test(raw)).toBe(false);
    const parsed = await simpleParser(Buffer.from(built.raw));
    expect(parsed.subject).toBe('Grüße — ok');
  });

  it.each([
    ['subject', { subject: 'Hi\r\nBcc: victim@example.com' }, 'subject'],
    ['subject with a bare LF', { subject: 'Hi\nX: y' }, 'subject'],
    ['a name', { to: [{ name: 'Bob\r\nX-Evil: 1', address: 'bob@example.com' }] }, 'to[0].name'],
    ['an address', { to: [{ name: '', address: 'bob@example.com>\r\nRCPT TO:<evil@example.com' }] }, 'to[0].address'],
    ['an address with a NUL', { cc: [{ name: '', address: 'bob\u0000@example.com' }] }, 'cc[0].address'],
    ['the From address', { from: { name: 'A', address: 'alice@example.com\rDATA' } }, 'from.address'],
    ['a Bcc address with U+2028', { bcc: [{ name: '', address: 'x\u2028@example.com' }] }, 'bcc[0].address'],
    ['In-Reply-To', { inReplyTo: '<a@b>\r\nX: y' }, 'inReplyTo'],
    ['References', { references: ['a@b> <c@d'] }, 'references[0]'],
    ['an attachment name', {
      attachments: [{ id: 'f', filename: 'a.txt\r\nContent-Type: text/html', contentType: 'text/plain', size: 1 }],
    }, 'attachments[0].filename'],
    ['an attachment type', {
      attachments: [{ id: 'f', filename: 'a.txt', contentType: 'text/plain\r\nX: y', size: 1 }],
    }, 'attachments[0].contentType'],
  ] as const)('rejects a line break or control character in %s with EINVALID naming the field', async (_label, overrides, field) => {
    const error = await rejection(buildMessage(draftOf(overrides as Partial<Draft>), [{ id: 'f', bytes: new Uint8Array([65]) }]));
    expect(error.code).toBe('EINVALID');
    expect(error.detail?.field).toBe(field);
  });

  it.each([
    ['no at sign', 'bob.example.com'],
    ['no domain dot', 'bob@localhost'],
    ['space in the local part', 'bo b@example.com'],
    ['double dot', 'bo..b@example.com'],
    ['bad label', 'bob@-example.com'],
    ['angle brackets', '<bob@example.com>'],
  ])('rejects an invalid address (%s)', async (_label, address) => {
    const error = await rejection(buildMessage(draftOf({ to: [{ name: '', address }] }), []));
    expect(error.code).toBe('EINVALID');
    expect(error.detail?.field).toBe('to[0].address');
  });

  it('accepts a non-ASCII local part only when the server offers SMTPUTF8', async () => {
    const draft = draftOf({ to: [{ name: '', address: 'josé@example.com' }] });
    const error = await rejection(buildMessage(draft, []));
    expect(error.message).toContain('SMTPUTF8');
    const built = await buildMessage(draft, [], { smtpUtf8: true });
    expect(built.envelope.to).toEqual(['josé@example.com']);
  });

  it('needs at least one recipient', async () => {
    const error = await rejection(buildMessage(draftOf({ to: [] }), []));
    expect(error.detail?.field).toBe('to');
  });

  it('emits only CRLF line ends and no line over 998 octets, and the body decodes to the original text', async () => {
    const body = ['first', '.', '..', '. leading dot', 'x'.repeat(2000), 'ünïcode', ''].join('\n');
    const built = await buildMessage(draftOf({ text: body }), []);
    const raw = text(built.raw);
    expect(/\r(?!\n)|(?<!\r)\n/.test(raw)).toBe(false);
    expect(Math.max(...raw.split('\r\n').map((l) => l.length))).toBeLessThanOrEqual(998);
    const parsed = await simpleParser(Buffer.from(built.raw));
    expect(parsed.text?.replace(/\r\n/g, '\n')).toBe(body);
  });

  it('carries a bare CR byte for byte (base64) so it never reaches the wire raw', async () => {
    const body = 'before\r.\r\nafter\rCR only';
    const built = await buildMessage(draftOf({ text: body }), []);
    const raw = text(built.raw);
    expect(raw).toContain('Content-Transfer-Encoding: base64');
    expect(/\r(?!\n)/.test(raw)).toBe(false);
    const b64 = raw.slice(raw.indexOf('\r\n\r\n') + 4).replace(/\r\n/g, '');
    expect(Buffer.from(b64, 'base64').toString('utf8')).toBe(body);
  });

  it('sends HTML with a generated plain-text alternative that keeps links and quotes', async () => {
    const html = '<p>See <a href="https://example.com/doc">the doc</a>.</p><blockquote><p>Quoted line</p></blockquote>';
    const built = await buildMessage(draftOf({ html, plainTextMode: false, text: 'stale' }), []);
    const raw = text(built.raw);
    expect(raw).toContain('Content-Type: multipart/alternative;');
    const parsed = await simpleParser(Buffer.from(built.raw));
    expect(parsed.html).toBe(html);
    expect(parsed.text).toContain('the doc [https://example.com/doc]');
    expect(parsed.text).toContain('> Quoted line');
    expect(parsed.text).not.toContain('stale');
  });

  it('plain-text mode ignores the HTML', async () => {
    const built = await buildMessage(draftOf({ html: '<b>x</b>', plainTextMode: true, text: 'plain' }), []);
    const raw = text(built.raw);
    expect(raw).not.toContain('text/html');
    expect(raw).toContain('Content-Type: text/plain; charset=utf-8');
  });

  it('attaches the bytes as base64 with an encoded file name, and refuses missing or resized bytes', async () => {
    const bytes = new Uint8Array([0, 1, 2, 255, 13, 10, 46]);
    const ref = { id: 'att1', filename: 'résumé.bin', contentType: 'application/octet-stream', size: bytes.length };
    const built = await buildMessage(draftOf({ attachments: [ref] }), [{ id: 'att1', bytes }]);
    const parsed = await simpleParser(Buffer.from(built.raw));
    expect(parsed.attachments).toHaveLength(1);
    expect(parsed.attachments[0]?.filename).toBe('résumé.bin');
    expect([...(parsed.attachments[0]?.content ?? [])]).toEqual([...bytes]);

    expect((await rejection(buildMessage(draftOf({ attachments: [ref] }), []))).detail?.field).toBe('attachments[0]');
    const resized = await rejection(buildMessage(draftOf({ attachments: [{ ...ref, size: 3 }] }), [{ id: 'att1', bytes }]));
    expect(resized.message).toContain('changed size');
  });
});

describe('htmlToPlainText', () => {
  it('keeps link targets, hides them when they equal the text, drops images and nested quotes keep their depth', () => {
    const out = htmlToPlainText(
      '<p><a href="https://a.example/">https://a.example/</a> and <a href="mailto:x@example.com">mail</a></p>' +
        '<img src="data:image/png;base64,AAAA" alt="pic"><blockquote>outer<blockquote>inner</blockquote></blockquote>',
    );
    expect(out).toContain('https://a.example/ and mail [x@example.com]');
    expect(out).not.toContain('data:image');
    expect(out).toContain('> outer');
    expect(out).toContain('> > inner');
  });

  it('signature separator "-- " arrives as dash dash SPACE, not dash dash NBSP (the editor writes --&nbsp;)', async () => {
    const html = '<div>Hi</div><div><br></div><div>--&nbsp;</div><div>Alice</div><blockquote><div>--&nbsp;</div><div>Bob</div></blockquote>';
    expect(htmlToPlainText(html)).toBe('Hi\r\n\r\n\r\n-- \r\nAlice\r\n> -- \r\n> Bob');
    // Only the separator line changes: an NBSP the person typed elsewhere stays.
    expect(htmlToPlainText('<p>10&nbsp;€ --&nbsp;x</p><p>--&nbsp;&nbsp;</p>')).toBe('10\u00a0€ --\u00a0x\r\n\r\n--\u00a0\u00a0');
    const built = await buildMessage(draftOf({ html, plainTextMode: false }), []);
    const parsed = await simpleParser(Buffer.from(built.raw));
    expect(parsed.text?.split('\n')).toContain('-- ');
    expect(parsed.text).not.toContain('\u00a0');
  });
});
