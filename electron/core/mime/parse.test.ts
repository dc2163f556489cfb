import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { HeronError } from '../../../shared/ipc/result';
import { snippetOf, type ParseOptions } from './parse';
import { parseAndCompare as parseMessage } from './testing/agree';
import { cleanText } from './words';
import { rng } from '../../../e2e/servers/messages';

const RECEIVED = Date.UTC(2025, 5, 10, 8, 0, 0);
const OPTS: ParseOptions = { receivedAt: RECEIVED, maxMessageBytes: 50 * 1024 * 1024 };
const HEAD = ['From: Alice <alice@example.org>', 'To: bob@example.net', 'Date: Tue, 3 Jun 2025 10:00:00 +0000', 'Message-ID: <m@example.org>', 'MIME-Version: 1.0'];

function crlf(lines: string[]): Buffer {
  return Buffer.from(lines.join('\r\n'), 'utf8');
}

const PNG = Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex');
const PDF = Buffer.from('%PDF-1.4 fake pdf bytes\n', 'latin1');

const RICH = crlf([
  ...HEAD,
  'Subject: =?utf-8?Q?R=C3=A9union?=',
  'Content-Type: multipart/mixed; boundary="outer"',
  '',
  '--outer',
  'Content-Type: multipart/related; boundary="rel"',
  '',
  '--rel',
  'Content-Type: multipart/alternative; boundary="alt"',
  '',
  '--alt',
  'Content-Type: text/plain; charset=iso-8859-1',
  'Content-Transfer-Encoding: quoted-printable',
  '',
  'Bonjour,=0D=0A=0D=0Ala   r=E9union    est =E0 10h.',
  '--alt',
  'Content-Type: text/html; charset=utf-8',
  '',
  '<p>Bonjour, la réunion est à 10h.<img src="cid:logo@x"></p>',
  '--alt--',
  '--rel',
  'Content-Type: image/png',
  'Content-ID: <logo@x>',
  'Content-Disposition: inline; filename="logo.png"',
  'Content-Transfer-Encoding: base64',
  '',
  PNG.toString('base64'),
  '--rel--',
  '--outer',
  'Content-Type: application/pdf; name="=?utf-8?Q?Ordre_du_jour.pdf?="',
  'Content-Disposition: attachment; filename*=utf-8\'\'Ordre%20du%20jour.pdf',
  'Content-Transfer-Encoding: base64',
  '',
  PDF.toString('base64'),
  '--outer--',
  '',
]);

describe('parseMessage', () => {
  it('parses a rich message: meta, bodies, inline image and attachment, exactly', async () => {
    const r = await parseMessage(RICH, OPTS);
    expect(r.meta).toEqual({
      messageId: 'm@example.org',
      inReplyTo: null,
      references: [],
      from: { name: 'Alice', address: 'alice@example.org' },
      to: [{ name: '', address: 'bob@example.net' }],
      cc: [],
      replyTo: [],
      subject: 'Réunion',
      date: Date.UTC(2025, 5, 3, 10, 0, 0),
      size: RICH.length,
      hasAttachments: true,
      snippet: 'Bonjour, la réunion est à 10h.',
    });
    expect(r.body.text).toBe('Bonjour,\n\nla   réunion    est à 10h.');
    expect(r.body.html).toBe('<p>Bonjour, la réunion est à 10h.<img src="cid:logo@x"></p>');
    expect(r.body.warnings).toEqual([]);
    expect(r.attachments.map((a) => a.meta)).toEqual([
      { filename: 'logo.png', contentType: 'image/png', size: PNG.length, contentId: 'logo@x', inline: true, omitted: false },
      { filename: 'Ordre du jour.pdf', contentType: 'application/pdf', size: PDF.length, contentId: null, inline: false, omitted: false },
    ]);
    expect(r.attachments[0]?.content.equals(PNG)).toBe(true);
    expect(r.attachments[1]?.content.equals(PDF)).toBe(true);
  });

  it('gives the same result from a stream as from a buffer', async () => {
    const fromBuffer = await parseMessage(RICH, OPTS);
    const fromStream = await parseMessage(Readable.from([RICH.subarray(0, 7), RICH.subarray(7, 300), RICH.subarray(300)]), OPTS);
    expect(fromStream.meta).toEqual(fromBuffer.meta);
    expect(fromStream.body).toEqual(fromBuffer.body);
    expect(fromStream.attachments.map((a) => a.content.toString('hex'))).toEqual(fromBuffer.attachments.map((a) => a.content.toString('hex')));
  });

  it('only inline images: no paperclip', async () => {
    const raw = crlf([...HEAD, 'Subject: s', 'Content-Type: multipart/related; boundary=b', '', '--b', 'Content-Type: text/html', '', '<img src="cid:i@x">', '--b', 'Content-Type: image/png', 'Content-ID: <i@x>', 'Content-Transfer-Encoding: base64', '', PNG.toString('base64'), '--b--']);
    const r = await parseMessage(raw, OPTS);
    expect(r.meta.hasAttachments).toBe(false);
    expect(r.attachments.map((a) => [a.meta.inline, a.meta.contentId])).toEqual([[true, 'i@x']]);
  });

  describe('size caps', () => {
    it('refuses a buffer over the cap with ETOOBIG before parsing', async () => {
      const err = await parseMessage(RICH, { ...OPTS, maxMessageBytes: 100 }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(HeronError);
      expect((err as HeronError).code).toBe('ETOOBIG');
      expect((err as HeronError).detail).toEqual({ size: RICH.length, limit: 100 });
      expect((err as HeronError).message).toBe('The message is 2 KB, over the 1 KB limit for one message, so it was not downloaded.');
    });

    it('refuses a stream whose announced size is over the cap without reading it', async () => {
      let reads = 0;
      const source = new Readable({ read() { reads += 1; this.push(null); } });
      const err = await parseMessage(source, { ...OPTS, maxMessageBytes: 100, size: 101 }).catch((e: unknown) => e);
      expect((err as HeronError).code).toBe('ETOOBIG');
      expect(reads).toBe(0);
    });

    it('refuses a stream that grows past the cap while reading', async () => {
      const chunks = Array.from({ length: 20 }, () => Buffer.alloc(1024, 0x61));
      const source = Readable.from([crlf([...HEAD, 'Subject: big', '', '']), ...chunks]);
      const err = await parseMessage(source, { ...OPTS, maxMessageBytes: 8 * 1024 }).catch((e: unknown) => e);
      expect((err as HeronError).code).toBe('ETOOBIG');
    });

    it('keeps the meta but drops the content of an attachment over its cap', async () => {
      const big = Buffer.alloc(3000, 7);
      const raw = crlf([...HEAD, 'Subject: s', 'Content-Type: multipart/mixed; boundary=b', '', '--b', 'Content-Type: text/plain', '', 'see attached', '--b', 'Content-Type: application/octet-stream', 'Content-Disposition: attachment; filename=big.bin', 'Content-Transfer-Encoding: base64', '', big.toString('base64'), '--b--']);
      const r = await parseMessage(raw, { ...OPTS, maxAttachmentBytes: 1000 });
      expect(r.attachments.map((a) => a.meta)).toEqual([{ filename: 'big.bin', contentType: 'application/octet-stream', size: 3000, contentId: null, inline: false, omitted: true }]);
      expect(r.attachments[0]?.content.length).toBe(0);
      expect(r.body.warnings).toEqual(['The attachment "big.bin" (3000 bytes) is over the 1000-byte limit and was not kept.']);
    });
  });

  describe('malformed MIME never throws', () => {
    it('returns what it can from an empty input', async () => {
      const r = await parseMessage(Buffer.alloc(0), OPTS);
      expect(r.meta.from).toBeNull();
      expect(r.meta.date).toBe(RECEIVED);
      expect(r.body.text).toBe(null);
      expect(r.attachments).toEqual([]);
    });

    it('decodes broken base64 and broken quoted-printable leniently', async () => {
      const b64 = crlf([...HEAD, 'Subject: s', 'Content-Type: text/plain; charset=utf-8', 'Content-Transfer-Encoding: base64', '', 'SGVsbG8g!!d29y*bGQ', '']);
      expect((await parseMessage(b64, OPTS)).body.text).toBe('Hello world');
      const qp = crlf([...HEAD, 'Subject: s', 'Content-Type: text/plain; charset=utf-8', 'Content-Transfer-Encoding: quoted-printable', '', 'caf=C3=A9 =ZZ bad =', 'end', '']);
      expect((await parseMessage(qp, OPTS)).body.text).toBe('café =ZZ bad end\n');
    });

    it('reads a multipart whose boundary never closes', async () => {
      const raw = crlf([...HEAD, 'Subject: s', 'Content-Type: multipart/mixed; boundary=never', '', '--never', 'Content-Type: text/plain', '', 'still readable', '--never', 'Content-Type: application/pdf', 'Content-Disposition: attachment; filename=cut.pdf', 'Content-Transfer-Encoding: base64', '', PDF.toString('base64')]);
      const r = await parseMessage(raw, OPTS);
      expect(r.body.text).toBe('still readable');
      expect(r.attachments.map((a) => [a.meta.filename, a.content.equals(PDF)])).toEqual([['cut.pdf', true]]);
    });

    function nested(depth: number): Buffer {
      const lines = [...HEAD, 'Subject: deep', 'Content-Type: multipart/mixed; boundary=b0', ''];
      for (let i = 1; i <= depth; i++) lines.push(`--b${i - 1}`, `Content-Type: multipart/mixed; boundary=b${i}`, '');
      lines.push(`--b${depth}`, 'Content-Type: text/plain', '', 'bottom');
      for (let i = depth; i >= 0; i--) lines.push(`--b${i}--`);
      return crlf(lines);
    }

    it('reads through 1,000-deep multipart nesting', async () => {
      const r = await parseMessage(nested(1000), OPTS);
      expect(r.meta.subject).toBe('deep');
      expect(r.body.text).toBe('bottom');
      expect(r.body.warnings).toEqual([]);
    });

    it('gives up on 3,000-deep nesting with a warning, keeping the headers', async () => {
      const r = await parseMessage(nested(3000), OPTS);
      expect(r.meta.subject).toBe('deep');
      expect(r.meta.from?.address).toBe('alice@example.org');
      expect(r.body.warnings).toEqual(['The message structure is damaged (Max allowed child nodes exceeded); what could be read is shown.']);
    });

    it('survives a 1 MB header line', async () => {
      const raw = crlf([...HEAD, `Subject: ${'x'.repeat(1024 * 1024)}`, 'Content-Type: text/plain', '', 'body text']);
      const r = await parseMessage(raw, OPTS);
      expect(r.meta.from?.address).toBe('alice@example.org');
      expect(r.meta.subject.length).toBe(2001);
      expect(r.body.warnings).toContain('The subject header is longer than 65536 bytes; only the first 65536 were read.');
    });

    it('strips NUL bytes from bodies', async () => {
      const raw = crlf([...HEAD, 'Subject: s', 'Content-Type: text/plain', '', 'a\u0000b\u0000c']);
      const r = await parseMessage(raw, OPTS);
      expect(r.body.text).toBe('abc');
      expect(r.meta.snippet).toBe('abc');
    });

    it('warns about a body in an unknown charset', async () => {
      const raw = crlf([...HEAD, 'Subject: s', 'Content-Type: text/plain; charset=x-martian', '', 'hello']);
      const r = await parseMessage(raw, OPTS);
      expect(r.body.text).toBe('hello');
      expect(r.body.warnings).toEqual(['Unknown character set "x-martian": the text may show wrong characters.']);
    });
  });

  it.each([
    ['ISO-8859-1', 'iso-8859-1', Buffer.from('Grüße', 'latin1'), 'Grüße'],
    ['Windows-1252', 'windows-1252', Buffer.from([0x93, 0x6f, 0x6b, 0x94, 0x20, 0x80]), '“ok” €'],
    ['KOI8-R', 'koi8-r', Buffer.from([0xf0, 0xd2, 0xc9, 0xd7, 0xc5, 0xd4]), 'Привет'],
    ['GB18030', 'gb18030', Buffer.from('d6d0cec4', 'hex'), '中文'],
    ['ISO-2022-JP', 'iso-2022-jp', Buffer.from('1b2442254625392548 1b2842'.replace(' ', ''), 'hex'), 'テスト'],
  ])('decodes a %s body', async (_name, charset, bytes, expected) => {
    const raw = Buffer.concat([crlf([...HEAD, 'Subject: s', `Content-Type: text/plain; charset=${charset}`, '', '']), bytes]);
    const r = await parseMessage(raw, OPTS);
    expect(r.body.text).toBe(expected);
    expect(r.body.warnings).toEqual([]);
  });

  it('makes a snippet from the HTML when there is no text part', async () => {
    const raw = crlf([...HEAD, 'Subject: s', 'Content-Type: text/html', '', '<html><body><h1>Hi</h1><p>there   <b>you</b></p><script>x()</script></body></html>']);
    const r = await parseMessage(raw, OPTS);
    expect(r.body.html).toContain('<h1>Hi</h1>');
    expect(r.meta.snippet).toBe('Hi there you');
  });

  it('HTML-only mail inside multipart/related has its text too (the preview line, the quote of a reply)', async () => {
    const raw = crlf([
      ...HEAD,
      'Subject: s',
      'Content-Type: multipart/mixed; boundary="m"',
      '',
      '--m',
      'Content-Type: multipart/related; boundary="r"',
      '',
      '--r',
      'Content-Type: text/html; charset=utf-8',
      '',
      '<p>The report is <b>attached</b>. <img src="cid:logo@x"></p>',
      '--r',
      'Content-Type: image/png',
      'Content-ID: <logo@x>',
      'Content-Transfer-Encoding: base64',
      '',
      'iVBORw0KGgo=',
      '--r--',
      '--m--',
    ]);
    const r = await parseMessage(raw, OPTS);
    expect(r.body.text).toBe('The report is attached.');
    expect(r.meta.snippet).toBe('The report is attached.');
  });

  it('an empty text part beside HTML gives way to the HTML\'s text', async () => {
    const raw = crlf([...HEAD, 'Subject: s', 'Content-Type: multipart/alternative; boundary="a"', '', '--a', 'Content-Type: text/plain', '', '', '--a', 'Content-Type: text/html', '', '<p>Only here</p>', '--a--']);
    expect((await parseMessage(raw, OPTS)).body.text).toBe('Only here');
  });

  it('stops with EABORTED when the signal fires', async () => {
    const controller = new AbortController();
    const source = new Readable({ read() {} });
    source.push(crlf([...HEAD, 'Subject: s', '', 'partial']));
    const pending = parseMessage(source, { ...OPTS, signal: controller.signal });
    controller.abort();
    const err = await pending.catch((e: unknown) => e);
    expect((err as HeronError).code).toBe('EABORTED');
  });
});

describe('snippetOf', () => {
  it('collapses whitespace and cuts at 200 characters', () => {
    expect(snippetOf('  a\n\n b\t c  ')).toBe('a b c');
    const long = 'word '.repeat(100);
    const s = snippetOf(long);
    expect(s.endsWith('…')).toBe(true);
    expect(Array.from(s).length).toBe(200);
  });

  it('counts characters, not UTF-16 units (no split emoji)', () => {
    const s = snippetOf('😀'.repeat(300));
    expect(s).toBe(`${'😀'.repeat(200)}…`);
  });

  it('reading a short head first gives what reading the whole first 3,200 characters gives', () => {
    // The plain definition: collapse the first 3,200 characters, keep 200 code points.
    const reference = (text: string) => {
      const collapsed = cleanText(text.slice(0, 3200)).replace(/\s+/g, ' ').trim();
      const chars = Array.from(collapsed);
      return chars.length > 200 ? `${chars.slice(0, 200).join('').trimEnd()}…` : collapsed;
    };
    const pieces = ['a', 'word ', ' ', '\n\n', '\t', '😀', '\ud83d', '\u0001', '\u00a0', 'é', '\r\n', '日本'];
    const random = rng(99);
    for (let i = 0; i < 3000; i += 1) {
      const length = Math.floor(random() * 900);
      let text = '';
      const weights = pieces.map(() => random());
      while (text.length < length) {
        let pick = random() * weights.reduce((a, b) => a + b, 0);
        const at = weights.findIndex((w) => (pick -= w) < 0);
        text += pieces[at < 0 ? 0 : at];
      }
      expect(snippetOf(text), JSON.stringify(text)).toBe(reference(text));
    }
  });
});
