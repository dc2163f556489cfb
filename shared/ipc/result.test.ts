import { describe, expect, it } from 'vitest';
import { HeronError, serializeError, fail, ok } from './result';

describe('Result envelope', () => {
  it('serializes a HeronError with its code, words and detail', () => {
    const e = new HeronError('EAUTH', 'The server rejected the password.', { detail: { server: 'pop.example.com' } });
    expect(serializeError(e)).toEqual({
      code: 'EAUTH',
      message: 'The server rejected the password.',
      retryable: false,
      detail: { server: 'pop.example.com' },
    });
  });

  it('turns anything else into EINTERNAL without losing the message', () => {
    expect(serializeError(new TypeError('x is undefined'))).toEqual({
      code: 'EINTERNAL',
      message: 'Something went wrong inside Heron: x is undefined',
      retryable: false,
    });
  });

  it('builds ok and fail envelopes', () => {
    expect(ok(3)).toEqual({ ok: true, value: 3 });
    expect(fail('ETIMEDOUT', 'slow', { retryable: true })).toEqual({
      ok: false,
      error: { code: 'ETIMEDOUT', message: 'slow', retryable: true },
    });
  });
});
