import { describe, expect, it } from 'vitest';
import { HeronError } from '../../../shared/ipc/result';
import { SecretScrubber } from './secret-scrubber';

const PW = 'hunter2-Secret';
const b64 = (s: string) => Buffer.from(s).toString('base64');

describe('SecretScrubber', () => {
  it('masks a used password in every string of a payload, in its encodings, and leaves bytes and untouched objects as they are', () => {
    const scrubber = new SecretScrubber();
    const bytes = new Uint8Array(Buffer.from(`mail that quotes ${PW}`));
    const clean = { text: 'nothing here' };
    const payload = { error: { message: `535 failed: ${b64(`\0alice\0${PW}`)} (${PW})`, detail: { response: Buffer.from(PW).toString('hex') } }, bytes, clean };
    expect(scrubber.scrub(payload)).toBe(payload); // nothing used yet: nothing known
    scrubber.note(PW);
    const out = scrubber.scrub(payload);
    // Inside a larger base64 blob only the characters made of the password's bits alone are masked (core/log/scrub.ts).
    expect(out).toEqual({ error: { message: '535 failed: AGFsaWNlAG**** (****)', detail: { response: '****' } }, bytes, clean });
    expect(out.bytes).toBe(bytes);
    expect(out.clean).toBe(clean);
    expect(payload.error.message).toContain(PW); // the original is not changed
  });

  it('masks a thrown error, keeping its code, retryability and the rest of its words', () => {
    const scrubber = new SecretScrubber();
    scrubber.note(PW);
    const thrown = new HeronError('EAUTH', `pop.example.com rejected the credentials (POP3: -ERR bad password ${PW}).`, { retryable: true, detail: { response: `-ERR bad password ${PW}` } });
    const out = scrubber.scrubError(thrown) as HeronError;
    expect(out.toJSON()).toEqual({ code: 'EAUTH', message: 'pop.example.com rejected the credentials (POP3: -ERR bad password ****).', retryable: true, detail: { response: '-ERR bad password ****' } });
    const plain = new HeronError('ETIMEDOUT', 'no answer');
    expect(scrubber.scrubError(plain)).toBe(plain);
    expect(String((scrubber.scrubError(new Error(`boom ${PW}`)) as Error).message)).toBe('boom ****');
  });
});
