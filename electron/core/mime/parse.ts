/**
 * Full MIME parsing: the one module behind which mailparser lives (nothing else imports it).
 * Streams: the raw message goes through mailparser's streaming parser once; a tap reads the
 * header block for our own header decoder (headers.ts, the same code the fast path uses, so the
 * list and the reader never disagree) and counts bytes. Attachments are collected up to a cap and
 * dropped beyond it, so a 100 MB message is never held twice.
 * Never throws on bad input — only ETOOBIG for a message over the cap, and EABORTED.
 */
import { Readable, Transform, type TransformCallback } from 'node:stream';
import { MailParser, type AttachmentStream, type MessageText } from 'mailparser';
import { HeronError } from '../../../shared/ipc/result';
import { DEFAULT_ATTACHMENT_CAP, finishAttachment, finishMessage, type ParsedAttachment, type ParsedMessage } from './finish';
import { HEADER_SCAN_BYTES, findHeaderEnd, headersFromFields, readFields } from './headers';
import { StructureRepair } from './repair';
import { cap, isKnownCharset, pushWarning } from './words';

export { snippetOf, type ParsedAttachment, type ParsedMessage } from './finish';

export interface ParseOptions {
  /** Epoch ms; the date shown when the Date header is missing or unreadable. */
  readonly receivedAt: number;
  /** Messages larger than this are refused with ETOOBIG before (or, for streams, while) parsing. */
  readonly maxMessageBytes: number;
  /** Attachment content beyond this size is dropped (meta kept, `omitted: true`). */
  readonly maxAttachmentBytes?: number;
  /** The size the server announced, if known: a stream over the cap is refused before parsing. */
  readonly size?: number;
  readonly signal?: AbortSignal;
}

const CHUNK = 64 * 1024;
const MAX_PARTS = 2000;

export async function parseMessage(raw: Buffer | Readable, options: ParseOptions): Promise<ParsedMessage> {
  const announced = Buffer.isBuffer(raw) ? raw.length : options.size;
  if (announced !== undefined && announced > options.maxMessageBytes) throw tooBig(announced, options.maxMessageBytes);
  if (options.signal?.aborted) throw aborted();

  const warnings: string[] = [];
  const tap = new HeaderTap(options.maxMessageBytes);
  const repair = new StructureRepair(warnings);
  const parserOptions = {
    // HTML-only mail gets its text from htmlText below, the same way wherever the HTML sits
    // (mailparser's own refuses HTML past a size and drops the HTML with it).
    skipHtmlToText: true,
    skipTextToHtml: true,
    skipTextLinks: true,
    skipImageLinks: true,
    // Passed through to mailsplit (untyped). Its default, 1,000 parts, refuses a message nested
    // 1,000 deep; past ~2,000 mailparser's tree walk runs out of stack (an 'error' event, caught).
    maxChildNodes: MAX_PARTS,
  };
  const parser = new MailParser(parserOptions);
  const source = Buffer.isBuffer(raw) ? chunked(raw) : raw;

  let text: string | null = null;
  let html: string | null = null;
  const attachments: ParsedAttachment[] = [];
  const maxAttachment = options.maxAttachmentBytes ?? DEFAULT_ATTACHMENT_CAP;
  const pending: Promise<void>[] = [];
  const open = new Set<AttachmentStream>();

  parser.on('data', (data: AttachmentStream | MessageText) => {
    if (data.type === 'text') {
      text = typeof data.text === 'string' ? data.text : null;
      html = typeof data.html === 'string' ? data.html : null;
      return;
    }
    open.add(data);
    pending.push(
      collectAttachment(data, maxAttachment, warnings).then((a) => {
        open.delete(data);
        attachments.push(a);
      }),
    );
  });

  const failure = await new Promise<unknown>((resolve) => {
    let settled = false;
    const done = (e: unknown): void => {
      if (settled) return;
      settled = true;
      options.signal?.removeEventListener('abort', onAbort);
      resolve(e);
    };
    const onAbort = (): void => {
      source.unpipe(tap);
      tap.unpipe(repair);
      repair.unpipe(parser);
      done(aborted());
    };
    options.signal?.addEventListener('abort', onAbort, { once: true });
    source.on('error', (e) => done(e));
    tap.on('error', (e) => done(e));
    repair.on('error', (e) => done(e));
    parser.on('error', (e) => done(e));
    parser.on('end', () => done(null));
    source.pipe(tap).pipe(repair).pipe(parser);
  });
  // After a failure the parser will not end the attachment streams it opened: end them here, so
  // what was collected is kept and nothing waits forever.
  if (failure !== null) for (const a of open) (a.content as Readable).destroy(new Error('the message ended inside this attachment'));
  await Promise.allSettled(pending);
  if (failure instanceof HeronError) {
    if (failure.code === 'ETOOBIG' || failure.code === 'EABORTED') {
      source.destroy();
      throw failure;
    }
  }
  if (failure !== null) {
    source.destroy();
    const reason = failure instanceof Error ? failure.message : String(failure);
    pushWarning(warnings, `The message structure is damaged (${cap(reason, 120)}); what could be read is shown.`);
  }

  const headerWarnings: string[] = [];
  const headers = headersFromFields(readFields(tap.headerText(), headerWarnings), { receivedAt: options.receivedAt }, tap.bytes, headerWarnings);
  for (const charset of repair.charsets) {
    if (!isKnownCharset(charset)) pushWarning(warnings, `Unknown character set "${cap(charset, 40)}": the text may show wrong characters.`);
  }
  if (!tap.headerComplete) pushWarning(headerWarnings, `No end of the header block in the first ${HEADER_SCAN_BYTES} bytes: the rest was not read as headers.`);

  return finishMessage(headers, { text, html, attachments }, headerWarnings, warnings);
}

async function collectAttachment(a: AttachmentStream, maxBytes: number, warnings: string[]): Promise<ParsedAttachment> {
  const chunks: Buffer[] = [];
  let size = 0;
  try {
    for await (const chunk of a.content as Readable) {
      size += chunk.length;
      if (size <= maxBytes) chunks.push(chunk);
      else chunks.length = 0;
    }
  } catch (e) {
    pushWarning(warnings, `An attachment could not be read completely (${cap(e instanceof Error ? e.message : String(e), 80)}).`);
  } finally {
    a.release();
  }
  return finishAttachment({ filename: a.filename, contentType: a.contentType, cid: a.cid, size, content: size > maxBytes ? Buffer.alloc(0) : Buffer.concat(chunks, size) }, maxBytes, warnings);
}

function* chunks(raw: Buffer): Generator<Buffer> {
  for (let i = 0; i < raw.length; i += CHUNK) yield raw.subarray(i, i + CHUNK);
}

function chunked(raw: Buffer): Readable {
  return Readable.from(chunks(raw), { objectMode: false });
}

function tooBig(size: number, limit: number): HeronError {
  return new HeronError('ETOOBIG', `The message is ${formatBytes(size)}, over the ${formatBytes(limit)} limit for one message, so it was not downloaded.`, {
    detail: { size, limit },
  });
}

function aborted(): HeronError {
  return new HeronError('EABORTED', 'Reading the message was cancelled.');
}

function formatBytes(n: number): string {
  return n >= 1024 * 1024 ? `${(n / 1024 / 1024).toFixed(1)} MB` : `${Math.ceil(n / 1024)} KB`;
}

/**
 * Passes bytes through unchanged while keeping the header block (for headers.ts), counting the
 * size (to refuse a stream that outgrows the cap). Holds at most HEADER_SCAN_BYTES.
 */
class HeaderTap extends Transform {
  bytes = 0;
  headerComplete = false;
  private head: Buffer[] = [];
  private headLength = 0;
  private headerLength = -1;

  constructor(private readonly maxBytes: number) {
    super();
  }

  override _transform(chunk: Buffer, _enc: BufferEncoding, callback: TransformCallback): void {
    this.bytes += chunk.length;
    if (this.bytes > this.maxBytes) {
      callback(tooBig(this.bytes, this.maxBytes));
      return;
    }
    if (this.headerLength < 0) {
      this.head.push(chunk);
      this.headLength += chunk.length;
      const head = Buffer.concat(this.head, this.headLength);
      this.head = [head];
      const end = findHeaderEnd(head);
      if (end.complete && end.bodyStart <= head.length && end.headerLength < head.length) {
        this.headerLength = end.headerLength;
        this.headerComplete = true;
        // Keep only the header bytes, copied, so the body chunk is not retained with them.
        this.head = [Buffer.from(head.subarray(0, end.headerLength))];
      } else if (head.length >= HEADER_SCAN_BYTES) {
        this.headerLength = HEADER_SCAN_BYTES;
      }
    }
    callback(null, chunk);
  }

  override _flush(callback: TransformCallback): void {
    if (this.headerLength < 0) {
      // The whole message is headers (e.g. TOP 0 without the blank line).
      this.headerLength = this.headLength;
      this.headerComplete = true;
    }
    callback();
  }

  headerText(): string {
    const head = this.head[0] ?? Buffer.alloc(0);
    return head.toString('latin1', 0, Math.min(this.headerLength < 0 ? head.length : this.headerLength, head.length));
  }
}
