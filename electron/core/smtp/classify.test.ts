import { describe, expect, it } from 'vitest';
import { HeronError } from '../../../shared/ipc/result';
import { classifySendError, type SendPhase } from './classify';

const ctx = (phase: SendPhase = 'envelope') => ({ phase, host: 'smtp.example.com', user: 'alice@example.com' });
const err = (fields: Record<string, unknown>) => Object.assign(new Error(String(fields.message ?? 'x')), fields);

describe('classifySendError', () => {
  it.each([
    ['greeting 421', { code: 'EPROTOCOL', response: '421 4.3.2 Try later', command: 'CONN' }, 'connect', 'waiting-retry', 'ETEMPORARY'],
    ['greeting 554', { code: 'EPROTOCOL', response: '554 5.7.1 Go away', command: 'CONN' }, 'connect', 'failed', 'EREJECTED'],
    ['refused', { code: 'ESOCKET', originalCode: 'ECONNREFUSED', command: 'CONN' }, 'connect', 'waiting-retry', 'ECONNECTION'],
    ['dns', { code: 'EDNS', command: 'CONN' }, 'connect', 'waiting-retry', 'ECONNECTION'],
    ['timeout', { code: 'ETIMEDOUT', command: 'CONN' }, 'envelope', 'waiting-retry', 'ETIMEDOUT'],
    ['STARTTLS refused', { code: 'ETLS', response: '502 5.5.1 Unrecognized command', command: 'STARTTLS' }, 'connect', 'failed', 'ETLS'],
    ['STARTTLS 454', { code: 'ETLS', response: '454 4.7.0 TLS not available', command: 'STARTTLS' }, 'connect', 'waiting-retry', 'ETEMPORARY'],
    ['AUTH 535', { code: 'EAUTH', response: '535 5.7.8 Authentication credentials invalid', command: 'AUTH PLAIN' }, 'auth', 'failed', 'EAUTH'],
    ['AUTH 454', { code: 'EAUTH', response: '454 4.7.0 Temporary authentication failure', command: 'AUTH PLAIN' }, 'auth', 'waiting-retry', 'ETEMPORARY'],
    ['MAIL 451', { code: 'EENVELOPE', response: '451 4.3.0 Local error', command: 'MAIL FROM' }, 'envelope', 'waiting-retry', 'ETEMPORARY'],
    ['MAIL 550', { code: 'EENVELOPE', response: '550 5.7.1 Sender rejected', command: 'MAIL FROM' }, 'envelope', 'failed', 'EREJECTED'],
    ['MAIL 530', { code: 'EENVELOPE', response: '530 5.7.0 Authentication required', command: 'MAIL FROM' }, 'envelope', 'failed', 'EAUTH'],
    ['DATA 554', { code: 'EENVELOPE', response: '554 5.5.1 No valid recipients', command: 'DATA' }, 'envelope', 'failed', 'EREJECTED'],
    ['end-of-data 451', { code: 'EMESSAGE', response: '451 4.3.0 Try again', command: 'DATA' }, 'data-sent', 'waiting-retry', 'ETEMPORARY'],
    ['end-of-data 552', { code: 'EMESSAGE', response: '552 5.3.4 Message size exceeds fixed limit', command: 'DATA' }, 'data-sent', 'failed', 'ETOOBIG'],
    ['end-of-data 554 spam', { code: 'EMESSAGE', response: '554 5.7.1 Spam message rejected', command: 'DATA' }, 'data-sent', 'failed', 'EREJECTED'],
    ['end-of-data 421', { code: 'EMESSAGE', response: '421 4.4.2 Timeout', command: 'DATA' }, 'data-sent', 'waiting-retry', 'ETEMPORARY'],
    ['over SIZE', { code: 'EMESSAGE', message: 'Message size larger than allowed 1000', command: 'MAIL FROM' }, 'envelope', 'failed', 'ETOOBIG'],
    ['lost after data', { code: 'ECONNECTION', message: 'Connection closed unexpectedly', command: 'CONN' }, 'data-sent', 'uncertain', 'EUNCERTAIN'],
    ['timeout after data', { code: 'ETIMEDOUT', command: 'CONN' }, 'data-sent', 'uncertain', 'EUNCERTAIN'],
    ['lost during data', { code: 'ECONNECTION', message: 'Connection closed unexpectedly', command: 'CONN' }, 'data', 'waiting-retry', 'ECONNECTION'],
    ['unknown', { message: 'boom' }, 'envelope', 'failed', 'EINTERNAL'],
  ] as const)('%s', (_label, fields, phase, status, code) => {
    const out = classifySendError(err(fields), ctx(phase));
    expect(out.status).toBe(status);
    expect(out.error.code).toBe(code);
    expect(out.error.retryable).toBe(status === 'waiting-retry');
  });

  it('quotes the server and names the user when the password is rejected', () => {
    const out = classifySendError(err({ code: 'EAUTH', response: '535 5.7.8 Error: authentication failed: bad', command: 'AUTH PLAIN' }), ctx('auth'));
    expect(out.error.message).toBe(
      'The server rejected the password for alice@example.com (SMTP: 535 5.7.8 Error: authentication failed: bad). Check the password in the outgoing server settings.',
    );
  });

  it('an XOAUTH2 refusal is of the sign-in, not of a password', () => {
    const out = classifySendError(err({ code: 'EAUTH', response: '535 5.7.8 Username and Password not accepted', command: 'AUTH XOAUTH2' }), { ...ctx('auth'), auth: 'xoauth2' });
    expect(out.error.message).toBe(
      'The server refused the sign-in for alice@example.com (SMTP: 535 5.7.8 Username and Password not accepted). Sign in again, or check that this account may send through smtp.example.com.',
    );
  });

  it('every recipient refused: per-recipient reasons, failed when all permanent, retry when any is temporary', () => {
    const rejectedErrors = [
      { recipient: 'bob@example.com', response: '550 5.1.1 <bob@example.com>: Recipient address rejected: User unknown' },
      { recipient: 'eve@example.com', response: '554 5.7.1 <eve@example.com>: Relay access denied' },
    ];
    const out = classifySendError(err({ code: 'EENVELOPE', command: 'RCPT TO', response: rejectedErrors[1]?.response, rejectedErrors }), ctx());
    expect(out.status).toBe('failed');
    expect(out.perRecipient.map((r) => [r.address, r.accepted, r.temporary])).toEqual([
      ['bob@example.com', false, false],
      ['eve@example.com', false, false],
    ]);
    expect(out.perRecipient[0]?.reason).toBe('No such mailbox: bob@example.com (SMTP: 550 5.1.1 <bob@example.com>: Recipient address rejected: User unknown).');
    expect(out.perRecipient[1]?.reason).toContain('policy or spam filter');
    const temp = classifySendError(
      err({ code: 'EENVELOPE', command: 'RCPT TO', rejectedErrors: [{ recipient: 'x@example.com', response: '450 4.2.0 Greylisted' }] }),
      ctx(),
    );
    expect(temp.status).toBe('waiting-retry');
  });

  it("Heron's own errors keep their code; after the data they still cannot prove non-delivery", () => {
    const cert = new HeronError('ECERT', 'bad cert');
    expect(classifySendError(cert, ctx('connect'))).toMatchObject({ status: 'failed', error: { code: 'ECERT' } });
    expect(classifySendError(new HeronError('EABORTED', 'stop'), ctx('data-sent')).status).toBe('uncertain');
  });

  it('caps and flattens hostile server text', () => {
    const out = classifySendError(err({ code: 'EMESSAGE', response: `550 ${'A'.repeat(5000)}\r\nX`, command: 'DATA' }), ctx('data-sent'));
    expect(out.error.message.length).toBeLessThan(400);
    expect(out.error.message).not.toMatch(/[\r\n]/);
  });
});

describe('classifySendError: the security setting does not match the port', () => {
  const openssl = '80CC7382307F0000:error:0A00010B:SSL routines:ssl3_get_record:wrong version number:../deps/openssl/openssl/ssl/record/ssl3_record.c:350:\n';

  it('SSL/TLS on a plain SMTP port: words, not OpenSSL’s string, and what to try', () => {
    const out = classifySendError(
      err({ code: 'ESOCKET', originalCode: 'ERR_SSL_WRONG_VERSION_NUMBER', message: openssl, command: 'CONN', reason: 'wrong version number' }),
      { phase: 'connect', host: 'smtp.example.com', user: 'alice', port: 587, security: 'tls' },
    );
    expect(out.status).toBe('failed');
    expect(out.error).toMatchObject({
      code: 'ETLS',
      message: 'smtp.example.com did not answer with TLS on port 587: it answered in plain SMTP. It may expect STARTTLS on this port, or SSL/TLS on port 465. Nothing was sent.',
      detail: { likelyCause: 'security-setting', port: 587 },
    });
    expect(out.error.message).not.toMatch(/SSL routines|ssl3_get_record/);
  });

  it('STARTTLS on the implicit-TLS port: the missing greeting is explained', () => {
    const out = classifySendError(err({ code: 'ETIMEDOUT', message: 'Greeting never received', command: 'CONN' }), {
      phase: 'auth',
      host: 'smtp.example.com',
      user: 'alice',
      port: 465,
      security: 'starttls',
    });
    expect(out.error).toMatchObject({
      code: 'ETIMEDOUT',
      message: 'smtp.example.com accepted the connection on port 465 but sent no SMTP greeting in time. It may expect SSL/TLS from the start on this port, or STARTTLS on port 587.',
      detail: { likelyCause: 'security-setting' },
    });
  });

  it('without the port and setting, or with SSL/TLS chosen, a timeout stays a timeout', () => {
    const e = err({ code: 'ETIMEDOUT', message: 'Greeting never received', command: 'CONN' });
    expect(classifySendError(e, ctx('connect')).error.message).toBe('smtp.example.com did not answer in time. Heron will try again.');
    expect(classifySendError(e, { ...ctx('connect'), port: 465, security: 'tls' }).error.message).toBe('smtp.example.com did not answer in time. Heron will try again.');
  });
});

describe('classifySendError: no greeting on the usual plain port', () => {
  it('is a timeout without the TLS guess (587 and 25 speak plain SMTP first)', () => {
    const e = err({ code: 'ETIMEDOUT', message: 'Greeting never received', command: 'CONN' });
    for (const port of [587, 25]) {
      expect(classifySendError(e, { ...ctx('connect'), port, security: 'starttls' }).error.message).toBe('smtp.example.com did not answer in time. Heron will try again.');
    }
  });
});
