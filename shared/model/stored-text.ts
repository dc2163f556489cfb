/**
 * Text and parts the store reads out of a message's own bytes instead of keeping a copy: most
 * mail's text is a run of its bytes as they are (UTF-8, 7bit or 8bit) and its attachments runs of
 * base64, so the fast parser (electron/core/mime/simple.ts) says where they are and the store
 * keeps only that beside the bytes it keeps anyway. Reading
 * them back here gives exactly what the parser read; simple.test.ts holds it to that.
 */

/** A run of one message's bytes: [start, end). */
export interface RawSpan {
  readonly start: number;
  readonly end: number;
}

/** A body's text or HTML as stored: itself, where it lies in the message's bytes, or none. */
export type StoredText = string | RawSpan | null;

/** A message body as stored (MessageBody, with either text possibly left in the message's bytes). */
export interface StoredBody {
  readonly text: StoredText;
  readonly html: StoredText;
  readonly warnings: readonly string[];
}

export function isRawSpan(value: unknown): value is RawSpan {
  if (typeof value !== 'object' || value === null) return false;
  const { start, end } = value as Partial<RawSpan>;
  return Number.isInteger(start) && Number.isInteger(end) && (start as number) >= 0 && (end as number) >= (start as number);
}

/** Whether every span of this body lies within a message of `size` bytes. */
export function spansFit(body: StoredBody, size: number): boolean {
  return [body.text, body.html].every((t) => typeof t === 'string' || t === null || (isRawSpan(t) && t.end <= size));
}

// UTF-8 and base64 from the runtime: Node and every browser have them; shared's ES-only lib does not type them.
const runtime = globalThis as unknown as {
  TextDecoder: new (label: string, options: { ignoreBOM: boolean }) => { decode(bytes: Uint8Array): string };
  atob(data: string): string;
};
const utf8 = new runtime.TextDecoder('utf-8', { ignoreBOM: true }); // a BOM is text, as the parsers read it

/** The text a span holds: its bytes as UTF-8, line ends as LF (how the parsers read a text part). */
export function textInRaw(raw: Uint8Array, span: RawSpan): string {
  return utf8.decode(raw.subarray(span.start, span.end)).replace(/\r?\n/g, '\n');
}

/** The text as stored, read. */
export function readStoredText(raw: Uint8Array | undefined, text: StoredText): string | null {
  if (text === null || typeof text === 'string') return text;
  return raw === undefined ? null : textInRaw(raw, text);
}

/** The bytes a span of base64 (with line breaks) stands for. */
export function base64InRaw(raw: Uint8Array, span: RawSpan): Uint8Array {
  let digits = '';
  const slice = raw.subarray(span.start, span.end);
  for (let at = 0; at < slice.length; at += 0x8000) {
    digits += String.fromCharCode(...slice.subarray(at, at + 0x8000).filter((b) => b !== 0x0d && b !== 0x0a));
  }
  const binary = runtime.atob(digits);
  const out = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i += 1) out[i] = binary.charCodeAt(i);
  return out;
}
