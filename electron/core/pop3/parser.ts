/**
 * The POP3 response parser: pure, no I/O. Bytes go in with `push`; the client pulls a status line
 * (`readStatus`) or the body of a multi-line reply (`readBody`), because only the client knows
 * which one comes next (a multi-line body follows only a `+OK` to RETR, TOP, LIST, UIDL or CAPA).
 *
 * Multi-line replies (RFC 1939 §3) end exactly at `CRLF.CRLF` wherever chunk boundaries fall; a line
 * that starts with `.` has that dot removed (byte-stuffing). The hot path scans each chunk with one
 * `indexOf("\r\n.")` — a line that starts with a dot is rare — and hands back subarrays of the input
 * chunks, so body bytes are never converted to strings and never copied here.
 */
import { HeronError } from '../../../shared/ipc/result';

const LF = 0x0a;
const CR = 0x0d;
const DOT = 0x2e;
const CRLF_DOT = Buffer.from('\r\n.');
const CRLF = Buffer.from('\r\n');
const LONE_CR = Buffer.from('\r');

export type StatusKind = 'ok' | 'err' | 'continue';

export interface StatusLine {
  readonly kind: StatusKind;
  /** The whole line without its line end, e.g. `+OK 2 messages`. */
  readonly line: string;
  /** The text after `+OK ` / `-ERR ` / `+ `. */
  readonly text: string;
}

/** Where the body decoder stands between chunks. */
const enum BodyState {
  LineStart, // at the start of a line: a dot here is either stuffing or the terminator
  Mid, // inside a line
  Cr, // inside a line, the previous chunk ended with CR (held back: it may start CRLF.CRLF)
  Dot, // a line started with `.`
  DotCr, // a line started with `.\r`
}

export class Pop3ResponseParser {
  private readonly chunks: Buffer[] = [];
  private pos = 0; // offset into chunks[0]
  private buffered = 0; // bytes held, counting from pos
  private body = BodyState.LineStart;

  constructor(private readonly maxLineBytes: number) {}

  push(chunk: Buffer): void {
    if (chunk.length === 0) return;
    this.chunks.push(chunk);
    this.buffered += chunk.length;
  }

  /** Bytes received and not yet consumed. */
  get pending(): number {
    return this.buffered;
  }

  /** Drops every byte received so far (after `+OK` to STLS, RFC 2595 §4: nothing sent in clear may count). */
  discard(): number {
    const n = this.buffered;
    this.chunks.length = 0;
    this.pos = 0;
    this.buffered = 0;
    this.body = BodyState.LineStart;
    return n;
  }

  /**
   * The next status line, or null until it has fully arrived. Throws EPROTOCOL when a line grows past
   * the cap without a line end, or when it is neither `+OK`, `-ERR` nor (if allowed) a SASL `+ `.
   */
  readStatus(allowContinue = false): StatusLine | null {
    const raw = this.readLine();
    if (raw === null) return null;
    return parseStatusLine(raw, allowContinue);
  }

  /** One line as a string (without CRLF / LF), or null until it has arrived. */
  readLine(): string | null {
    const first = this.chunks[0];
    if (first === undefined) return null;
    let lf = first.indexOf(LF, this.pos);
    if (lf === -1 && this.chunks.length > 1) {
      // The line spans chunks: join them (status lines are short; this copies at most maxLineBytes + one chunk).
      const joined = Buffer.concat(this.chunks.map((c, i) => (i === 0 ? c.subarray(this.pos) : c)));
      this.chunks.length = 0;
      this.chunks.push(joined);
      this.pos = 0;
      lf = joined.indexOf(LF);
    }
    const head = this.chunks[0] as Buffer;
    if (lf === -1) {
      if (this.buffered > this.maxLineBytes) throw lineTooLong(this.maxLineBytes);
      return null;
    }
    if (lf - this.pos > this.maxLineBytes) throw lineTooLong(this.maxLineBytes);
    const end = lf > this.pos && head[lf - 1] === CR ? lf - 1 : lf;
    const line = head.toString('utf8', this.pos, end);
    this.consume(lf + 1 - this.pos);
    return line;
  }

  /**
   * Decodes as much of a multi-line body as has arrived, calling `onData` with unstuffed bytes
   * (subarrays of the pushed chunks; CRLF line ends as sent). Returns true once the terminating
   * `.CRLF` has been consumed; the bytes after it stay for the next reply.
   */
  readBody(onData: (chunk: Buffer) => void): boolean {
    for (;;) {
      const buf = this.chunks[0];
      if (buf === undefined) return false;
      let pos = this.pos;
      const len = buf.length;
      let done = false;
      while (pos < len && !done) {
        switch (this.body) {
          case BodyState.LineStart:
            if (buf[pos] === DOT) {
              this.body = BodyState.Dot;
              pos += 1;
            } else this.body = BodyState.Mid;
            break;
          case BodyState.Dot:
            if (buf[pos] === CR) {
              this.body = BodyState.DotCr;
              pos += 1;
            } else this.body = BodyState.Mid; // a stuffed dot: dropped, the rest of the line is data
            break;
          case BodyState.DotCr:
            if (buf[pos] === LF) {
              pos += 1;
              done = true;
            } else {
              // `.\r` then something else: the dot was stuffing and the CR is data.
              onData(LONE_CR);
              this.body = BodyState.Mid;
            }
            break;
          case BodyState.Cr:
            if (buf[pos] === LF) {
              onData(CRLF);
              pos += 1;
              this.body = BodyState.LineStart;
            } else {
              onData(LONE_CR);
              this.body = BodyState.Mid;
            }
            break;
          case BodyState.Mid: {
            const hit = buf.indexOf(CRLF_DOT, pos);
            if (hit !== -1) {
              if (hit + 2 > pos) onData(buf.subarray(pos, hit + 2));
              pos = hit + 3;
              this.body = BodyState.Dot;
            } else {
              // Hold back a trailing CR or CRLF: it may be the start of CRLF.CRLF split across chunks.
              let end = len;
              if (buf[len - 1] === LF && buf[len - 2] === CR && len - 2 >= pos) {
                this.body = BodyState.LineStart;
              } else if (buf[len - 1] === CR) {
                end = len - 1;
                this.body = BodyState.Cr;
              }
              if (end > pos) onData(buf.subarray(pos, end));
              pos = len;
            }
            break;
          }
        }
      }
      this.consume(pos - this.pos);
      if (done) {
        this.body = BodyState.LineStart;
        return true;
      }
    }
  }

  private consume(n: number): void {
    this.buffered -= n;
    this.pos += n;
    while (this.chunks.length > 0 && this.pos >= (this.chunks[0] as Buffer).length) {
      this.pos -= (this.chunks[0] as Buffer).length;
      this.chunks.shift();
    }
  }
}

export function parseStatusLine(line: string, allowContinue = false): StatusLine {
  if (line === '+OK' || line.startsWith('+OK ')) return { kind: 'ok', line, text: line.slice(4) };
  if (line === '-ERR' || line.startsWith('-ERR ')) return { kind: 'err', line, text: line.slice(5) };
  if (allowContinue && (line === '+' || line.startsWith('+ '))) return { kind: 'continue', line, text: line.slice(2) };
  // Some servers glue text to the status (`+OKfoo`); RFC 1939 requires a space, and a reply we cannot classify is fatal.
  throw new HeronError('EPROTOCOL', `The server sent something that is not a POP3 reply: "${capText(line)}".`, {
    detail: { response: capText(line) },
  });
}

/** RFC 2449 §8 / RFC 3206 response codes: `-ERR [IN-USE] …` → `IN-USE`. */
export function responseCode(text: string): string | null {
  const m = /^\[([A-Za-z0-9/-]+)\]/.exec(text);
  return m?.[1]?.toUpperCase() ?? null;
}

export function capText(text: string, max = 200): string {
  const clean = text.replace(/[\u0000-\u0008\u000b-\u001f\u007f]/g, '\uFFFD');
  return clean.length > max ? `${clean.slice(0, max)}…` : clean;
}

function lineTooLong(max: number): HeronError {
  return new HeronError('EPROTOCOL', `The server sent a line longer than ${max} bytes without ending it.`, {
    detail: { maxLineBytes: max },
  });
}

/**
 * Splits the body of LIST / UIDL / CAPA into lines, with a per-line cap so that a server cannot grow
 * one line without bound.
 */
export class LineCollector {
  private readonly parts: Buffer[] = [];
  private partial = 0;
  private total = 0;

  constructor(
    private readonly maxLineBytes: number,
    private readonly maxTotalBytes: number,
  ) {}

  readonly push = (chunk: Buffer): void => {
    this.total += chunk.length;
    const lf = chunk.lastIndexOf(LF);
    this.partial = lf === -1 ? this.partial + chunk.length : chunk.length - lf - 1;
    if (this.partial > this.maxLineBytes) throw lineTooLong(this.maxLineBytes);
    if (this.total > this.maxTotalBytes) {
      throw new HeronError('ETOOBIG', `The server's listing is larger than ${this.maxTotalBytes} bytes.`, {
        detail: { maxBytes: this.maxTotalBytes },
      });
    }
    this.parts.push(chunk);
  };

  lines(encoding: 'utf8' | 'latin1' = 'utf8'): string[] {
    const text = Buffer.concat(this.parts).toString(encoding);
    const lines = text.split(/\r?\n/);
    if (lines[lines.length - 1] === '') lines.pop();
    return lines;
  }
}
