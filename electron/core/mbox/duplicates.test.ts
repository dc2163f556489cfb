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
  it('counts duplicates within one import and of stored mail, and stores each message once', async () => {
    const stored = new Set([fingerprint(noId).sha256]);
    const filter = new DuplicateFilter((fp) => stored.has(fp.sha256));
    const batch = [a, Buffer.from(a), aResent, b, noId, Buffer.from(aResent)].map(fingerprint);
    const admitted: boolean[] = [];
    for (const fp of batch) admitted.push(await filter.admit(fp));
    expect(admitted).toEqual([true, false, true, true, false, false]);
    expect(filter.duplicates).toBe(3);
  });

  it('a message whose batch failed to commit is not a duplicate when it comes again', async () => {
    const filter = new DuplicateFilter();
    const fp = fingerprint(a);
    expect(await filter.admit(fp)).toBe(true);
    filter.notStored([fp]);
    expect(await filter.admit(fp)).toBe(true);
    filter.committedNow([fp]);
    expect(await filter.admit(fingerprint(Buffer.from(a)))).toBe(false);
    expect(filter.duplicates).toBe(1);
  });
});
