import { describe, expect, it } from 'vitest';
import { allowedIntervalMinutes, loginDelayWarning, refusalOf, refusalWords } from './provider-limits';

describe('provider session limits in words', () => {
  it('warns only when the account checks more often than LOGIN-DELAY allows, and says how often Heron checks', () => {
    expect(loginDelayWarning('pop.example', 5, 900)).toBe(
      'pop.example allows one login every 15 minutes (POP3 LOGIN-DELAY 900), but this account is set to check every 5 minutes. ' +
        'Heron checks every 15 minutes instead; a “Get mail” sooner than that is refused by the server. Set the account to check every 15 minutes or more.',
    );
    expect(loginDelayWarning('pop.example', 15, 900)).toBeNull();
    expect(loginDelayWarning('pop.example', 0, 900)).toBeNull();
    expect(loginDelayWarning('pop.example', 5, undefined)).toBeNull();
    expect([allowedIntervalMinutes(5, 900), allowedIntervalMinutes(5, 61), allowedIntervalMinutes(30, 900), allowedIntervalMinutes(0, 900)]).toEqual([15, 5, 30, 0]);
  });

  it('tells IN-USE, LOGIN-DELAY and SYS/TEMP apart, each saying the password is fine', () => {
    expect(refusalOf({ detail: { responseCode: 'IN-USE' } })).toBe('IN-USE');
    expect(refusalOf({ responseCode: 'LOGIN-DELAY' })).toBe('LOGIN-DELAY');
    expect(refusalOf({ detail: { responseCode: 'AUTH' } })).toBeNull();
    expect(refusalOf(null)).toBeNull();
    expect(refusalWords('IN-USE', 'pop.example')).toBe(
      'The mailbox on pop.example was in use by another session. Another mail program or device (or another check) was connected to this mailbox, and the server lets one session at a time. Your password is fine. Heron tries again later.',
    );
    for (const r of ['IN-USE', 'LOGIN-DELAY', 'SYS/TEMP'] as const) expect(refusalWords(r, 'h')).toContain('Your password is fine.');
  });
});
