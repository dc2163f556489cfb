/**
 * Repairs damaged MIME structure on its way to the parser, so damaged mail still shows its
 * text (as Python's `email` package and Thunderbird show it), and names the damage in a warning:
 *   - a multipart with no boundary parameter, or one whose declared boundary never appears: the
 *     parts are read at the first delimiter-shaped line followed by headers or a blank line; with
 *     none, the body is read as plain text (RFC 2046 §5.1.1 makes such a body a preamble only);
 *   - a part whose headers run straight into its text with no blank line: the first line that is
 *     not a header field starts the body;
 *   - a Content-Type without a subtype ("text"): read as text/plain (RFC 2045 §5.2).
 * It also collects the charset parameters of the text parts' Content-Type fields: only those
 * decide the unknown-charset warning, never a "charset=" that happens to be in a header or a body.
 *
 * Streams: bytes pass through as slices of the input; only a part's header block and, for a
 * multipart whose first delimiter has not been seen, its preamble (at most LOOKAHEAD bytes) are
 * held back until the repair is decided.
 */
import { Transform, type TransformCallback } from 'node:stream';
import { formatContentType, isMediaType, parseContentType, type ContentType } from './content-type';
import { cap, pushWarning } from './words';

/** A line longer than this is body text, never a delimiter (boundaries are at most 70 characters). */
const DELIMITER_MAX = 256;
/** A header block or a single line over this is passed on as it is, unrepaired. */
const HOLD_MAX = 256 * 1024;
/** Preamble held while looking for a multipart's first delimiter. */
const LOOKAHEAD = 1024 * 1024;
const MAX_DEPTH = 4096;
const MAX_CHARSETS = 32;

interface Pending {
  readonly header: Buffer[];
  readonly ct: ContentType;
  readonly held: Buffer[];
  bytes: number;
  /** A delimiter-shaped line, waiting for the next line to say whether it starts a part. */
  candidate: { readonly boundary: string; readonly line: Buffer } | null;
}

interface Frame {
  boundary: string | null;
  readonly declared: string | null;
  closed: boolean;
  /** Until the first delimiter: the header block that declared it and everything after, held. */
  pending: Pending | null;
}

export class StructureRepair extends Transform {
  /** Charset parameters (lower case) of text parts' Content-Type fields. */
  readonly charsets = new Set<string>();
  private readonly stack: Frame[] = [];
  private mode: 'header' | 'overflow' | 'body' = 'header';
  private topLevel = true;
  private header: Buffer[] = [];
  private headerBytes = 0;
  private partial: Buffer[] = [];
  private partialBytes = 0;
  /** The current line was too long to hold and is being passed on as it arrives. */
  private streamingLine = false;
  /** Output of the current chunk, passed on as one: the parser's cost is per chunk. */
  private output: Buffer[] = [];
  private outputBytes = 0;

  constructor(private readonly warnings: string[]) {
    super();
  }

  override _transform(chunk: Buffer, _enc: BufferEncoding, callback: TransformCallback): void {
    let pos = 0;
    if (this.streamingLine || this.partialBytes > 0) {
      const nl = chunk.indexOf(0x0a);
      const end = nl < 0 ? chunk.length : nl + 1;
      if (this.streamingLine) this.out(chunk.subarray(0, end));
      else {
        this.partial.push(chunk.subarray(0, end));
        this.partialBytes += end;
      }
      pos = end;
      if (nl < 0) {
        this.maybeStreamLine();
        this.passOn(callback);
        return;
      }
      if (this.streamingLine) this.streamingLine = false;
      else this.line(this.takePartial());
    }
    let run = pos;
    while (pos < chunk.length) {
      const nl = chunk.indexOf(0x0a, pos);
      if (nl < 0) {
        this.passRun(chunk, run, pos);
        this.partial.push(chunk.subarray(pos));
        this.partialBytes += chunk.length - pos;
        this.maybeStreamLine();
        this.passOn(callback);
        return;
      }
      const end = nl + 1;
      if (!this.plain(chunk, pos, end)) {
        this.passRun(chunk, run, pos);
        this.line(chunk.subarray(pos, end));
        run = end;
      }
      pos = end;
    }
    this.passRun(chunk, run, pos);
    this.passOn(callback);
  }

  override _flush(callback: TransformCallback): void {
    if (this.partialBytes > 0) this.line(this.takePartial());
    if (this.mode === 'header') this.endHeader(Buffer.alloc(0));
    const frame = this.stack.at(-1);
    if (frame?.pending?.candidate) {
      this.out(frame.pending.candidate.line);
      frame.pending.candidate = null;
    }
    while (this.stack.length > 0) this.endFrame(this.stack.pop() as Frame);
    this.passOn(callback);
  }

  private passOn(callback: TransformCallback): void {
    const out = this.output.length === 1 ? this.output[0] : Buffer.concat(this.output, this.outputBytes);
    this.output = [];
    this.outputBytes = 0;
    if (out !== undefined && out.length > 0) callback(null, out);
    else callback();
  }

  /** A body line that needs no look: passed on with its neighbours as one slice. */
  private plain(chunk: Buffer, pos: number, end: number): boolean {
    if (this.mode !== 'body' || this.stack.at(-1)?.pending) return false;
    return !(chunk[pos] === 0x2d && chunk[pos + 1] === 0x2d && end - pos <= DELIMITER_MAX);
  }

  private passRun(chunk: Buffer, from: number, to: number): void {
    if (to > from) this.out(chunk.subarray(from, to));
  }

  private takePartial(): Buffer {
    const line = this.partial.length === 1 ? (this.partial[0] as Buffer) : Buffer.concat(this.partial, this.partialBytes);
    this.partial = [];
    this.partialBytes = 0;
    return line;
  }

  /** An unfinished line past HOLD_MAX is passed on as it arrives; what was held goes first. */
  private maybeStreamLine(): void {
    if (this.partialBytes <= HOLD_MAX) return;
    const frame = this.stack.at(-1);
    if (frame?.pending) this.giveUp(frame);
    if (this.mode === 'header') this.overflow();
    this.out(this.takePartial());
    this.streamingLine = true;
  }

  private line(line: Buffer): void {
    if (this.mode === 'body') this.bodyLine(line);
    else if (this.mode === 'overflow') {
      this.out(line);
      if (isBlank(line)) this.startBody();
    } else this.headerLine(line);
  }

  private headerLine(line: Buffer): void {
    if (isBlank(line)) {
      this.endHeader(line);
      return;
    }
    const continuation = line[0] === 0x20 || line[0] === 0x09;
    if (!this.topLevel && !continuation && !isFieldLine(line)) {
      pushWarning(this.warnings, 'A part of the message has no blank line after its headers; the lines after them were read as its text.');
      this.endHeader(Buffer.from(eolOf(line), 'latin1'));
      this.bodyLine(line);
      return;
    }
    this.header.push(Buffer.from(line));
    this.headerBytes += line.length;
    if (this.headerBytes > HOLD_MAX) this.overflow();
  }

  /** A header block too large to hold goes on unrepaired. */
  private overflow(): void {
    for (const l of this.header) this.out(l);
    this.header = [];
    this.headerBytes = 0;
    this.mode = 'overflow';
  }

  private startBody(): void {
    this.mode = 'body';
    this.topLevel = false;
  }

  private endHeader(blank: Buffer): void {
    const lines = this.header;
    this.header = [];
    this.headerBytes = 0;
    this.startBody();
    const field = findField(lines, 'content-type');
    let ct = field === null ? null : parseContentType(field.value);
    let replacement: string | null = null;
    if (ct !== null && !isMediaType(ct)) {
      const media = (field?.value.split(';')[0] ?? '').trim();
      pushWarning(
        this.warnings,
        ct.subtype === null && media !== ''
          ? `The content type "${cap(media, 40)}" has no subtype; it was read as plain text.`
          : `The content type "${cap(media, 40)}" is not valid; it was read as plain text.`,
      );
      const params = new Map(ct.params);
      params.delete('boundary');
      ct = { type: 'text', subtype: 'plain', params };
      replacement = formatContentType('text/plain', params);
    }
    const charset = ct?.params.get('charset');
    if (ct?.type === 'text' && charset && this.charsets.size < MAX_CHARSETS) this.charsets.add(charset.trim().toLowerCase());
    if (ct?.type === 'multipart' && this.stack.length < MAX_DEPTH) {
      const declared = ct.params.get('boundary') || null;
      this.stack.push({ boundary: declared, declared, closed: false, pending: { header: lines, ct, held: [blank], bytes: blank.length, candidate: null } });
      return;
    }
    for (const l of withContentType(lines, replacement)) this.out(l);
    this.out(blank);
  }

  private bodyLine(line: Buffer): void {
    const frame = this.stack.at(-1);
    const candidate = frame?.pending?.candidate;
    if (frame && candidate) {
      (frame.pending as Pending).candidate = null;
      if (isBlank(line) || isFieldLine(line)) {
        this.adopt(frame, candidate.boundary);
        this.out(candidate.line);
        this.mode = 'header';
        this.headerLine(line);
        return;
      }
      this.out(candidate.line);
    }
    const hit = line.length <= DELIMITER_MAX && line[0] === 0x2d && line[1] === 0x2d ? this.delimiter(line) : null;
    if (hit !== null) {
      while (this.stack.length - 1 > hit.index) this.endFrame(this.stack.pop() as Frame);
      const matched = this.stack[hit.index] as Frame;
      if (matched.pending) this.release(matched, null);
      this.out(line);
      if (hit.close) matched.closed = true;
      else this.mode = 'header';
      return;
    }
    if (frame?.pending && !frame.closed) {
      const boundary = line.length <= DELIMITER_MAX ? candidateOf(line) : null;
      if (boundary !== null) {
        frame.pending.candidate = { boundary, line: Buffer.from(line) };
        return;
      }
    }
    this.out(line);
    if (frame?.pending && frame.pending.bytes > LOOKAHEAD) this.giveUp(frame);
  }

  /** Which open multipart (innermost first) this line delimits, if any. */
  private delimiter(line: Buffer): { index: number; close: boolean } | null {
    const s = line.toString('latin1').replace(/[\r\n]+$/, '').replace(/[ \t]+$/, '');
    for (let i = this.stack.length - 1; i >= 0; i--) {
      const f = this.stack[i] as Frame;
      if (f.boundary === null || f.closed) continue;
      if (s === `--${f.boundary}`) return { index: i, close: false };
      if (s === `--${f.boundary}--`) return { index: i, close: true };
    }
    return null;
  }

  /** The parts were found at a delimiter other than the declared one (or none was declared). */
  private adopt(frame: Frame, boundary: string): void {
    const pending = frame.pending as Pending;
    const params = new Map(pending.ct.params);
    params.set('boundary', boundary);
    pushWarning(
      this.warnings,
      frame.declared === null
        ? `The message says it has several parts but declares no boundary between them; they were found at the line "--${cap(boundary, 70)}".`
        : `The boundary the message declares between its parts ("${cap(frame.declared, 70)}") never appears; they were found at the line "--${cap(boundary, 70)}".`,
    );
    frame.boundary = boundary;
    this.release(frame, formatContentType(`${pending.ct.type}/${pending.ct.subtype ?? 'mixed'}`, params));
  }

  /** A multipart ended (or held too much) before any delimiter: its body is read as plain text. */
  private endFrame(frame: Frame): void {
    if (!frame.pending) return;
    if (frame.pending.candidate) {
      frame.pending.held.push(frame.pending.candidate.line);
      frame.pending.candidate = null;
    }
    pushWarning(
      this.warnings,
      frame.declared === null
        ? 'The message says it has several parts but declares no boundary between them; its body is shown as plain text.'
        : `The boundary the message declares between its parts ("${cap(frame.declared, 70)}") never appears; its body is shown as plain text.`,
    );
    const params = new Map(frame.pending.ct.params);
    params.delete('boundary');
    this.release(frame, formatContentType('text/plain', params));
  }

  /** Past the lookahead: a declared boundary may still come after a long preamble; none declared, none will. */
  private giveUp(frame: Frame): void {
    if (frame.declared !== null) {
      if (frame.pending?.candidate) {
        frame.pending.held.push(frame.pending.candidate.line);
        frame.pending.candidate = null;
      }
      this.release(frame, null);
      return;
    }
    this.stack.pop();
    this.endFrame(frame);
  }

  private release(frame: Frame, replacement: string | null): void {
    const pending = frame.pending as Pending;
    frame.pending = null;
    for (const l of withContentType(pending.header, replacement)) this.out(l);
    for (const l of pending.held) this.out(l);
  }

  private out(buf: Buffer): void {
    const pending = this.stack.at(-1)?.pending;
    if (pending) {
      pending.held.push(buf);
      pending.bytes += buf.length;
    } else {
      this.output.push(buf);
      this.outputBytes += buf.length;
    }
  }
}

function isBlank(line: Buffer): boolean {
  return line.length === 0 || (line.length === 1 && line[0] === 0x0a) || (line.length === 2 && line[0] === 0x0d && line[1] === 0x0a);
}

function eolOf(line: Buffer): string {
  return line.length >= 2 && line[line.length - 2] === 0x0d ? '\r\n' : '\n';
}

const FIELD_LINE = /^[\x21-\x39\x3b-\x7e]+[ \t]*:/;

function isFieldLine(line: Buffer): boolean {
  return FIELD_LINE.test(line.toString('latin1', 0, Math.min(line.length, 200)));
}

// RFC 2046 §5.1.1 bchars; a close delimiter ("--x--") never starts the parts.
const CANDIDATE = /^--([0-9A-Za-z'()+_,./:=?-][0-9A-Za-z'()+_,./:=? -]{0,68}[0-9A-Za-z'()+_,./:=?-]|[0-9A-Za-z'()+_,./:=?-])$/;

function candidateOf(line: Buffer): string | null {
  const s = line.toString('latin1').replace(/[\r\n]+$/, '').replace(/[ \t]+$/, '');
  const m = CANDIDATE.exec(s);
  if (!m || s.endsWith('--')) return null;
  return m[1] ?? null;
}

/** The first field of that name: where it starts, how many lines it spans, its unfolded value. */
function findField(lines: readonly Buffer[], name: string): { index: number; count: number; value: string } | null {
  for (let i = 0; i < lines.length; i++) {
    const s = (lines[i] as Buffer).toString('latin1');
    const colon = s.indexOf(':');
    if (colon < 0 || s.slice(0, colon).trim().toLowerCase() !== name) continue;
    let value = s.slice(colon + 1);
    let count = 1;
    while (i + count < lines.length && ((lines[i + count] as Buffer)[0] === 0x20 || (lines[i + count] as Buffer)[0] === 0x09)) {
      value += (lines[i + count] as Buffer).toString('latin1');
      count += 1;
    }
    return { index: i, count, value: value.replace(/\r?\n/g, '') };
  }
  return null;
}

function withContentType(lines: Buffer[], replacement: string | null): Buffer[] {
  if (replacement === null) return lines;
  const field = findField(lines, 'content-type');
  const eol = eolOf(lines[field?.index ?? 0] ?? Buffer.from('\r\n'));
  const line = Buffer.from(`Content-Type: ${replacement}${eol}`, 'latin1');
  if (field === null) return [...lines, line];
  return [...lines.slice(0, field.index), line, ...lines.slice(field.index + field.count)];
}
