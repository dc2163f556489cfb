import { describe, expect, it } from 'vitest';
import { decodeText, isAttachedMessage, looksLikePdf, MAX_PREVIEW_TEXT_BYTES, previewKind } from './attachment-kinds';

describe('what the reader can show of an attachment itself', () => {
  it('images, text and PDF by type; the name decides only when the type is generic', () => {
    expect(previewKind({ filename: 'a.png', contentType: 'image/png' })).toBe('image');
    expect(previewKind({ filename: 'photo', contentType: 'image/jpeg' })).toBe('image');
    expect(previewKind({ filename: 'notes.txt', contentType: 'text/plain' })).toBe('text');
    expect(previewKind({ filename: 'data.json', contentType: 'application/json' })).toBe('text');
    expect(previewKind({ filename: 'r.pdf', contentType: 'application/pdf' })).toBe('pdf');
    expect(previewKind({ filename: 'r.pdf', contentType: 'application/octet-stream' })).toBe('pdf');
    expect(previewKind({ filename: 'x.csv', contentType: '' })).toBe('text');
    // A typed file is what its type says, whatever the name: an HTML page is not shown as text or run.
    expect(previewKind({ filename: 'page.txt', contentType: 'text/html' })).toBeNull();
    expect(previewKind({ filename: 'a.png', contentType: 'application/zip' })).toBeNull();
    // SVG can carry script: not previewed (an <img> would not run it, but it is left to the system).
    expect(previewKind({ filename: 'a.svg', contentType: 'image/svg+xml' })).toBeNull();
    expect(previewKind({ filename: 'setup.exe', contentType: 'application/octet-stream' })).toBeNull();
  });

  it('an attached message is message/rfc822, or a generic type named .eml', () => {
    expect(isAttachedMessage({ filename: 'message.eml', contentType: 'message/rfc822' })).toBe(true);
    expect(isAttachedMessage({ filename: 'fwd.eml', contentType: 'application/octet-stream' })).toBe(true);
    expect(isAttachedMessage({ filename: 'fwd.eml', contentType: 'text/plain' })).toBe(false);
  });

  it('a PDF is recognised by its header, not by its name', () => {
    expect(looksLikePdf(new TextEncoder().encode('%PDF-1.7\n...'))).toBe(true);
    expect(looksLikePdf(new TextEncoder().encode(`${' '.repeat(500)}%PDF-1.4`))).toBe(true);
    expect(looksLikePdf(new TextEncoder().encode('<html><script>alert(1)</script>'))).toBe(false);
  });

  it('text is read as UTF-8 when it is, else as Windows-1252, and a huge file is cut', () => {
    expect(decodeText(new TextEncoder().encode('Grüße'))).toEqual({ text: 'Grüße', truncated: false });
    expect(decodeText(new Uint8Array([0x47, 0x72, 0xfc, 0xdf, 0x65]))).toEqual({ text: 'Grüße', truncated: false });
    const big = decodeText(new Uint8Array(MAX_PREVIEW_TEXT_BYTES + 10).fill(0x61));
    expect(big.truncated).toBe(true);
    expect(big.text).toHaveLength(MAX_PREVIEW_TEXT_BYTES);
  });
});
