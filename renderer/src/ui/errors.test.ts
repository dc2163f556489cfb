import { describe, expect, it } from 'vitest';
import { ERROR_CODES } from '../../../shared/ipc/result';
import { describeError } from './errors';

describe('describeError', () => {
  it('has a distinct title and a hint for every code in the union', () => {
    const titles = ERROR_CODES.map((code) => describeError({ code, message: 'm' }).title);
    expect(new Set(titles).size).toBe(ERROR_CODES.length);
    for (const code of ERROR_CODES) expect(describeError({ code, message: 'm' }).hint.length).toBeGreaterThan(10);
  });

  it('keeps main’s words (with the server’s quote) as the message', () => {
    const words = describeError({
      code: 'EAUTH',
      message: 'The server rejected the password for alice@example.com (POP3: -ERR [AUTH] Authentication failed)',
      retryable: false,
    });
    expect(words).toEqual({
      title: 'The server did not accept your sign-in',
      message: 'The server rejected the password for alice@example.com (POP3: -ERR [AUTH] Authentication failed)',
      hint: 'Check the user name and password. Some providers need an app password.',
      canRetry: false,
    });
  });

  it('falls back to the title when main sent no words', () => {
    expect(describeError({ code: 'ETIMEDOUT', message: '  ', retryable: true })).toMatchObject({
      message: 'The server took too long to answer',
      canRetry: true,
    });
  });
});
