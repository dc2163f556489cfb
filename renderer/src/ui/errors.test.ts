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

describe('describeError: hints for where the person is', () => {
  it('on the account form (wizard, settings) the hint points at the settings above, never "in the account settings"', () => {
    for (const code of ERROR_CODES) {
      expect(describeError({ code, message: 'm' }, 'account-form').hint, code).not.toContain('in the account settings');
    }
    expect(describeError({ code: 'ECERT', message: 'm' }, 'account-form').hint).toBe(
      'Someone may be intercepting the connection. If you trust this server, review its certificate below before you trust it.',
    );
    expect(describeError({ code: 'ECERT', message: 'm' }).hint).toContain('open Settings');
  });

  it('a security setting that does not match the port gets its own title and hint', () => {
    const error = { code: 'ETLS', message: 'x did not answer with TLS on port 110.', detail: { likelyCause: 'security-setting' } } as const;
    expect(describeError(error, 'account-form')).toMatchObject({
      title: 'The security setting does not match the port',
      hint: 'Change the security setting (SSL/TLS or STARTTLS) or the port above, as the message says.',
    });
    expect(describeError({ ...error, code: 'ETIMEDOUT' }).hint).toBe('Change the security setting (SSL/TLS or STARTTLS) or the port in the account settings, as the message says.');
  });
});
