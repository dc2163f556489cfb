import { describe, expect, it } from 'vitest';
import { parseMany } from './parse-bodies';

const raw = (s: string) => new TextEncoder().encode(s.replace(/\r?\n/g, '\r\n'));
const MESSAGE = raw(`From: Ada Lovelace <ada@engines.example>
To: team@engines.example
Subject: Minutes of the meeting
Date: Mon, 09 Mar 2026 16:00:00 +0000
Message-ID: <minutes@heron.test>
Content-Type: text/plain; charset=UTF-8

The minutes.
`);

describe('parseMany', () => {
  it('adds the header fields only for an item that asks (an attached message opened in the reader)', async () => {
    const [fetched, attached] = await parseMany([
      { id: 'm1', raw: MESSAGE },
      { id: 'attached:a1', raw: MESSAGE, headers: true },
    ]);
    expect(fetched).not.toHaveProperty('headers');
    // (The msg-id's form is the header parser's business, not this test's.)
    expect(attached?.headers).toMatchObject({
      inReplyTo: null,
      references: [],
      from: { name: 'Ada Lovelace', address: 'ada@engines.example' },
      to: [{ name: '', address: 'team@engines.example' }],
      cc: [],
      replyTo: [],
      subject: 'Minutes of the meeting',
      date: Date.UTC(2026, 2, 9, 16, 0),
      size: MESSAGE.byteLength,
      hasAttachments: false,
    });
    expect(attached?.body.text).toBe('The minutes.\n');
  });
});
