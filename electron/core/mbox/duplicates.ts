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
 * Decides, message by message, what an import stores and what it counts as a duplicate: of the
 * messages already stored (`isStored`, asked of the store) and of those this import has stored or
 * is about to. A fingerprint counts as stored here only once the caller says its batch was
 * committed, so a failed commit never turns a message into a "duplicate" of one that is not there.
 */
export class DuplicateFilter {
  private readonly committed = new Set<string>();
  private readonly pending = new Set<string>();
  /** Messages skipped as duplicates. */
  duplicates = 0;

  constructor(private readonly isStored: (fp: Fingerprint) => boolean | Promise<boolean> = () => false) {}

  /** True: store it (it is now pending). False: a duplicate, counted. */
  async admit(fp: Fingerprint): Promise<boolean> {
    const key = keyOf(fp);
    if (this.committed.has(key) || this.pending.has(key) || (await this.isStored(fp))) {
      this.duplicates += 1;
      return false;
    }
    this.pending.add(key);
    return true;
  }

  /** The batch holding these was committed: later copies are duplicates. */
  committedNow(fps: readonly Fingerprint[]): void {
    for (const fp of fps) {
      const key = keyOf(fp);
      this.pending.delete(key);
      this.committed.add(key);
    }
  }

  /** The batch holding these was not stored: they are not duplicates of anything. */
  notStored(fps: readonly Fingerprint[]): void {
    for (const fp of fps) this.pending.delete(keyOf(fp));
  }
}

function keyOf(fp: Fingerprint): string {
  return `${fp.sha256}:${fp.messageId ?? ''}`;
}
