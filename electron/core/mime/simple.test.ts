import { describe, expect, it } from 'vitest';
import { makeMessage, rng, toCrlf } from '../../../e2e/servers/messages';
import { parseMessage } from './parse';
import { parseSimple, readSimple } from './simple';
import { expectSpansHold, parseAndCompare } from './testing/agree';

const RECEIVED = Date.UTC(2025, 5, 10, 8, 0, 0);
const OPTS = { receivedAt: RECEIVED, maxMessageBytes: 50 * 1024 * 1024 };
const HEAD = ['From: Alice <alice@example.org>', 'To: bob@example.net', 'Subject: Hello', 'Date: Tue, 3 Jun 2025 10:00:00 +0000', 'Message-ID: <m@example.org>', 'MIME-Version: 1.0'];

function crlf(lines: string[]): Buffer {
  return Buffer.from(lines.join('\r\n'), 'utf8');
}

const PNG = Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010806000000', 'hex').toString('base64');

/** Read by both; the fast parser must read it, and read it as mailparser does. */
async function agrees(raw: Buffer): Promise<{ text: boolean; html: boolean }> {
  const fast = readSimple(raw, { receivedAt: RECEIVED });
  expect(fast, 'the fast parser reads it').not.toBeNull();
  expect(fast!.message).toEqual(await parseMessage(raw, OPTS));
  expectSpansHold(raw, fast!);
  return { text: fast!.inRaw.text !== null, html: fast!.inRaw.html !== null };
}

describe('the fast MIME parser', () => {
  it('reads every message the benchmarks and specs seed (plain, alternative, base64 attachments; LF and CRLF) exactly as mailparser does', async () => {
    const random = rng(17);
    let inRaw = 0;
    for (let i = 0; i < 300; i += 1) {
      const size = i % 50 === 0 ? 300_000 : 600 + Math.floor(random() * 20_000);
      const stored = makeMessage(i, { size });
      if ((await agrees(toCrlf(stored))).text) inRaw += 1;
      if (i % 3 === 0) await agrees(stored);
    }
    // Their text is 8bit: the store keeps where it is, not a copy.
    expect(inRaw).toBe(300);
  }, 120_000); // hundreds of mailparser reads: slow on a shared, loaded machine

  it('says where text, HTML and parts lie in the bytes only where reading them from there gives what it read', async () => {
    const base64Text = readSimple(crlf([...HEAD, 'Content-Type: text/plain; charset=utf-8', 'Content-Transfer-Encoding: base64', '', Buffer.from('Grüße').toString('base64'), '']), { receivedAt: RECEIVED });
    expect(base64Text?.inRaw.text).toBeNull();
    const withNul = readSimple(crlf([...HEAD, 'Content-Type: text/plain; charset=utf-8', '', 'a\0b', '']), { receivedAt: RECEIVED });
    expect(withNul?.message.body.text).toBe('ab\n');
    expect(withNul?.inRaw.text).toBeNull();
    const fromHtml = readSimple(crlf([...HEAD, 'Content-Type: multipart/alternative; boundary=x', '', '--x', 'Content-Type: text/plain', '', '  ', '--x', 'Content-Type: text/html', '', '<p>The real text</p>', '--x--']), { receivedAt: RECEIVED });
    expect(fromHtml?.inRaw.text).toBeNull();
    expect(fromHtml?.inRaw.html).not.toBeNull();
    // A message that is a view into a bigger buffer (as a batch's are): offsets are the message's own.
    const message = crlf([...HEAD, 'Content-Type: text/plain; charset=utf-8', '', 'Hello there', '']);
    const inBatch = Buffer.concat([Buffer.from('x'.repeat(1000)), message]).subarray(1000);
    const read = readSimple(inBatch, { receivedAt: RECEIVED });
    expect(read?.inRaw.text).toEqual({ start: message.length - 'Hello there\r\n'.length, end: message.length });
  });

  const accepted: Record<string, Buffer> = {
    'no Content-Type at all (text/plain, US-ASCII)': crlf([...HEAD.filter((h) => !h.startsWith('MIME')), '', 'Just text.', '']),
    'us-ascii text with 8-bit bytes (read as UTF-8, as mailparser does)': crlf([...HEAD, 'Content-Type: text/plain; charset=us-ascii', '', 'Café', '']),
    'HTML only: the text is the HTML\'s': crlf([...HEAD, 'Content-Type: text/html; charset="UTF-8"', '', '<p>Hello <b>there</b></p><p>Second</p>', '']),
    'base64 text': crlf([...HEAD, 'Content-Type: text/plain; charset=utf-8', 'Content-Transfer-Encoding: base64', '', Buffer.from('Grüße aus Köln\r\nZeile zwei\r\n').toString('base64'), '']),
    'alternative, HTML first, folded Content-Type, a preamble': crlf([
      ...HEAD,
      'Content-Type: multipart/alternative;',
      '\tboundary="b1"',
      '',
      'This is a multi-part message in MIME format.',
      '--b1',
      'Content-Type: text/html; charset=utf-8',
      '',
      '<div>Hi</div>',
      '--b1',
      'Content-Type: text/plain; charset=utf-8',
      'Content-Transfer-Encoding: 7bit',
      '',
      'Hi',
      '--b1--',
      '',
    ]),
    'alternative with an empty-looking text part beside HTML': crlf([...HEAD, 'Content-Type: multipart/alternative; boundary=x', '', '--x', 'Content-Type: text/plain', '', '  ', '--x', 'Content-Type: text/html', '', '<p>The real text</p>', '--x--']),
    'mixed: text, an inline image the text does not show, a PDF': crlf([
      ...HEAD,
      'Content-Type: multipart/mixed; boundary="m"',
      '',
      '--m',
      'Content-Type: text/plain; charset=utf-8',
      'Content-Disposition: inline',
      '',
      'See attached.',
      '--m',
      'Content-Type: image/png; name="dot.png"',
      'Content-Disposition: inline',
      'Content-ID: <dot@x>',
      'Content-Transfer-Encoding: base64',
      '',
      PNG,
      '--m',
      'Content-Type: application/pdf',
      'Content-Disposition: attachment; filename="report 2024.pdf"',
      'Content-Transfer-Encoding: base64',
      '',
      Buffer.from('%PDF-1.4 fake').toString('base64'),
      '--m--',
      '',
    ]),
    'mixed: alternative whose HTML shows the image by cid, then the image': crlf([
      ...HEAD,
      'Content-Type: multipart/mixed; boundary="outer"',
      '',
      '--outer',
      'Content-Type: multipart/alternative; boundary="inner"',
      '',
      '--inner',
      'Content-Type: text/plain; charset=utf-8',
      '',
      'Logo below',
      '--inner',
      'Content-Type: text/html; charset=utf-8',
      '',
      '<p>Logo below <img src="cid:logo@x"></p>',
      '--inner--',
      '',
      '--outer',
      'Content-Type: image/png',
      'Content-ID: <logo@x>',
      'Content-Transfer-Encoding: base64',
      '',
      PNG,
      '--outer--',
    ]),
    'mixed: HTML alone, then a file with no name': crlf([...HEAD, 'Content-Type: multipart/mixed; boundary=q', '', '--q', 'Content-Type: text/html; charset=utf-8', '', '<p>only html</p>', '--q', 'Content-Type: application/zip', 'Content-Transfer-Encoding: base64', '', 'UEsDBA==', '--q--']),
    'a broken header line in the top header (warned about, read as parse.ts reads it)': crlf([...HEAD, 'X-Folded: one', ' two', 'Content-Type: text/plain', '', 'ok']),
    'a text that starts with a byte order mark': crlf([...HEAD, 'Content-Type: text/plain; charset=utf-8', '', '\ufeffHello', '']),
    'NUL bytes in the text': crlf([...HEAD, 'Content-Type: text/plain; charset=utf-8', '', 'a\0b', '']),
  };
  for (const [name, raw] of Object.entries(accepted)) {
    it(`reads ${name} as mailparser does`, async () => {
      await agrees(raw);
    });
  }

  const declined: Record<string, Buffer> = {
    'quoted-printable': crlf([...HEAD, 'Content-Type: text/plain; charset=utf-8', 'Content-Transfer-Encoding: quoted-printable', '', 'Caf=C3=A9', '']),
    'ISO-8859-1 text': crlf([...HEAD, 'Content-Type: text/plain; charset=iso-8859-1', '', 'plain', '']),
    'format=flowed': crlf([...HEAD, 'Content-Type: text/plain; charset=utf-8; format=flowed', '', 'a ', 'b', '']),
    'invalid UTF-8': Buffer.concat([crlf([...HEAD, 'Content-Type: text/plain; charset=utf-8', '', 'bad ']), Buffer.from([0xc3, 0x28])]),
    'multipart/related': crlf([...HEAD, 'Content-Type: multipart/related; boundary=r', '', '--r', 'Content-Type: text/html', '', '<p>x</p>', '--r--']),
    'a forwarded message/rfc822': crlf([...HEAD, 'Content-Type: multipart/mixed; boundary=f', '', '--f', 'Content-Type: text/plain', '', 'fwd', '--f', 'Content-Type: message/rfc822', '', 'Subject: inner', '', 'inner text', '--f--']),
    'no close delimiter': crlf([...HEAD, 'Content-Type: multipart/alternative; boundary=c', '', '--c', 'Content-Type: text/plain', '', 'x']),
    'a boundary that never appears': crlf([...HEAD, 'Content-Type: multipart/mixed; boundary=nope', '', '--other', 'Content-Type: text/plain', '', 'x', '--other--']),
    'a part whose headers run into its text': crlf([...HEAD, 'Content-Type: multipart/mixed; boundary=h', '', '--h', 'Content-Type: text/plain', 'no blank line here', '--h--']),
    'text after the close delimiter': crlf([...HEAD, 'Content-Type: multipart/mixed; boundary=e', '', '--e', 'Content-Type: text/plain', '', 'x', '--e--', 'epilogue']),
    'an RFC 2231 file name': crlf([...HEAD, 'Content-Type: multipart/mixed; boundary=n', '', '--n', 'Content-Type: text/plain', '', 'x', '--n', "Content-Type: application/pdf; name*=utf-8''r%C3%A9sum%C3%A9.pdf", 'Content-Transfer-Encoding: base64', '', 'AAAA', '--n--']),
    'an octet-stream mailparser retypes by its name': crlf([...HEAD, 'Content-Type: multipart/mixed; boundary=o', '', '--o', 'Content-Type: text/plain', '', 'x', '--o', 'Content-Type: application/octet-stream; name="a.pdf"', 'Content-Transfer-Encoding: base64', '', 'AAAA', '--o--']),
    'a text attachment': crlf([...HEAD, 'Content-Type: multipart/mixed; boundary=t', '', '--t', 'Content-Type: text/plain', '', 'x', '--t', 'Content-Type: text/plain; name="notes.txt"', 'Content-Disposition: attachment; filename="notes.txt"', '', 'notes', '--t--']),
    'base64 with junk in it': crlf([...HEAD, 'Content-Type: text/plain', 'Content-Transfer-Encoding: base64', '', 'SGVsbG8*', '']),
    'an mbox From line': crlf(['From alice@example.org Tue Jun  3 10:00:00 2025', ...HEAD, '', 'x']),
    'no blank line after the header': crlf([...HEAD, 'Content-Type: text/plain']),
  };
  for (const [name, raw] of Object.entries(declined)) {
    it(`leaves ${name} to mailparser`, () => {
      expect(parseSimple(raw, { receivedAt: RECEIVED })).toBeNull();
    });
  }

  it('what it reads of damaged mail (bytes changed, cut, lines doubled, dropped or slipped in: delimiter-like, folded, field-like), it reads as mailparser does', async () => {
    const random = rng(4711);
    let read = 0;
    for (let i = 0; i < 600; i += 1) {
      const lines = toCrlf(makeMessage(1000 + i, { size: 800 + Math.floor(random() * 6000) })).toString('latin1').split('\r\n');
      const at = Math.floor(random() * lines.length);
      const how = i % 6;
      const nasty = ['', ' folded on', '--', `--=_alt_${1000 + i}`, `--=_alt_${1000 + i}  `, `--=_mixed_${1000 + i}--`, `--=_alt_${1000 + i}x`, 'Content-Type: text/html', 'Content-Transfer-Encoding: base64', 'no colon here'];
      if (how === 5) lines.splice(at, 0, nasty[Math.floor(random() * nasty.length)] ?? '');
      else if (how === 0) lines.splice(at, 1);
      else if (how === 1) lines.splice(at, 0, lines[at] ?? '');
      else if (how === 2) lines[at] = (lines[at] ?? '').slice(0, Math.floor(random() * 20));
      else if (how === 3) lines.length = at;
      const bytes = Buffer.from(lines.join('\r\n'), 'latin1');
      if (how === 4) bytes[Math.floor(random() * bytes.length)] = Math.floor(random() * 256);
      const fast = readSimple(bytes, { receivedAt: RECEIVED });
      if (fast === null) continue;
      read += 1;
      expect(fast.message, `message ${i} (damage ${how} at line ${at})`).toEqual(await parseMessage(bytes, OPTS));
      expectSpansHold(bytes, fast);
    }
    expect(read).toBeGreaterThan(100); // most damage leaves a readable message
  }, 120_000); // hundreds of mailparser reads: slow on a shared, loaded machine

  it('is what parse.test.ts and damaged.test.ts check too: parseAndCompare answers mailparser\'s reading', async () => {
    const raw = crlf([...HEAD, 'Content-Type: text/plain', '', 'x']);
    expect(await parseAndCompare(raw, OPTS)).toEqual(await parseMessage(raw, OPTS));
  });
});
