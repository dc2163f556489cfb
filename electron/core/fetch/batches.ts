/**
 * How a fetch's downloads are cut into commits, and where their bytes are written.
 *
 * Each batch travels as ONE buffer from the POP3 reader to the renderer's store (worker → main →
 * window → IndexedDB): every message is a view of its batch's buffer, back to back
 * (`tiledBuffer`, shared/bytes.ts). A buffer per message would cost every process on the way a
 * copy, an allocation and a transfer or clone per message.
 *
 * The batches are planned from LIST's sizes before the download starts, because RETRs are
 * pipelined ahead of the batch being filled: the reader needs to know, when a message's `+OK n
 * octets` arrives, which batch it belongs to and where in that batch's buffer it goes.
 */

export interface BatchLimits {
  /** Messages in the first batch: small, so the store starts committing while the rest downloads. */
  readonly first: number;
  /** Messages in every later batch. */
  readonly messages: number;
  /** A batch ends once its listed bytes reach this. */
  readonly bytes: number;
}

export interface PlannedBatch {
  readonly msgs: readonly number[];
  /** Sum of the messages' LIST sizes: the size of the batch's buffer. */
  readonly bytes: number;
}

/** Cuts messages (in download order) into batches: a batch ends at its message limit or once its bytes reach the limit. */
export function planBatches(messages: ReadonlyArray<{ msg: number; size: number }>, limits: BatchLimits): PlannedBatch[] {
  const out: PlannedBatch[] = [];
  let msgs: number[] = [];
  let bytes = 0;
  for (const { msg, size } of messages) {
    msgs.push(msg);
    bytes += size;
    const limit = out.length === 0 ? Math.min(limits.first, limits.messages) : limits.messages;
    if (msgs.length >= limit || bytes >= limits.bytes) {
      out.push({ msgs, bytes });
      msgs = [];
      bytes = 0;
    }
  }
  if (msgs.length > 0) out.push({ msgs, bytes });
  return out;
}

/**
 * One buffer per planned batch, allocated when its first message arrives, and each message's
 * region in it. A message whose announced size is not its LIST size gets no region (the reader
 * allocates it a buffer of its own, and the worker packs that batch by copying): the regions must
 * tile the buffer exactly, or the buffer would carry bytes no message wrote. Neither does a
 * message over `maxRegion`, which the reader never preallocates (retrieve.ts): a batch's buffer
 * is never sized by a message that will not be written into it.
 */
export class BatchBuffers {
  private readonly where = new Map<number, { batch: number; offset: number; size: number }>();
  private readonly buffers = new Map<number, Buffer>();
  private readonly sizes: number[] = [];

  constructor(batches: readonly PlannedBatch[], listedSize: (msg: number) => number, maxRegion: number) {
    batches.forEach((b, batch) => {
      let offset = 0;
      for (const msg of b.msgs) {
        const size = listedSize(msg);
        if (size > maxRegion) continue;
        this.where.set(msg, { batch, offset, size });
        offset += size;
      }
      this.sizes.push(offset);
    });
  }

  /** The region for `msg` when the server announces exactly its listed size; null otherwise. */
  bufferFor(msg: number, size: number): Buffer | null {
    const at = this.where.get(msg);
    if (at === undefined || at.size !== size || size === 0) return null;
    this.where.delete(msg); // handed out once: a second RETR of it must not write over the first
    let buffer = this.buffers.get(at.batch);
    if (buffer === undefined) {
      // Every byte of it is written before it leaves the worker, or it is never sent whole (see above).
      buffer = Buffer.allocUnsafeSlow(this.sizes[at.batch] as number);
      this.buffers.set(at.batch, buffer);
    }
    return buffer.subarray(at.offset, at.offset + size);
  }

  /** The batch was handed on: its buffer now belongs to its messages alone. */
  release(batch: number): void {
    this.buffers.delete(batch);
  }
}
