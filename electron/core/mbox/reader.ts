/**
 * The streaming mbox reader (README.md has the rules and what "original bytes" means in each
 * dialect). A message ends where the next starts: a `From ` line after a blank line that parses
 * as `From <sender> <date>` — or, in mboxcl/cl2, where its Content-Length says when that lands on
 * such a boundary. Memory is one message plus a few chunks, whatever the file's size; each entry
 * carries its offset and the offset of the next, so an import can resume where it stopped.
 */
import { HeronError } from '../../../shared/ipc/result';
import { SAFETY_CAP_BYTES } from '../fetch/session';
import { MAX_FROM_LINE, parseFromLine, type Envelope } from './from-line';
import { headerBlock, headerFacts, type HeaderFacts } from './header-facts';
import { mozillaState } from './mozilla-status';
import { copyOf, unquoteMboxrd } from './quoting';
import { ByteWindow, bufferSource, openFileSource, type ByteSource } from './window';

/**
 * mboxrd: `>…>From ` quoting, undone on reading. mboxo: `From ` quoted as `>From `, kept as
 * stored. mboxcl: mboxo with Content-Length. mboxcl2: Content-Length, nothing quoted.
 */
export type MboxDialect = 'mboxrd' | 'mboxo' | 'mboxcl' | 'mboxcl2';

export interface MboxReadOptions {
  /** 'auto' (the default) looks at the start of the file: see `detectDialect`. */
  readonly dialect?: MboxDialect | 'auto';
  /** Resume here: the `next` of the last entry handled. Must be where a `From ` line starts. */
  readonly start?: number;
  /** A longer message is reported as skipped (`too-big`) and never held. */
  readonly maxMessageBytes?: number;
  /** Bytes read at a time. */
  readonly chunkBytes?: number;
}

interface EntryBase {
  /** File offset of the message's `From ` line. */
  readonly offset: number;
  /** File offset where the next entry starts (the file's size after the last): resume from here. */
  readonly next: number;
  readonly envelope: Envelope;
  readonly facts: HeaderFacts;
}

export interface MboxMessage extends EntryBase {
  readonly kind: 'message';
  /** The message's original bytes (see README.md), a copy of its own. */
  readonly bytes: Buffer;
  /** What looked damaged, in words for the person. */
  readonly warnings: readonly string[];
}

export interface MboxSkipped extends EntryBase {
  readonly kind: 'skipped';
  /** `expunged`: Thunderbird deleted it and had not compacted the folder yet. */
  readonly reason: 'expunged' | 'too-big';
  /** Bytes in the file, separator included. */
  readonly size: number;
}

export type MboxEntry = MboxMessage | MboxSkipped;

const NL_FROM = Buffer.from('\nFrom ');
const LF = 0x0a;
const CR = 0x0d;
const DEFAULT_CHUNK = 1024 * 1024;
/** How much of the start of a file `detectDialect` looks at. */
const SNIFF_BYTES = 1024 * 1024;
/** The header block is looked for this far into a message, at most. */
const HEADER_SCAN = 256 * 1024;

export const CONTENT_LENGTH_IGNORED = 'Its Content-Length did not lead to the next message, so the message was ended at the next "From " line instead.';
export const ENDS_MID_LINE = 'The file ends in the middle of a line: this message may be cut short.';
export const ENDS_IN_HEADER = 'The file ends inside this message\'s header: its text is missing.';
export const HAS_NUL = 'It contains NUL bytes, which mail never has: part of the file may be damaged.';
export const UNREADABLE_SEPARATOR = 'The file\'s first "From " line has no readable sender and date.';

/** A separator line found in the file. */
interface FromLine {
  readonly offset: number;
  /** Offset just past the line (after its LF, or the file's end). */
  readonly end: number;
  readonly envelope: Envelope;
  readonly unterminated: boolean;
}

/** Where a message's content ends and what follows it. */
interface Bound {
  readonly contentEnd: number;
  /** The next message's `From ` line; null at the end of the file. */
  readonly next: FromLine | null;
  /** The message did not fit: its first bytes only. */
  readonly tooBig: Buffer | null;
  readonly warnings: string[];
}

/** Opens an mbox file; throws EINVALID when it is not one, ENOTFOUND when it is missing. */
export async function openMbox(path: string, options: MboxReadOptions = {}): Promise<MboxReader> {
  let source: ByteSource;
  try {
    source = await openFileSource(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new HeronError(code === 'ENOENT' ? 'ENOTFOUND' : 'ESTORAGE', `The mbox file could not be opened (${code ?? 'error'}): ${path}`, { cause: error });
  }
  try {
    return await MboxReader.fromSource(source, options);
  } catch (error) {
    await source.close();
    throw error;
  }
}

export class MboxReader {
  private readonly window: ByteWindow;
  private readonly maxMessageBytes: number;

  private constructor(
    private readonly source: ByteSource,
    readonly dialect: MboxDialect,
    private readonly first: FromLine | null,
    options: MboxReadOptions,
  ) {
    this.maxMessageBytes = options.maxMessageBytes ?? SAFETY_CAP_BYTES;
    const chunk = options.chunkBytes ?? DEFAULT_CHUNK;
    this.window = new ByteWindow(source, chunk, this.maxMessageBytes + chunk * 2 + MAX_FROM_LINE, first?.offset ?? source.size);
  }

  /** Checks that the source is an mbox (and `start` a message), and settles the dialect. */
  static async fromSource(source: ByteSource, options: MboxReadOptions = {}): Promise<MboxReader> {
    const dialect = options.dialect === undefined || options.dialect === 'auto' ? await detectDialect(source) : options.dialect;
    const start = options.start ?? 0;
    if (start > source.size) {
      throw new HeronError('EINVALID', `The import cannot resume at byte ${start}: the file has only ${source.size}. It has changed since.`, { detail: { field: 'file', offset: start } });
    }
    const probe = new ByteWindow(source, MAX_FROM_LINE * 2, MAX_FROM_LINE * 8, start);
    await probe.reach(start + MAX_FROM_LINE, start);
    let at = start;
    // Blank lines before the first message are not a message.
    if (start === 0) while (probe.at(at) === LF || (probe.at(at) === CR && probe.at(at + 1) === LF)) at += probe.at(at) === LF ? 1 : 2;
    if (at >= probe.limit && probe.eof) return new MboxReader(source, dialect, null, options);
    await probe.reach(at + MAX_FROM_LINE, at);
    const line = fromLineAt(probe, at, true);
    if (line === null) {
      throw new HeronError(
        'EINVALID',
        start === 0
          ? 'This file is not an mbox file: it does not start with a "From " line. (A single message is imported as an .eml file.)'
          : `The import cannot resume at byte ${start}: no message starts there. The file may have changed since.`,
        { detail: { field: 'file', offset: start } },
      );
    }
    return new MboxReader(source, dialect, line, options);
  }

  /** The largest the read buffer has been, in bytes. */
  get peakBufferBytes(): number {
    return this.window.peakBytes;
  }

  close(): Promise<void> {
    return this.source.close();
  }

  /** Every message in file order, expunged and oversized ones as `skipped`. */
  async *entries(): AsyncGenerator<MboxEntry> {
    let line = this.first;
    while (line !== null) {
      const bound = await this.boundOf(line);
      const next = bound.next?.offset ?? this.window.limit;
      yield this.entryOf(line, bound, next);
      line = bound.next;
    }
  }

  private entryOf(line: FromLine, bound: Bound, next: number): MboxEntry {
    const base = { offset: line.offset, next, envelope: line.envelope };
    if (bound.tooBig !== null) {
      return { kind: 'skipped', reason: 'too-big', size: next - line.offset, ...base, facts: headerFacts(bound.tooBig, 0, bound.tooBig.length) };
    }
    const { bytes, base: at } = this.window.view();
    const start = line.end - at;
    let end = bound.contentEnd - at;
    // Heron's mark: the message's last line had no line end; the one before the blank line is ours.
    if (line.unterminated && end > start && bytes[end - 1] === LF) end -= 1;
    const facts = headerFacts(bytes, start, end);
    if (facts.mozillaFlags !== null && mozillaState(facts.mozillaFlags).expunged) {
      return { kind: 'skipped', reason: 'expunged', size: next - line.offset, ...base, facts };
    }
    const warnings = [...bound.warnings];
    if (line.offset === this.first?.offset && line.envelope.date === null) warnings.push(UNREADABLE_SEPARATOR);
    if (bound.next === null && end > start && !headerBlock(bytes, start, end).ended) warnings.push(ENDS_IN_HEADER);
    if (bytes.subarray(start, end).indexOf(0) !== -1) warnings.push(HAS_NUL);
    const message = this.dialect === 'mboxrd' ? unquoteMboxrd(bytes, start, end) : copyOf(bytes, start, end);
    return { kind: 'message', bytes: message, warnings, ...base, facts };
  }

  private async boundOf(line: FromLine): Promise<Bound> {
    if (this.dialect === 'mboxcl' || this.dialect === 'mboxcl2') {
      const byLength = await this.contentLengthBound(line);
      if (byLength !== 'none') {
        if (byLength !== 'wrong') return byLength;
        const bound = await this.lineBound(line);
        return { ...bound, warnings: [CONTENT_LENGTH_IGNORED, ...bound.warnings] };
      }
    }
    return this.lineBound(line);
  }

  /** The line rule: the next `From ` line that follows a blank line and parses. */
  private async lineBound(line: FromLine): Promise<Bound> {
    const w = this.window;
    const msgStart = line.offset;
    const contentStart = line.end;
    // Searching from the line's own LF finds a separator right after it (an empty message).
    let scan = Math.max(msgStart, contentStart - 1);
    let tooBig: Buffer | null = null;
    for (;;) {
      const { bytes, base } = w.view();
      let waiting = false;
      for (let i = bytes.indexOf(NL_FROM, scan - base); i !== -1; i = bytes.indexOf(NL_FROM, i + 1)) {
        const nl = base + i;
        const contentEnd = blankLineBefore(w, nl, contentStart);
        if (contentEnd === null) continue;
        if (w.limit - (nl + 1) < MAX_FROM_LINE && !w.eof && lineEndIn(w, nl + 1) === null) {
          waiting = true; // the candidate's line is not all here yet
          scan = nl;
          break;
        }
        const next = fromLineAt(w, nl + 1, false);
        if (next !== null) return { contentEnd, next, tooBig, warnings: [] };
      }
      // A separator may start in the last few bytes held: look there again with more.
      if (!waiting) scan = Math.max(scan, w.limit - NL_FROM.length + 1);
      if (tooBig === null && w.limit - msgStart > this.maxMessageBytes) tooBig = copyOf(bytes, msgStart - base, Math.min(msgStart + HEADER_SCAN, w.limit) - base);
      // Three bytes before the scan point stay, for the blank-line test of a candidate there.
      const keep = tooBig === null ? msgStart : Math.max(msgStart, scan - 3);
      if (!(await w.more(keep))) return { ...endOfFile(w, contentStart), tooBig };
    }
  }

  /**
   * The Content-Length rule: 'none' without the header, 'wrong' when the length does not land on
   * the end of the file or on a separator (a blank line optional before it).
   */
  private async contentLengthBound(line: FromLine): Promise<Bound | 'none' | 'wrong'> {
    const w = this.window;
    const contentStart = line.end;
    await w.reach(contentStart + HEADER_SCAN, line.offset);
    const { bytes, base } = w.view();
    const block = headerBlock(bytes, contentStart - base, Math.min(w.limit, contentStart + HEADER_SCAN) - base);
    if (!block.ended) return 'none';
    const length = headerFacts(bytes, contentStart - base, contentStart - base + block.bodyStart).contentLength;
    if (length === null) return 'none';
    const target = contentStart + block.bodyStart + length;
    if (target - line.offset <= this.maxMessageBytes) {
      await w.reach(target + 2 + MAX_FROM_LINE, line.offset);
      return boundaryAt(w, target, contentStart, null) ?? 'wrong';
    }
    // Too big to hold: look only at where it says it ends.
    const head = copyOf(bytes, line.offset - base, Math.min(line.offset + HEADER_SCAN, w.limit) - base);
    w.seek(target - 1);
    await w.reach(target + 2 + MAX_FROM_LINE, target - 1);
    const far = w.limit > target - 1 ? boundaryAt(w, target, contentStart, head) : null;
    if (far !== null) return far;
    w.seek(line.offset);
    return 'wrong';
  }
}

/**
 * Where a message's content ends when an LF at `nl` starts a `From ` line: the LF ends a blank
 * line, which belongs to the separator (LF or CRLF). Null when the line before is not blank.
 */
function blankLineBefore(w: ByteWindow, nl: number, contentStart: number): number | null {
  if (nl >= contentStart && w.at(nl - 1) === LF) return nl;
  if (nl - 1 >= contentStart && w.at(nl - 1) === CR && w.at(nl - 2) === LF) return nl - 1;
  return null;
}

/** The end of the file ends the last message; a final blank line is the separator's. */
function endOfFile(w: ByteWindow, contentStart: number): Omit<Bound, 'tooBig'> {
  const end = w.limit;
  if (end <= contentStart) return { contentEnd: Math.max(contentStart, end), next: null, warnings: [] };
  if (w.at(end - 1) !== LF) return { contentEnd: end, next: null, warnings: [ENDS_MID_LINE] };
  if (end - 2 >= contentStart - 1 && w.at(end - 2) === LF) return { contentEnd: end - 1, next: null, warnings: [] };
  if (end - 3 >= contentStart - 1 && w.at(end - 2) === CR && w.at(end - 3) === LF) return { contentEnd: end - 2, next: null, warnings: [] };
  return { contentEnd: end, next: null, warnings: [] };
}

/** The Content-Length boundary at `target`: the end of the file, or a separator line. */
function boundaryAt(w: ByteWindow, target: number, contentStart: number, tooBig: Buffer | null): Bound | null {
  const end = w.limit;
  if (target > end) return null;
  const done = (next: FromLine | null): Bound => ({ contentEnd: target, next, tooBig, warnings: [] });
  if (w.eof && (target === end || (target + 1 === end && w.at(target) === LF) || (target + 2 === end && w.at(target) === CR && w.at(target + 1) === LF))) return done(null);
  if (target === end) return null;
  const after = w.at(target) === LF ? target + 1 : w.at(target) === CR && w.at(target + 1) === LF ? target + 2 : null;
  const blankFirst = after === null ? null : fromLineAt(w, after, false);
  if (blankFirst !== null) return done(blankFirst);
  const direct = target > contentStart && w.at(target - 1) === LF ? fromLineAt(w, target, false) : null;
  return direct === null ? null : done(direct);
}

/** The offset of the LF ending the line at `at`, if held within MAX_FROM_LINE bytes. */
function lineEndIn(w: ByteWindow, at: number): number | null {
  const { bytes, base } = w.view();
  const i = bytes.subarray(0, Math.min(w.limit, at + MAX_FROM_LINE + 1) - base).indexOf(LF, at - base);
  return i === -1 ? null : base + i;
}

/**
 * The separator line at `at`, or null. `lenient` (the file's first line) takes any `From ` line,
 * with no envelope when it does not parse; elsewhere the line must parse.
 */
function fromLineAt(w: ByteWindow, at: number, lenient: boolean): FromLine | null {
  const lf = lineEndIn(w, at);
  if (lf === null && !(w.eof && w.limit - at <= MAX_FROM_LINE)) return null;
  const end = lf === null ? w.limit : lf;
  const { bytes, base } = w.view();
  const text = bytes.toString('latin1', at - base, end - base).replace(/\r$/, '');
  const parsed = parseFromLine(text);
  if (parsed !== null) return { offset: at, end: lf === null ? end : end + 1, envelope: { sender: parsed.sender, date: parsed.date }, unterminated: parsed.unterminated };
  if (!lenient || !text.startsWith('From ')) return null;
  return { offset: at, end: lf === null ? end : end + 1, envelope: { sender: null, date: null }, unterminated: false };
}

const UNQUOTED_FROM_LINE = /(^|\n)From /;

/**
 * The dialect of an mbox, from its first megabyte: mboxcl2 when the first message's Content-Length
 * leads to the next message across an unquoted `From ` line in its body (which only cl2 leaves
 * unquoted); mboxrd otherwise — what Thunderbird and Google Takeout write, and the reading that
 * gives back what the other dialects most likely held.
 */
export async function detectDialect(source: ByteSource): Promise<MboxDialect> {
  const head = Buffer.allocUnsafe(Math.min(source.size, SNIFF_BYTES));
  let filled = 0;
  while (filled < head.length) {
    const n = await source.read(head, filled, head.length - filled, filled);
    if (n === 0) break;
    filled += n;
  }
  let reader: MboxReader;
  try {
    reader = await MboxReader.fromSource(bufferSource(head.subarray(0, filled)), { dialect: 'mboxcl2' });
  } catch {
    return 'mboxrd'; // not an mbox: fromSource says so with the dialect the caller asked for
  }
  for await (const entry of reader.entries()) {
    if (entry.kind !== 'message' || entry.facts.mozillaFlags !== null || entry.facts.gmailLabels !== null) return 'mboxrd';
    const byLength = entry.facts.contentLength !== null && !entry.warnings.includes(CONTENT_LENGTH_IGNORED) && entry.next < filled;
    return byLength && UNQUOTED_FROM_LINE.test(entry.bytes.toString('latin1', headerBlock(entry.bytes, 0, entry.bytes.length).bodyStart)) ? 'mboxcl2' : 'mboxrd';
  }
  return 'mboxrd';
}
