/**
 * Duplicates on import: a message is a duplicate when one with the same Message-ID and the same
 * bytes (SHA-256) is already stored. Same bytes alone would do — they include the Message-ID — but
 * the store finds candidates by Message-ID, and two messages that share an id and differ in a byte
 * are two messages (a resent copy, a different Received chain): both are kept.
 */
import { createHash } from 'node:crypto';
import { normalizeMessageId } from '../../../shared/model/message-id';
import { findHeaderEnd, readFields } from '../mime/headers';

export interface Fingerprint {
  /** The Message-ID in its stored form (without brackets), or null. */
  readonly messageId: string | null;
  /** SHA-256 of the message's bytes, lower-case hex. */
  readonly sha256: string;
  readonly size: number;
}

const MESSAGE_ID = new Set(['message-id']);

export function fingerprint(bytes: Buffer): Fingerprint {
  const { headerLength } = findHeaderEnd(bytes);
  const id = readFields(bytes.toString('latin1', 0, headerLength), [], MESSAGE_ID).get('message-id');
  return { messageId: normalizeMessageId(id), sha256: createHash('sha256').update(bytes).digest('hex'), size: bytes.length };
}

export function sameMessage(a: Fingerprint, b: Fingerprint): boolean {
  return a.messageId === b.messageId && a.sha256 === b.sha256 && a.size === b.size;
}

/**
 * Decides, message by message, what an import stores and what it counts as a duplicate: of what
 * the store holds (`isStored`: the store looks the Message-ID up and compares the SHA-256, so
 * messages this import committed are found there too) and of what this import has admitted but
 * not yet committed. Memory is one batch of fingerprints, whatever the size of the import. A
 * fingerprint leaves the pending set when its batch is settled: committed (the store answers for
 * it now) or failed (it is not stored, so a later copy is no duplicate).
 */
export class DuplicateFilter {
  private readonly pending = new Set<string>();
  /** Messages skipped as duplicates. */
  duplicates = 0;

  constructor(private readonly isStored: (fp: Fingerprint) => boolean | Promise<boolean>) {}

  /** True: store it (it is now pending). False: a duplicate, counted. */
  async admit(fp: Fingerprint): Promise<boolean> {
    const key = keyOf(fp);
    if (this.pending.has(key) || (await this.isStored(fp))) {
      this.duplicates += 1;
      return false;
    }
    this.pending.add(key);
    return true;
  }

  /** The batch holding these was committed, or failed: they are no longer pending. */
  settled(fps: readonly Fingerprint[]): void {
    for (const fp of fps) this.pending.delete(keyOf(fp));
  }
}

/** Same bytes means the same Message-ID too: the digest alone is the key. */
function keyOf(fp: Fingerprint): string {
  return fp.sha256;
}
