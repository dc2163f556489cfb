/**
 * mboxrd export. Each message is its `From ` line (envelope sender, date in UTC), its bytes with
 * every `>*From ` line quoted once more, and a blank line. The bytes are written as they are: CRLF
 * stays CRLF and LF stays LF (converting would change the message, its signatures and its
 * SHA-256); Heron's own lines (separator, blank line) are LF. A message whose last line has no
 * line end gets the one the format needs, and its `From ` line says so (`UNTERMINATED_MARK`), so
 * reading gives back exactly the bytes written.
 *
 * The file is written under a temporary name beside the target and renamed when complete: an
 * export that stops half-way leaves no file that looks whole.
 */
import { open, rename, rm, type FileHandle } from 'node:fs/promises';
import path from 'node:path';
import { HeronError } from '../../../shared/ipc/result';
import { findHeaderEnd, parseAddresses, readFields } from '../mime/headers';
import { formatFromLine } from './from-line';
import { quoteMboxrd } from './quoting';

export interface ExportEnvelope {
  /** The envelope sender (Return-Path, else From); null writes MAILER-DAEMON. */
  readonly sender: string | null;
  /** When the message arrived, epoch ms. */
  readonly date: number;
}

const LF = 0x0a;
const BLANK = Buffer.from('\n');
const END_AND_BLANK = Buffer.from('\n\n');
const FLUSH_BYTES = 1024 * 1024;

const ENVELOPE_FIELDS = new Set(['return-path', 'from']);

/**
 * The envelope for a stored message: the sender from Return-Path (what the delivering server
 * recorded), else the From address; `receivedAt` as the date. A null Return-Path (`<>`, a bounce)
 * gives MAILER-DAEMON, as mail systems write it.
 */
export function envelopeOf(message: Buffer, receivedAt: number): ExportEnvelope {
  const fields = readFields(message.toString('latin1', 0, findHeaderEnd(message).headerLength), [], ENVELOPE_FIELDS);
  const returnPath = fields.get('return-path')?.trim();
  if (returnPath !== undefined) {
    const address = /^<?\s*([^<>\s]*)\s*>?$/.exec(returnPath)?.[1] ?? '';
    return { sender: address === '' ? null : address, date: receivedAt };
  }
  const [from] = parseAddresses(fields.get('from'), []);
  return { sender: from?.address || null, date: receivedAt };
}

/** The pieces one message takes in an mboxrd file. */
export function mboxrdEntry(message: Buffer, envelope: ExportEnvelope): Buffer[] {
  const unterminated = message.length > 0 && message[message.length - 1] !== LF;
  return [Buffer.from(formatFromLine(envelope.sender, envelope.date, unterminated), 'latin1'), ...quoteMboxrd(message), unterminated ? END_AND_BLANK : BLANK];
}

export class MboxWriter {
  private pending: Buffer[] = [];
  private pendingBytes = 0;
  private closed = false;
  /** Messages written. */
  count = 0;
  /** Bytes written to the file. */
  bytes = 0;

  private constructor(
    private readonly handle: FileHandle,
    private readonly partial: string,
    readonly target: string,
  ) {}

  /** Starts an export to `target`; it appears there only when `finish` succeeds. */
  static async create(target: string): Promise<MboxWriter> {
    const partial = path.join(path.dirname(target), `.${path.basename(target)}.${process.pid}.partial`);
    try {
      return new MboxWriter(await open(partial, 'wx'), partial, target);
    } catch (error) {
      throw storageError(error, target);
    }
  }

  /** Where the next message's `From ` line will be in the file (a backup's index of its messages). */
  get position(): number {
    return this.bytes + this.pendingBytes;
  }

  async write(message: Buffer, envelope: ExportEnvelope): Promise<void> {
    if (this.closed) throw new HeronError('EINTERNAL', 'The mbox export was already finished.');
    for (const piece of mboxrdEntry(message, envelope)) {
      this.pending.push(piece);
      this.pendingBytes += piece.length;
    }
    this.count += 1;
    if (this.pendingBytes >= FLUSH_BYTES) await this.flush();
  }

  /** Writes what is left, syncs it to disk and gives the file its name. */
  async finish(): Promise<void> {
    try {
      await this.flush();
      await this.handle.sync();
      await this.handle.close();
      this.closed = true;
      await rename(this.partial, this.target);
    } catch (error) {
      await this.abort();
      throw storageError(error, this.target);
    }
  }

  /** Stops, and removes what was written. */
  async abort(): Promise<void> {
    if (!this.closed) await this.handle.close().catch(() => undefined);
    this.closed = true;
    await rm(this.partial, { force: true });
  }

  private async flush(): Promise<void> {
    const pieces = this.pending;
    this.pending = [];
    this.pendingBytes = 0;
    const data = Buffer.concat(pieces);
    try {
      // A write may take fewer bytes than given: go on until all are written.
      for (let done = 0; done < data.length; ) {
        const { bytesWritten } = await this.handle.write(data, done, data.length - done);
        done += bytesWritten;
        this.bytes += bytesWritten;
      }
    } catch (error) {
      throw storageError(error, this.target);
    }
  }
}

function storageError(error: unknown, target: string): HeronError {
  if (error instanceof HeronError) return error;
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOSPC' || code === 'EDQUOT') return new HeronError('EQUOTA', `The disk is full: the export to ${target} stopped and was removed.`, { cause: error });
  return new HeronError('ESTORAGE', `The export to ${target} failed (${code ?? 'error'}).`, { cause: error });
}
