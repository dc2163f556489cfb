import { describe, expect, it } from 'vitest';
import { mentionsAttachment, needsAttachmentReminder } from './reminder';

describe('attachment reminder', () => {
  it.each([
    ['I have attached the report.', true],
    ['See the attachment.', true],
    ['Enclosed is the invoice.', true],
    ['Die Datei ist angehängt.', true],
    ['Vous trouverez la pièce jointe.', true],
    ['Te envío el archivo adjunto.', true],
    ['Nothing to see here; detached house.', false],
    ['Attach nothing', false],
    ['Thanks!\n\nOn Tue, Bob wrote:\n> I attached the file', false],
    ['Thanks!\n> see attachment', false],
  ])('%j → %s', (text, expected) => {
    expect(mentionsAttachment(text)).toBe(expected);
  });

  it('no reminder once something is attached', () => {
    expect(needsAttachmentReminder('attached', 1)).toBe(false);
    expect(needsAttachmentReminder('attached', 0)).toBe(true);
  });
});
