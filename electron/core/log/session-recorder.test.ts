import { describe, expect, it } from 'vitest';
import { HeronError } from '../../../shared/ipc/result';
import { DEFAULT_LOG_LIMITS, fitToLimits } from './log-store';
import { containsSecret } from './scrub';
import { DEFAULT_RECORDER_LIMITS, SessionRecorder } from './session-recorder';

const META = { side: 'incoming', purpose: 'fetch', host: 'pop.test', port: 995, security: 'tls' } as const;

function clock(step = 5) {
  let t = 1_000_000;
  return () => (t += step);
}

describe('SessionRecorder', () => {
  it('keeps every line of a short session in order, with the time since the start', () => {
    const r = new SessionRecorder(META, ['hunter2'], clock());
    r.note('Connected to 127.0.0.1:995');
    r.sink({ dir: 'S', text: '+OK ready' });
    r.sink({ dir: 'C', text: 'USER alice' });
    const s = r.finish(null);
    expect(s.lines).toEqual([
      { ms: 5, dir: 'I', text: 'Connecting to pop.test:995 (SSL/TLS)' },
      { ms: 10, dir: 'I', text: 'Connected to 127.0.0.1:995' },
      { ms: 15, dir: 'S', text: '+OK ready' },
      { ms: 20, dir: 'C', text: 'USER alice' },
    ]);
    expect(s).toMatchObject({ ...META, error: null, omitted: 0, startedAt: 1_000_005 });
  });

  it('masks a password a server echoes back, in the line and in the error, in every encoding', () => {
    const secret = 'Echo-Me-Pw-93c1';
    const r = new SessionRecorder(META, [secret], clock());
    r.sink({ dir: 'S', text: `-ERR no such user alice with password ${secret}` });
    r.sink({ dir: 'S', text: `-ERR ${Buffer.from(`\0alice\0${secret}`).toString('base64')}` });
    r.sink({ dir: 'S', text: `-ERR ${Buffer.from(secret).toString('hex')}` });
    const s = r.finish(new HeronError('EAUTH', `pop.test rejected the credentials (POP3: -ERR bad ${secret}).`));
    const text = JSON.stringify(s);
    expect(containsSecret(text, [secret])).toBe(false);
    expect(s.lines[1]?.text).toBe('-ERR no such user alice with password ****');
    expect(s.error).toEqual({ code: 'EAUTH', message: 'pop.test rejected the credentials (POP3: -ERR bad ****).' });
  });

  it('keeps the start and the end of a long session and says how many lines it left out between them', () => {
    const r = new SessionRecorder(META, [], clock(1), { head: 3, tail: 2 });
    for (let i = 1; i <= 10; i += 1) r.sink({ dir: 'C', text: `RETR ${i}` });
    const s = r.finish(null);
    expect(s.lines.map((l) => l.text)).toEqual(['Connecting to pop.test:995 (SSL/TLS)', 'RETR 1', 'RETR 2', '(6 lines left out)', 'RETR 9', 'RETR 10']);
    expect(s.omitted).toBe(6);
  });

  it('an error’s detail (the command, the server’s reply, OpenSSL’s reason) is noted, scrubbed like the rest', () => {
    const r = new SessionRecorder(META, ['pw-1'], clock(1));
    const s = r.finish({ code: 'ETLS', message: 'x', retryable: false, detail: { host: 'pop.test', port: 995, reason: 'wrong version number', response: '-ERR pw-1', likelyCause: 'security-setting' } });
    expect(s.lines.at(-1)).toMatchObject({ dir: 'I', text: 'Error details: reason=wrong version number; response=-ERR ****' });
  });

  it('at its limits, one session of the longest lines still fits the store’s byte limit', () => {
    const r = new SessionRecorder(META, [], clock(1));
    const n = DEFAULT_RECORDER_LIMITS.head + DEFAULT_RECORDER_LIMITS.tail + 50;
    for (let i = 0; i < n; i += 1) r.sink({ dir: 'S', text: 'x'.repeat(5000) });
    const s = r.finish(new Error('y'.repeat(5000)));
    expect(fitToLimits([s], DEFAULT_LOG_LIMITS)).toEqual([s]);
    expect(Buffer.byteLength(JSON.stringify(s))).toBeLessThan(DEFAULT_LOG_LIMITS.maxBytes);
  });
});
