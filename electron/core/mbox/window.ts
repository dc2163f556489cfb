/**
 * A bounded window onto a file read in chunks: the reader keeps the bytes from the message it is
 * working on, the rest is read as needed into the same buffer. The buffer grows only while one
 * message does not fit, and shrinks back once such a message has passed.
 */
import { open } from 'node:fs/promises';

/** Random-access bytes: a file, or a buffer in tests. */
export interface ByteSource {
  /** The number of bytes, as far as known when opened. */
  readonly size: number;
  /** Reads up to `length` bytes at `position` into `into[offset…]`; 0 at the end. */
  read(into: Buffer, offset: number, length: number, position: number): Promise<number>;
  close(): Promise<void>;
}

export async function openFileSource(path: string): Promise<ByteSource> {
  const handle = await open(path, 'r');
  try {
    const { size } = await handle.stat();
    return {
      size,
      read: async (into, offset, length, position) => (await handle.read(into, offset, length, position)).bytesRead,
      close: () => handle.close(),
    };
  } catch (error) {
    await handle.close();
    throw error;
  }
}

/** `data` as a source; `maxRead` caps each read, so tests can split the input at every byte. */
export function bufferSource(data: Buffer, maxRead = Infinity): ByteSource {
  return {
    size: data.length,
    read: (into, offset, length, position) => Promise.resolve(data.copy(into, offset, position, position + Math.min(length, maxRead))),
    close: () => Promise.resolve(),
  };
}

export class ByteWindow {
  /** The file offset of `buf[0]`. */
  private base: number;
  private buf: Buffer;
  /** Bytes of `buf` holding data. */
  private filled = 0;
  private ended = false;
  /** The largest the buffer has been. */
  peakBytes: number;

  /**
   * `chunk`: bytes read at a time. `ceiling`: the buffer doubles up to this size, then grows only
   * by what must be held.
   */
  constructor(
    private readonly source: ByteSource,
    private readonly chunk: number,
    private readonly ceiling: number,
    start: number,
  ) {
    this.base = start;
    this.buf = Buffer.allocUnsafe(chunk * 2);
    this.peakBytes = this.buf.length;
  }

  /** The file offset just past the data held. */
  get limit(): number {
    return this.base + this.filled;
  }

  /** Whether the source has no more bytes after `limit`. */
  get eof(): boolean {
    return this.ended;
  }

  /** The bytes held and the file offset of the first: `bytes[abs - base]` is the byte at `abs`. */
  view(): { bytes: Buffer; base: number } {
    return { bytes: this.buf.subarray(0, this.filled), base: this.base };
  }

  /** The byte at file offset `abs` (which must be held). */
  at(abs: number): number {
    return this.buf[abs - this.base] as number;
  }

  /**
   * Reads more; bytes before `keep` (a file offset) may be dropped. Returns false at the end of
   * the source.
   */
  async more(keep: number): Promise<boolean> {
    if (this.ended) return false;
    const drop = Math.max(0, Math.min(keep, this.limit) - this.base);
    const kept = this.filled - drop;
    if (this.buf.length - this.filled < this.chunk) {
      const usual = this.chunk * 2;
      const oversized = this.buf.length > usual * 2 && kept + this.chunk <= usual;
      if (kept + this.chunk <= this.buf.length && !oversized) {
        this.buf.copyWithin(0, drop, this.filled);
      } else {
        // Doubles while one message does not fit (never past the ceiling the reader set); back
        // to the usual size once it has passed.
        const size = oversized ? usual : Math.max(kept + this.chunk, Math.min(this.buf.length * 2, this.ceiling));
        const next = Buffer.allocUnsafe(size);
        this.buf.copy(next, 0, drop, this.filled);
        this.buf = next;
        this.peakBytes = Math.max(this.peakBytes, size);
      }
      this.base += drop;
      this.filled = kept;
    }
    const n = await this.source.read(this.buf, this.filled, Math.min(this.buf.length - this.filled, this.chunk * 4), this.limit);
    if (n === 0) {
      this.ended = true;
      return false;
    }
    this.filled += n;
    return true;
  }

  /** Holds at least the bytes up to file offset `abs` (exclusive), or everything left. */
  async reach(abs: number, keep: number): Promise<void> {
    while (this.limit < abs && (await this.more(keep)));
  }

  /** Forgets everything held and continues reading at file offset `abs`. */
  seek(abs: number): void {
    this.base = abs;
    this.filled = 0;
    this.ended = false;
  }
}
