/**
 * Mail that is damaged, huge or tricky in the ways real mail is, for the damaged-mail spec and the
 * open benchmark: each message with the text the reader must show and the exact warnings.
 */
import { PIXEL_PNG } from './get-mail-support';

export interface DamagedMail {
  readonly subject: string;
  readonly bytes: Buffer;
  /** Text the reader's frame must show. */
  readonly shows: string;
  /** The reader's warnings, exactly (empty: no warning list at all). */
  readonly warnings: readonly string[];
}

const crlf = (lines: readonly string[]): Buffer => Buffer.from(lines.join('\r\n'), 'utf8');

function head(subject: string, id: string, contentType: string, date = 'Tue, 10 Mar 2026 09:00:00 +0000'): string[] {
  return [`From: Sender <sender@damaged.example>`, 'To: reader@test.domain', `Subject: ${subject}`, `Date: ${date}`, `Message-ID: <${id}@damaged.example>`, 'MIME-Version: 1.0', `Content-Type: ${contentType}`];
}

/** A newsletter-like HTML body of about `bytes` bytes: tables, styles, links, remote images. */
export function newsletterHtml(bytes: number, counterPort = 9): string {
  const row = (i: number) =>
    `<tr><td style="padding:8px;border-bottom:1px solid #ddd"><h3 style="margin:0;color:#234">Story ${i}</h3>` +
    `<p style="margin:4px 0;font:14px/1.4 sans-serif">Paragraph ${i} of the long letter, with <b>bold</b>, <i>italic</i> and ` +
    `<a href="https://news.example/story/${i}">a link to the story</a>.</p>` +
    `<img src="http://127.0.0.1:${counterPort}/img/${i}.png" width="40" height="40" alt=""></td></tr>\n`;
  const parts: string[] = ['<html><head><style>td{vertical-align:top}</style></head><body><table width="100%">'];
  let size = parts[0]?.length ?? 0;
  for (let i = 1; size < bytes; i++) {
    const r = row(i);
    parts.push(r);
    size += r.length;
  }
  parts.push('</table><p id="end">The end of the long letter.</p></body></html>');
  return parts.join('');
}

export function bigHtmlMail(subject: string, bytes: number, counterPort = 9): Buffer {
  return Buffer.concat([crlf([...head(subject, `big-${bytes}`, 'text/html; charset=utf-8'), '', '']), Buffer.from(newsletterHtml(bytes, counterPort).replace(/\r?\n/g, '\r\n'))]);
}

export function damagedMailbox(counterPort: number): DamagedMail[] {
  const pixel = PIXEL_PNG.toString('base64');
  return [
    {
      subject: 'No boundary declared',
      shows: 'Hello from a message that forgot its boundary',
      warnings: ['The message says it has several parts but declares no boundary between them; they were found at the line "--part".'],
      bytes: crlf([...head('No boundary declared', 'nob', 'multipart/mixed'), '', '--part', 'Content-Type: text/plain; charset=utf-8', '', 'Hello from a message that forgot its boundary', '--part--', '']),
    },
    {
      subject: 'Boundary mismatch',
      shows: 'The HTML side of a mismatched boundary',
      warnings: ['The boundary the message declares between its parts ("declared-one") never appears; they were found at the line "--used-one".'],
      bytes: crlf([
        ...head('Boundary mismatch', 'mis', 'multipart/alternative; boundary="declared-one"'),
        '',
        '--used-one',
        'Content-Type: text/plain; charset=utf-8',
        '',
        'The text side of a mismatched boundary',
        '--used-one',
        'Content-Type: text/html; charset=utf-8',
        '',
        '<p>The HTML side of a mismatched boundary</p>',
        '--used-one--',
        '',
      ]),
    },
    {
      subject: 'Boundary never appears',
      shows: 'Text of a multipart that has no parts',
      warnings: ['The boundary the message declares between its parts ("nowhere") never appears; its body is shown as plain text.'],
      bytes: crlf([...head('Boundary never appears', 'nev', 'multipart/mixed; boundary="nowhere"'), '', 'Text of a multipart that has no parts', '']),
    },
    {
      subject: 'No blank line after part headers',
      shows: 'Text right under the part headers',
      warnings: ['A part of the message has no blank line after its headers; the lines after them were read as its text.'],
      bytes: crlf([...head('No blank line after part headers', 'nbl', 'multipart/mixed; boundary=b'), '', '--b', 'Content-Type: text/plain; charset=utf-8', 'Text right under the part headers', '--b--', '']),
    },
    {
      subject: 'Type without subtype',
      shows: 'Text whose type is just "text"',
      warnings: ['The content type "text" has no subtype; it was read as plain text.'],
      bytes: crlf([...head('Type without subtype', 'sub', 'text; charset=utf-8'), '', 'Text whose type is just "text"', '']),
    },
    {
      subject: 'Valid mail mentioning charsets',
      shows: 'Nothing is wrong with this message',
      warnings: [],
      bytes: crlf([
        ...head('Valid mail mentioning charsets', 'chs', 'multipart/alternative; boundary=b').slice(0, -1),
        'X-Spam-Report: R_MISSING_CHARSET=2.5, HTML_MESSAGE=0.001',
        'Content-Type: multipart/alternative; boundary=b',
        '',
        '--b',
        'Content-Type: text/plain; charset=utf-8',
        '',
        'Nothing is wrong with this message (text)',
        '--b',
        'Content-Type: text/html; charset=utf-8',
        'Content-Transfer-Encoding: quoted-printable',
        '',
        '<html><head><meta http-equiv=3D"Content-Type" content=3D"text/html; charset=3D"utf-8"></head>',
        '<body><p>Nothing is wrong with this message</p></body></html>',
        '--b--',
        '',
      ]),
    },
    {
      subject: 'Date without a zone',
      shows: 'Sent at ten, zone unknown',
      warnings: ['The Date header "2026-03-10T10:00:00" has no time zone; it was read as UTC.'],
      bytes: crlf([...head('Date without a zone', 'dz', 'text/plain; charset=utf-8', '2026-03-10T10:00:00'), '', 'Sent at ten, zone unknown', '']),
    },
    {
      subject: 'Inline images',
      shows: 'One picture is in the text',
      warnings: [],
      bytes: crlf([
        ...head('Inline images', 'inl', 'multipart/related; boundary=rel'),
        '',
        '--rel',
        'Content-Type: text/html; charset=utf-8',
        '',
        '<p>One picture is in the text: <img src="cid:shown@damaged.example" alt="shown"></p>',
        '--rel',
        'Content-Type: image/png',
        'Content-ID: <shown@damaged.example>',
        'Content-Disposition: inline; filename="shown.png"',
        'Content-Transfer-Encoding: base64',
        '',
        pixel,
        '--rel',
        'Content-Type: image/png',
        'Content-ID: <unshown@damaged.example>',
        'Content-Disposition: inline; filename="not-in-the-text.png"',
        'Content-Transfer-Encoding: base64',
        '',
        pixel,
        '--rel--',
        '',
      ]),
    },
    {
      subject: 'Remote content of every kind',
      shows: 'Remote content of every kind is blocked',
      warnings: [],
      bytes: crlf([
        ...head('Remote content of every kind', 'rem', 'text/html; charset=utf-8'),
        '',
        `<html><head><link rel="stylesheet" href="https://127.0.0.1:${counterPort}/sheet.css">`,
        `<style>@import url(https://127.0.0.1:${counterPort}/import.css); .x{color:red}</style></head>`,
        `<body background="https://127.0.0.1:${counterPort}/body.png">`,
        `<p>Remote content of every kind is blocked</p>`,
        `<img srcset="https://127.0.0.1:${counterPort}/a.png 1x, https://127.0.0.1:${counterPort}/b.png 2x" alt="srcset">`,
        `<picture><source srcset="https://127.0.0.1:${counterPort}/c.webp" type="image/webp"><img alt="picture"></picture>`,
        `<table background="https://127.0.0.1:${counterPort}/t.png"><tr><td style="background:url(https://127.0.0.1:${counterPort}/u.png)">cell</td></tr></table>`,
        '</body></html>',
        '',
      ]),
    },
  ];
}
