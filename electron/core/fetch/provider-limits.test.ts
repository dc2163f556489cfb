import { afterEach, describe, expect, it } from 'vitest';
import { parseCapabilities } from '../pop3/capabilities';
import { fakeServers } from '../pop3/testing/helpers';
import { getMail, MAILBOX } from './testing/session-support';

/**
 * How a provider limits POP sessions (issue 20): RFC 2449 §6.5 LOGIN-DELAY in CAPA is reported
 * with the Get mail, and RFC 3206's [IN-USE], [LOGIN-DELAY] and [SYS/TEMP] at login end it as
 * what they are — another session, too soon, a passing problem — never as a password refused.
 */
const servers = fakeServers();
afterEach(() => servers.closeAll());

describe('provider session limits', () => {
  it('reads LOGIN-DELAY from CAPA (with or without USER), and nothing from a malformed one', () => {
    expect(parseCapabilities(['USER', 'LOGIN-DELAY 900 USER']).loginDelaySeconds).toBe(900);
    expect(parseCapabilities(['login-delay 60']).loginDelaySeconds).toBe(60);
    expect(parseCapabilities(['LOGIN-DELAY soon']).loginDelaySeconds).toBeNull();
    expect(parseCapabilities(['LOGIN-DELAY 0']).loginDelaySeconds).toBeNull();
    expect(parseCapabilities(['UIDL']).loginDelaySeconds).toBeNull();
  });

  it('a Get mail reports the LOGIN-DELAY the server announces after login', async () => {
    const server = await servers.start({ messages: [MAILBOX[0]!], capabilities: { extra: ['LOGIN-DELAY 900'] } });
    const { summary, error } = await getMail(server);
    expect(error).toBeNull();
    expect(summary?.loginDelaySeconds).toBe(900);
    const plain = await servers.start({ messages: [MAILBOX[0]!] });
    expect((await getMail(plain)).summary).not.toHaveProperty('loginDelaySeconds');
  });

  it.each([
    ['-ERR [IN-USE] Mailbox is locked by another POP3 session', 'ELOCKED', 'IN-USE'],
    ['-ERR [LOGIN-DELAY] Wait 15 minutes between logins', 'ETEMPORARY', 'LOGIN-DELAY'],
    ['-ERR [SYS/TEMP] Storage unavailable', 'ETEMPORARY', 'SYS/TEMP'],
  ])('in_use_not_a_password_error: PASS answered %s ends the Get mail as %s, retryable, with the code', async (reply, code, responseCode) => {
    const server = await servers.start({
      messages: [MAILBOX[0]!],
      capabilities: { respCodes: true },
      overrides: {
        PASS: (s) => {
          s.reply(reply);
          s.close();
        },
      },
    });
    const { error } = await getMail(server);
    expect(error).toMatchObject({ code, retryable: true, detail: { responseCode } });
    expect(server.transcript.some((l) => /^(RETR|DELE)/.test(l))).toBe(false);
  });
});
