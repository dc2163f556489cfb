import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { DuplicateFilter, fingerprint, sameMessage } from './duplicates';

const a = Buffer.from('Message-ID: <one@x>\nSubject: a\n\nbody\n');
const aResent = Buffer.from('Received: by relay\nMessage-ID: <one@x>\nSubject: a\n\nbody\n');
const b = Buffer.from('Message-ID:  one@x \n\nother\n');
const noId = Buffer.from('Subject: none\n\nbody\n');

describe('fingerprint', () => {
  it('holds the stored form of the Message-ID, the SHA-256 and the size', () => {
    expect(fingerprint(a)).toEqual({ messageId: 'one@x', sha256: createHash('sha256').update(a).digest('hex'), size: a.length });
    expect(fingerprint(noId).messageId).toBeNull();
  });

  it('same Message-ID and same bytes is the same message; same id with other bytes is not', () => {
    expect(sameMessage(fingerprint(a), fingerprint(Buffer.from(a)))).toBe(true);
    expect(sameMessage(fingerprint(a), fingerprint(aResent))).toBe(false);
    expect(sameMessage(fingerprint(a), fingerprint(b))).toBe(false);
  });
});

describe('DuplicateFilter', () => {
  /** The store's answer: a message with this Message-ID and these bytes is stored. */
  const fakeStore = (stored: Set<string>) => (fp: { messageId: string | null; sha256: string }) => stored.has(`${fp.messageId}:${fp.sha256}`);
  const commit = (stored: Set<string>, fps: ReturnType<typeof fingerprint>[]) => fps.forEach((fp) => stored.add(`${fp.messageId}:${fp.sha256}`));

  it('counts duplicates within one batch, of this import\'s earlier batches and of stored mail, and stores each message once', async () => {
    const stored = new Set<string>();
    commit(stored, [fingerprint(noId)]);
    const filter = new DuplicateFilter(fakeStore(stored));
    const admitted: boolean[] = [];
    const batch1 = [a, Buffer.from(a), aResent, b, noId].map(fingerprint);
    const admitted1: ReturnType<typeof fingerprint>[] = [];
    for (const fp of batch1) {
      const ok = await filter.admit(fp);
      admitted.push(ok);
      if (ok) admitted1.push(fp);
    }
    commit(stored, admitted1);
    filter.settled(admitted1);
    for (const fp of [Buffer.from(aResent), Buffer.from(b)].map(fingerprint)) admitted.push(await filter.admit(fp));
    expect(admitted).toEqual([true, false, true, true, false, false, false]);
    expect(filter.duplicates).toBe(4);
  });

  it('a message whose batch failed to commit is not a duplicate when it comes again', async () => {
    const stored = new Set<string>();
    const filter = new DuplicateFilter(fakeStore(stored));
    const fp = fingerprint(a);
    expect(await filter.admit(fp)).toBe(true);
    filter.settled([fp]); // the commit failed: nothing stored
    expect(await filter.admit(fingerprint(Buffer.from(a)))).toBe(true);
    commit(stored, [fp]);
    filter.settled([fp]);
    expect(await filter.admit(fingerprint(Buffer.from(a)))).toBe(false);
    expect(filter.duplicates).toBe(1);
  });
});
