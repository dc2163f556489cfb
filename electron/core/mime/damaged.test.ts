/**
 * Damaged and huge mail still shows its text, with a warning that names the damage; and only
 * real charset parameters (of a part's Content-Type) raise the unknown-charset warning.
 */
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import type { ParseOptions } from './parse';
import { parseAndCompare as parseMessage } from './testing/agree';

const RECEIVED = Date.UTC(2025, 5, 10, 8, 0, 0);
const OPTS: ParseOptions = { receivedAt: RECEIVED, maxMessageBytes: 50 * 1024 * 1024 };
const HEAD = ['From: Alice <alice@example.org>', 'To: bob@example.net', 'Subject: s', 'Date: Tue, 3 Jun 2025 10:00:00 +0000', 'MIME-Version: 1.0'];
const PNG = Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex');

function crlf(lines: string[]): Buffer {
  return Buffer.from(lines.join('\r\n'), 'utf8');
}

describe('damaged structure: the text is shown, with a warning naming the damage', () => {
  it('multipart without a boundary parameter: the parts are found at the first delimiter line', async () => {
    const raw = crlf([...HEAD, 'Content-Type: multipart/mixed', '', '--foo', 'Content-Type: text/plain; charset=utf-8', '', 'Hello from a part', '--foo', 'Content-Type: application/pdf', 'Content-Disposition: attachment; filename=a.pdf', '', '%PDF', '--foo--', '']);
    const r = await parseMessage(raw, OPTS);
    expect(r.body.text).toBe('Hello from a part');
    expect(r.attachments.map((a) => a.meta.filename)).toEqual(['a.pdf']);
    expect(r.body.warnings).toEqual(['The message says it has several parts but declares no boundary between them; they were found at the line "--foo".']);
  });

  it('multipart without a boundary and no delimiter: the whole body is shown as plain text', async () => {
    const raw = crlf([...HEAD, 'Content-Type: multipart/alternative', '', 'Just some text', 'on two lines', '']);
    const r = await parseMessage(raw, OPTS);
    expect(r.body.text).toBe('Just some text\non two lines\n');
    expect(r.body.warnings).toEqual(['The message says it has several parts but declares no boundary between them; its body is shown as plain text.']);
  });

  it('multipart whose declared boundary differs from the one used: the parts are read at the one used', async () => {
    const raw = crlf([...HEAD, 'Content-Type: multipart/alternative; boundary="declared"', '', '--used', 'Content-Type: text/plain; charset=utf-8', '', 'Plain version', '--used', 'Content-Type: text/html; charset=utf-8', '', '<p>HTML version</p>', '--used--', '']);
    const r = await parseMessage(raw, OPTS);
    expect(r.body.text).toBe('Plain version');
    expect(r.body.html).toBe('<p>HTML version</p>');
    expect(r.body.warnings).toEqual(['The boundary the message declares between its parts ("declared") never appears; they were found at the line "--used".']);
  });

  it('multipart whose declared boundary never appears and no other delimiter: the body is shown as plain text', async () => {
    const raw = crlf([...HEAD, 'Content-Type: multipart/mixed; boundary="gone"', '', 'The text of a message', 'whose parts are missing', '']);
    const r = await parseMessage(raw, OPTS);
    expect(r.body.text).toBe('The text of a message\nwhose parts are missing\n');
    expect(r.body.warnings).toEqual(['The boundary the message declares between its parts ("gone") never appears; its body is shown as plain text.']);
  });

  it('a nested multipart with a mismatched boundary is repaired too', async () => {
    const raw = crlf([...HEAD, 'Content-Type: multipart/mixed; boundary=outer', '', '--outer', 'Content-Type: multipart/alternative; boundary=inner', '', '--wrong', 'Content-Type: text/plain', '', 'Nested text', '--wrong--', '--outer', 'Content-Type: image/png', 'Content-Disposition: attachment; filename=p.png', 'Content-Transfer-Encoding: base64', '', PNG.toString('base64'), '--outer--', '']);
    const r = await parseMessage(raw, OPTS);
    expect(r.body.text).toBe('Nested text');
    expect(r.attachments.map((a) => [a.meta.filename, a.content.equals(PNG)])).toEqual([['p.png', true]]);
    expect(r.body.warnings).toEqual(['The boundary the message declares between its parts ("inner") never appears; they were found at the line "--wrong".']);
  });

  it('a part without a blank line after its headers: the lines after the headers are its text', async () => {
    const raw = crlf([...HEAD, 'Content-Type: multipart/mixed; boundary=b', '', '--b', 'Content-Type: text/plain; charset=utf-8', 'Hello there,', 'the second line.', '--b--', '']);
    const r = await parseMessage(raw, OPTS);
    expect(r.body.text).toBe('Hello there,\nthe second line.');
    expect(r.body.warnings).toEqual(['A part of the message has no blank line after its headers; the lines after them were read as its text.']);
  });

  it('a part with no headers and no blank line: its lines are its text', async () => {
    const raw = crlf([...HEAD, 'Content-Type: multipart/mixed; boundary=b', '', '--b', 'Hello without headers', '--b--', '']);
    const r = await parseMessage(raw, OPTS);
    expect(r.body.text).toBe('Hello without headers');
    expect(r.body.warnings).toEqual(['A part of the message has no blank line after its headers; the lines after them were read as its text.']);
  });

  it('Content-Type "text" without a subtype is read as plain text (top level and in a part)', async () => {
    const top = crlf([...HEAD, 'Content-Type: text; charset=utf-8', '', 'Caf\u00e9 without subtype', '']);
    const r = await parseMessage(top, OPTS);
    expect(r.body.text).toBe('Café without subtype\n');
    expect(r.attachments).toEqual([]);
    expect(r.body.warnings).toEqual(['The content type "text" has no subtype; it was read as plain text.']);

    const part = crlf([...HEAD, 'Content-Type: multipart/mixed; boundary=b', '', '--b', 'Content-Type: text', '', 'In a part', '--b--', '']);
    const p = await parseMessage(part, OPTS);
    expect(p.body.text).toBe('In a part');
    expect(p.body.warnings).toEqual(['The content type "text" has no subtype; it was read as plain text.']);
  });
});

describe('the repair streams', () => {
  const damaged = crlf([...HEAD, 'Content-Type: multipart/mixed', '', '--foo', 'Content-Type: text', 'Hello in pieces', '--foo--', '']);

  it('gives the same result whatever the chunks, even a byte at a time', async () => {
    const whole = await parseMessage(damaged, OPTS);
    expect(whole.body.text).toBe('Hello in pieces');
    expect(whole.body.warnings).toEqual([
      'The message says it has several parts but declares no boundary between them; they were found at the line "--foo".',
      'A part of the message has no blank line after its headers; the lines after them were read as its text.',
      'The content type "text" has no subtype; it was read as plain text.',
    ]);
    for (const size of [1, 2, 7]) {
      const pieces: Buffer[] = [];
      for (let i = 0; i < damaged.length; i += size) pieces.push(damaged.subarray(i, i + size));
      const streamed = await parseMessage(Readable.from(pieces), OPTS);
      expect(streamed.body).toEqual(whole.body);
    }
  });

  it('reads a valid multipart whose declared boundary comes after a preamble longer than its lookahead', async () => {
    const preamble = Array.from({ length: 30_000 }, (_, i) => `preamble line ${i} with some words in it`);
    const raw = crlf([...HEAD, 'Content-Type: multipart/mixed; boundary=late', '', ...preamble, '--late', 'Content-Type: text/plain', '', 'After a long preamble', '--late--', '']);
    const r = await parseMessage(raw, OPTS);
    expect(r.body.text).toBe('After a long preamble');
    expect(r.body.warnings).toEqual([]);
  });
});

describe('unknown-charset warnings come only from real charset parameters', () => {
  it('no warning for charset=3D"utf-8" in a quoted-printable meta tag, nor for a spam header R_MISSING_CHARSET=2.5', async () => {
    const raw = crlf([
      ...HEAD,
      'X-Spam-Report: R_MISSING_CHARSET=2.5, HTML_MESSAGE=0.001',
      'X-Note: charset=bogus-in-a-header',
      'Content-Type: multipart/alternative; boundary=b',
      '',
      'preamble mentioning charset=preamble-junk',
      '--b',
      'Content-Type: text/plain; charset=utf-8',
      '',
      'Text that says charset=not-a-charset',
      '--b',
      'Content-Type: text/html; charset=utf-8',
      'Content-Transfer-Encoding: quoted-printable',
      '',
      '<html><head><meta http-equiv=3D"Content-Type" content=3D"text/html; charset=3D"utf-8"></head><body>Hi</body></html>',
      '--b--',
      '',
    ]);
    const r = await parseMessage(raw, OPTS);
    expect(r.body.text).toBe('Text that says charset=not-a-charset');
    expect(r.body.warnings).toEqual([]);
  });

  it('still warns for an unknown charset parameter of a part, folded and quoted', async () => {
    const raw = crlf([...HEAD, 'Content-Type: multipart/mixed; boundary=b', '', '--b', 'Content-Type: text/plain;', '\tcharset="x-martian"', '', 'hello', '--b--', '']);
    const r = await parseMessage(raw, OPTS);
    expect(r.body.text).toBe('hello');
    expect(r.body.warnings).toEqual(['Unknown character set "x-martian": the text may show wrong characters.']);
  });
});

describe('huge HTML', () => {
  it('a single-part text/html message over 2 MiB is readable: its HTML is kept and its text derived', async () => {
    const para = '<p>Paragraph with some words in it.</p>\r\n';
    const html = `<html><body>${para.repeat(Math.ceil((3 * 1024 * 1024) / para.length))}<p>The very end.</p></body></html>`;
    const raw = Buffer.concat([crlf([...HEAD, 'Content-Type: text/html; charset=utf-8', '', '']), Buffer.from(html)]);
    const r = await parseMessage(raw, OPTS);
    // mailparser gives the text with LF line ends.
    expect(r.body.html).toBe(html.replace(/\r\n/g, '\n'));
    expect(r.body.html?.endsWith('<p>The very end.</p></body></html>')).toBe(true);
    expect(r.body.text?.startsWith('Paragraph with some words in it.\n\nParagraph')).toBe(true);
    expect(r.body.text).not.toContain('Invalid HTML');
    expect(r.meta.snippet.startsWith('Paragraph with some words in it. Paragraph')).toBe(true);
    expect(r.body.warnings).toEqual([]);
  });
});

describe('inline images', () => {
  const related = (html: string) =>
    crlf([...HEAD, 'Content-Type: multipart/related; boundary=b', '', '--b', 'Content-Type: text/html', '', html, '--b', 'Content-Type: image/png', 'Content-ID: <pic@x>', 'Content-Disposition: inline; filename=pic.png', 'Content-Transfer-Encoding: base64', '', PNG.toString('base64'), '--b--', '']);

  it('an inline image the HTML shows is not an attachment', async () => {
    const r = await parseMessage(related('<p>look <img src="CID:pic%40x"></p>'), OPTS);
    expect(r.attachments.map((a) => a.meta.inline)).toEqual([true]);
    expect(r.meta.hasAttachments).toBe(false);
  });

  it('an inline image the HTML does not reference is an attachment, so it is not hidden', async () => {
    const r = await parseMessage(related('<p>no picture here</p>'), OPTS);
    expect(r.attachments.map((a) => [a.meta.filename, a.meta.inline])).toEqual([['pic.png', false]]);
    expect(r.meta.hasAttachments).toBe(true);
  });

  it('a referenced image outside multipart/related is shown inline, not listed', async () => {
    const raw = crlf([...HEAD, 'Content-Type: multipart/mixed; boundary=b', '', '--b', 'Content-Type: text/html', '', '<img src="cid:pic@x">', '--b', 'Content-Type: image/png', 'Content-ID: <pic@x>', 'Content-Transfer-Encoding: base64', '', PNG.toString('base64'), '--b--', '']);
    const r = await parseMessage(raw, OPTS);
    expect(r.attachments.map((a) => a.meta.inline)).toEqual([true]);
  });
});

describe('dates without a zone', () => {
  it('reads a Date without a zone as UTC, with a warning', async () => {
    const raw = crlf(['From: a@b.example', 'Subject: s', 'Date: Tue, 3 Jun 2025 10:00:00', '', 'hi']);
    const r = await parseMessage(raw, OPTS);
    expect(r.meta.date).toBe(Date.UTC(2025, 5, 3, 10, 0, 0));
    expect(r.body.warnings).toEqual(['The Date header "Tue, 3 Jun 2025 10:00:00" has no time zone; it was read as UTC.']);
  });

  it('reads an ISO date without a zone as UTC whatever the local zone, with a warning', async () => {
    const before = process.env.TZ;
    process.env.TZ = 'America/New_York';
    try {
      const raw = crlf(['From: a@b.example', 'Subject: s', 'Date: 2025-06-03T10:00:00', '', 'hi']);
      const r = await parseMessage(raw, OPTS);
      expect(r.meta.date).toBe(Date.UTC(2025, 5, 3, 10, 0, 0));
      expect(r.body.warnings).toEqual(['The Date header "2025-06-03T10:00:00" has no time zone; it was read as UTC.']);
    } finally {
      if (before === undefined) delete process.env.TZ;
      else process.env.TZ = before;
    }
  });
});
