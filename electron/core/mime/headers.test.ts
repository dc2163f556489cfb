import { describe, expect, it } from 'vitest';
import { findHeaderEnd, parseHeaders } from './headers';

const RECEIVED = Date.UTC(2025, 5, 10, 8, 0, 0);

function msg(headers: string[], body = 'Hello', eol = '\r\n'): Buffer {
  return Buffer.from([...headers, '', body].join(eol), 'latin1');
}
function parse(headers: string[], body?: string) {
  return parseHeaders(msg(headers, body), { receivedAt: RECEIVED });
}

describe('parseHeaders', () => {
  it('reads the fields the message list needs, exactly', () => {
    const raw = msg([
      'Return-Path: <alice@example.org>',
      'From: Alice Example <alice@example.org>',
      'To: Bob <bob@example.net>, carol@example.net',
      'Cc: "Dave, Jr." <dave@example.com>',
      'Reply-To: lists@example.org',
      'Subject: Lunch on',
      '\tThursday?',
      'Date: Tue, 3 Jun 2025 10:00:00 +0200',
      'Message-ID: <m1@example.org>',
      'In-Reply-To: <m0@example.org>',
      'References: <root@example.org>',
      ' <m0@example.org>',
      'Content-Type: text/plain; charset=utf-8',
    ]);
    expect(parseHeaders(raw, { receivedAt: RECEIVED })).toEqual({
      meta: {
        messageId: 'm1@example.org',
        inReplyTo: 'm0@example.org',
        references: ['root@example.org', 'm0@example.org'],
        from: { name: 'Alice Example', address: 'alice@example.org' },
        to: [
          { name: 'Bob', address: 'bob@example.net' },
          { name: '', address: 'carol@example.net' },
        ],
        cc: [{ name: 'Dave, Jr.', address: 'dave@example.com' }],
        replyTo: [{ name: '', address: 'lists@example.org' }],
        subject: 'Lunch on Thursday?',
        date: Date.UTC(2025, 5, 3, 8, 0, 0),
        size: raw.length,
        hasAttachments: false,
      },
      contentType: 'text/plain',
      warnings: [],
    });
  });

  it.each([
    ['ISO-2022-JP', '=?ISO-2022-JP?B?GyRCJUYlOSVIGyhC?=', 'テスト'],
    ['GB18030', '=?GB18030?B?1tDOxA==?=', '中文'],
    ['KOI8-R', '=?koi8-r?Q?=F0=D2=C9=D7=C5=D4?=', 'Привет'],
    ['ISO-8859-1', '=?iso-8859-1?q?caf=E9_cr=E8me?=', 'café crème'],
    ['Windows-1252 (euro sign, curly quotes)', '=?windows-1252?Q?=80_5_=93ok=94?=', '€ 5 “ok”'],
    ['ISO-8859-1 label with a 0x80–0x9F byte (read as Windows-1252, as browsers do)', '=?iso-8859-1?Q?=85?=', '…'],
    ['UTF-8 split across two words', '=?utf-8?B?w6k=?= =?utf-8?B?w6g=?=', 'éè'],
    ['a multi-byte character split between words', '=?utf-8?Q?=E2=82?= =?utf-8?Q?=AC?=', '€'],
    ['an RFC 2231 language tag', '=?utf-8*fr?Q?=C3=A9t=C3=A9?=', 'été'],
    ['a word glued to plain text', 'Re:=?utf-8?Q?caf=C3=A9?=!', 'Re:café!'],
    ['broken base64 inside a word', '=?utf-8?B?w6l*!?=', 'é'],
  ])('decodes encoded words: %s', (_name, value, expected) => {
    const r = parse([`Subject: ${value}`, 'From: a@b.example', 'Date: Tue, 3 Jun 2025 10:00:00 +0000']);
    expect(r.meta.subject).toBe(expected);
    expect(r.warnings).toEqual([]);
  });

  it('falls back to Windows-1252 for an unknown charset and says so', () => {
    const r = parse(['Subject: =?x-klingon?Q?caf=E9?=', 'From: a@b.example', 'Date: Tue, 3 Jun 2025 10:00:00 +0000']);
    expect(r.meta.subject).toBe('café');
    expect(r.warnings).toEqual(['Unknown character set "x-klingon": shown as Windows-1252.']);
  });

  it('reads raw 8-bit headers as UTF-8 when valid, else as Windows-1252', () => {
    const utf8 = Buffer.concat([Buffer.from('From: a@b.example\r\nSubject: '), Buffer.from('Grüße', 'utf8'), Buffer.from('\r\n\r\nx')]);
    expect(parseHeaders(utf8, { receivedAt: RECEIVED }).meta.subject).toBe('Grüße');
    const latin = Buffer.concat([Buffer.from('From: a@b.example\r\nSubject: '), Buffer.from('Grüße', 'latin1'), Buffer.from('\r\n\r\nx')]);
    expect(parseHeaders(latin, { receivedAt: RECEIVED }).meta.subject).toBe('Grüße');
  });

  it('keeps a display name that hides a different address, and punycode domains, exactly', () => {
    const r = parse([
      'From: "support@paypal.com" <collect@evil.example>',
      'To: =?utf-8?Q?security=40bank.example?= <x@xn--80ak6aa92e.com>, paypal.com <y@evil.example>',
      'Date: Tue, 3 Jun 2025 10:00:00 +0000',
    ]);
    expect(r.meta.from).toEqual({ name: 'support@paypal.com', address: 'collect@evil.example' });
    expect(r.meta.to).toEqual([
      { name: 'security@bank.example', address: 'x@xn--80ak6aa92e.com' },
      { name: 'paypal.com', address: 'y@evil.example' },
    ]);
  });

  it('does not split a name on a comma hidden in an encoded word', () => {
    const r = parse(['From: =?utf-8?Q?Doe=2C_John?= <john@example.org>', 'Date: Tue, 3 Jun 2025 10:00:00 +0000']);
    expect(r.meta.from).toEqual({ name: 'Doe, John', address: 'john@example.org' });
  });

  it('flattens groups', () => {
    const r = parse(['From: a@b.example', 'To: Team: x@y.example, z@y.example;, w@v.example', 'Date: Tue, 3 Jun 2025 10:00:00 +0000']);
    expect(r.meta.to.map((a) => a.address)).toEqual(['x@y.example', 'z@y.example', 'w@v.example']);
  });

  describe('dates', () => {
    it.each([
      ['RFC 5322', 'Tue, 3 Jun 2025 10:00:00 +0200', Date.UTC(2025, 5, 3, 8, 0, 0)],
      ['no weekday, comment zone', '3 Jun 2025 10:00:00 -0000 (UTC)', Date.UTC(2025, 5, 3, 10, 0, 0)],
      ['no seconds', 'Tue, 03 Jun 2025 10:00 +0000', Date.UTC(2025, 5, 3, 10, 0, 0)],
      ['two-digit year', 'Tue, 3 Jun 25 10:00:00 +0000', Date.UTC(2025, 5, 3, 10, 0, 0)],
      ['obsolete named zone', 'Tue, 3 Jun 2025 10:00:00 EST', Date.UTC(2025, 5, 3, 15, 0, 0)],
      ['full month name and GMT+offset', 'Tuesday, 3 June 2025 10:00:00 GMT+0100', Date.UTC(2025, 5, 3, 9, 0, 0)],
      ['zone with a colon', 'Tue, 3 Jun 2025 10:00:00 +05:30', Date.UTC(2025, 5, 3, 4, 30, 0)],
      ['ISO 8601', '2025-06-03T10:00:00Z', Date.UTC(2025, 5, 3, 10, 0, 0)],
    ])('reads %s', (_name, value, expected) => {
      const r = parse(['From: a@b.example', `Date: ${value}`]);
      expect(r.meta.date).toBe(expected);
      expect(r.warnings).toEqual([]);
    });

    it.each([
      ['RFC 5322 shape', 'Tue, 3 Jun 2025 10:00:00'],
      ['ISO 8601', '2025-06-03T10:00:00'],
      ['ISO 8601 with a space', '2025-06-03 10:00:00'],
    ])('reads a date without a zone (%s) as UTC, with a warning', (_name, value) => {
      const r = parse(['From: a@b.example', `Date: ${value}`]);
      expect(r.meta.date).toBe(Date.UTC(2025, 5, 3, 10, 0, 0));
      expect(r.warnings).toEqual([`The Date header "${value}" has no time zone; it was read as UTC.`]);
    });

    it.each([
      ['garbage', 'Date: yesterday-ish', 'The Date header "yesterday-ish" could not be read: the time it arrived is shown.'],
      ['a date far in the future', 'Date: Tue, 3 Jun 2099 10:00:00 +0000', 'The Date header "Tue, 3 Jun 2099 10:00:00 +0000" could not be read: the time it arrived is shown.'],
      ['an impossible month', 'Date: 3 Foo 2025 10:00:00 +0000', 'The Date header "3 Foo 2025 10:00:00 +0000" could not be read: the time it arrived is shown.'],
    ])('falls back to receivedAt for %s', (_name, header, warning) => {
      const r = parse(['From: a@b.example', header]);
      expect(r.meta.date).toBe(RECEIVED);
      expect(r.warnings).toEqual([warning]);
    });

    it('falls back to receivedAt when Date is missing', () => {
      const r = parse(['From: a@b.example']);
      expect(r.meta.date).toBe(RECEIVED);
      expect(r.warnings).toEqual(['The message has no Date header: the time it arrived is shown.']);
    });
  });

  it('survives a message with no headers at all', () => {
    const r = parseHeaders(Buffer.from('\r\njust a body'), { receivedAt: RECEIVED });
    expect(r.meta).toMatchObject({ from: null, to: [], subject: '', messageId: null, references: [], date: RECEIVED });
    expect(r.warnings).toEqual(['The message has no readable sender (From).', 'The message has no Date header: the time it arrived is shown.']);
  });

  it('survives an empty input', () => {
    const r = parseHeaders(Buffer.alloc(0), { receivedAt: RECEIVED });
    expect(r.meta.from).toBeNull();
    expect(r.meta.size).toBe(0);
  });

  it('ignores garbled lines with a warning and keeps the good ones', () => {
    const r = parse(['From: a@b.example', 'this is not a header', ': empty name', 'Bad Name: x', 'Subject: ok', 'Date: Tue, 3 Jun 2025 10:00:00 +0000']);
    expect(r.meta.subject).toBe('ok');
    expect(r.warnings).toEqual(['3 header lines were not of the form "Name: value" and were ignored.']);
  });

  it('caps a 1 MB header line, quickly, with a warning', () => {
    const huge = 'A'.repeat(1024 * 1024);
    const started = performance.now();
    const r = parse(['From: a@b.example', `Subject: ${huge}`, 'Date: Tue, 3 Jun 2025 10:00:00 +0000', `X-Junk: ${huge.slice(0, 512 * 1024)}`]);
    expect(performance.now() - started).toBeLessThan(2000); // a hang guard, not a speed goal
    expect(r.meta.subject.length).toBe(2001);
    expect(r.meta.subject.endsWith('…')).toBe(true);
    expect(r.warnings).toEqual(['The subject header is longer than 65536 bytes; only the first 65536 were read.']);
  });

  it('strips NUL and control characters from display strings', () => {
    const r = parse(['From: "Ev\u0000il\u0007" <a@b.example>', 'Subject: a\u0000b\u001bc', 'Date: Tue, 3 Jun 2025 10:00:00 +0000']);
    expect(r.meta.subject).toBe('abc');
    expect(r.meta.from).toEqual({ name: 'Evil', address: 'a@b.example' });
  });

  it('skips an mbox "From " line and reads LF-only messages', () => {
    const raw = msg(['From alice@example.org Tue Jun  3 10:00:00 2025', 'From: alice@example.org', 'Subject: lf', 'Date: Tue, 3 Jun 2025 10:00:00 +0000'], 'body', '\n');
    const r = parseHeaders(raw, { receivedAt: RECEIVED });
    expect(r.meta.subject).toBe('lf');
    expect(r.meta.from?.address).toBe('alice@example.org');
    expect(r.warnings).toEqual([]);
  });

  it('reads a headers-only download (TOP 0) that has no blank line', () => {
    const r = parseHeaders(Buffer.from('From: a@b.example\r\nSubject: top\r\n'), { receivedAt: RECEIVED, size: 123_456 });
    expect(r.meta.subject).toBe('top');
    expect(r.meta.size).toBe(123_456);
  });

  it.each([
    ['multipart/mixed; boundary=x', true],
    ['multipart/alternative; boundary=x', false],
    ['multipart/related; boundary=x', false],
    ['text/html; charset=utf-8', false],
    ['application/pdf; name=a.pdf', true],
    ['not a type', false],
  ])('guesses the attachment mark from Content-Type %s', (type, expected) => {
    expect(parse(['From: a@b.example', `Content-Type: ${type}`]).meta.hasAttachments).toBe(expected);
  });

  it('keeps the thread root and the last 99 of a long References chain', () => {
    const ids = Array.from({ length: 150 }, (_, i) => `<r${i}@x.example>`);
    const r = parse(['From: a@b.example', `References: ${ids.join(' ')}`]);
    expect(r.meta.references).toHaveLength(100);
    expect(r.meta.references[0]).toBe('r0@x.example');
    expect(r.meta.references[1]).toBe('r51@x.example');
    expect(r.meta.references[99]).toBe('r149@x.example');
  });

  it('accepts a Message-ID without angle brackets', () => {
    expect(parse(['From: a@b.example', 'Message-ID: bare-id@example.org']).meta.messageId).toBe('bare-id@example.org');
  });

  it('stores every msg-id in one form, the one compose writes back: provider punctuation kept, folding and brackets gone', () => {
    const r = parse([
      'From: a@b.example',
      'Message-ID: <CAF=8Qm+reply.2@mail.example.com>',
      'In-Reply-To: <CAF=8Qm+root_1@mail.example.com> (sent from a phone)',
      'References: <older.start@lists.example.org>',
      '	<CAF=8Qm+root_1@mail.example.com>,<no-at-sign.1234>',
    ]);
    expect(r.meta.messageId).toBe('CAF=8Qm+reply.2@mail.example.com');
    expect(r.meta.inReplyTo).toBe('CAF=8Qm+root_1@mail.example.com');
    expect(r.meta.references).toEqual(['older.start@lists.example.org', 'CAF=8Qm+root_1@mail.example.com', 'no-at-sign.1234']);
  });

  it('leaves out what cannot be a msg-id: white space inside, an empty pair, non-ASCII', () => {
    const r = parse(['From: a@b.example', 'Message-ID: <a b@x.example>', 'References: <> <ok@x.example> <ü@x.example>']);
    expect(r.meta.messageId).toBeNull();
    expect(r.meta.references).toEqual(['ok@x.example']);
  });
});

describe('findHeaderEnd', () => {
  it.each([
    ['CRLF', 'A: 1\r\nB: 2\r\n\r\nbody', { headerLength: 10, bodyStart: 14, complete: true }],
    ['LF', 'A: 1\nB: 2\n\nbody', { headerLength: 9, bodyStart: 11, complete: true }],
    ['no headers', '\r\nbody', { headerLength: 0, bodyStart: 2, complete: true }],
    ['no blank line', 'A: 1\r\n', { headerLength: 6, bodyStart: 6, complete: true }],
  ])('%s', (_name, text, expected) => {
    expect(findHeaderEnd(Buffer.from(text))).toEqual(expected);
  });
});
