/**
 * parse.ts's parseMessage, checked against the fast parser (simple.ts): wherever the fast one
 * reads a message, it must read exactly what mailparser's does. parse.test.ts and
 * damaged.test.ts go through this, so every message they make checks the two agree.
 */
import type { Readable } from 'node:stream';
import { expect } from 'vitest';
import { base64InRaw, textInRaw } from '../../../../shared/model/stored-text';
import { parseMessage, type ParseOptions, type ParsedMessage } from '../parse';
import { readSimple, type SimpleParse } from '../simple';

/** How many messages the fast parser read (and agreed on) in this test file. */
export const agreed = { count: 0 };

export async function parseAndCompare(raw: Buffer | Readable, options: ParseOptions): Promise<ParsedMessage> {
  const full = await parseMessage(raw, options);
  if (Buffer.isBuffer(raw) && options.signal === undefined) {
    const fast = readSimple(raw, { receivedAt: options.receivedAt, ...(options.maxAttachmentBytes !== undefined ? { maxAttachmentBytes: options.maxAttachmentBytes } : {}) });
    if (fast !== null) {
      expect(fast.message, 'the fast parser reads this message as mailparser does').toEqual(full);
      expectSpansHold(raw, fast);
      agreed.count += 1;
    }
  }
  return full;
}

/** What the fast parser says lies in the bytes is what it read: the store reads it from there. */
export function expectSpansHold(raw: Uint8Array, fast: SimpleParse): void {
  const { message, inRaw } = fast;
  if (inRaw.text) expect(textInRaw(raw, inRaw.text), 'the text, read from the bytes').toBe(message.body.text);
  if (inRaw.html) expect(textInRaw(raw, inRaw.html), 'the HTML, read from the bytes').toBe(message.body.html);
  expect(inRaw.attachments).toHaveLength(message.attachments.length);
  inRaw.attachments.forEach((span, i) => {
    const part = message.attachments[i]!;
    if (span === null) expect(part.meta.omitted, `part ${i} is not in the bytes only when not kept`).toBe(true);
    else expect(Buffer.from(base64InRaw(raw, span)).equals(part.content), `part ${i}, read from the bytes`).toBe(true);
  });
}
