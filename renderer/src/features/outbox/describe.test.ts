import { describe, expect, it } from 'vitest';
import type { OutboxRow } from '../../data/rows';
import { describeOutboxRow } from './describe';

const row = (over: Partial<OutboxRow>): OutboxRow =>
  ({ id: 'o1', accountId: 'a1', state: 'queued', nextAttemptAt: 0, attempts: 0, lastError: null, perRecipient: [], ...over }) as OutboxRow;

describe('outbox words', () => {
  it('held: the undo window counts down in seconds; Send later says when it goes; both can be sent now, edited or cancelled', () => {
    expect(describeOutboxRow(row({ sendAt: 8_001, scheduled: false }), 0)).toEqual({
      status: 'Sending in 9 s',
      detail: 'You can still undo it: edit it, or cancel sending.',
      actions: ['send-now', 'edit', 'cancel'],
    });
    const at = new Date(2026, 11, 9, 8, 0).getTime();
    const now = new Date(2026, 11, 8, 21, 0).getTime();
    const later = describeOutboxRow(row({ sendAt: at, scheduled: true }), now);
    expect(later.status).toMatch(/^Scheduled — goes .*9.*08:00/);
    expect(later.actions).toEqual(['send-now', 'edit', 'cancel']);
    // Its time has come: it waits its turn like any other.
    expect(describeOutboxRow(row({ sendAt: at, scheduled: true }), at).status).toBe('Waiting to send');
  });
  it('waiting: says when the next try is', () => {
    expect(describeOutboxRow(row({ state: 'waiting-retry', nextAttemptAt: 120_000 }), 0).status).toBe('Waiting to send — next try in 2 min');
  });
  it('failed: each refused recipient with its reason', () => {
    const w = describeOutboxRow(
      row({ state: 'failed', lastError: { code: 'EREJECTED', message: 'The server refused the message.', retryable: false }, perRecipient: [{ address: 'x@y.z', accepted: false, reason: 'No such user.' }] }),
      0,
    );
    expect(w).toEqual({ status: 'Not sent — the server refused it', detail: 'The server refused the message.\nx@y.z: No such user.', actions: ['edit', 'send-again'] });
  });
  it('authentication failure points to the account settings', () => {
    expect(describeOutboxRow(row({ state: 'failed', lastError: { code: 'EAUTH', message: 'Wrong password.', retryable: false } }), 0).actions[0]).toBe('settings');
    expect(describeOutboxRow(row({ state: 'failed', lastError: { code: 'ESIGNIN', message: 'Google ended Heron’s sign-in for a@gmail.com: the sign-in has expired or was revoked. Sign in again to go on.', retryable: false } }), 0)).toEqual({
      status: 'Not sent — sign in again',
      detail: 'Google ended Heron’s sign-in for a@gmail.com: the sign-in has expired or was revoked. Sign in again to go on.',
      actions: ['sign-in', 'edit'],
    });
  });
  it('no secure connection (a TLS mismatch, a certificate): needs the person, in words, with the settings and "Send again"', () => {
    const message = 'A secure (TLS) connection to smtp.example.com could not be set up: wrong version number. Nothing was sent.';
    for (const code of ['ETLS', 'ECERT'] as const) {
      expect(describeOutboxRow(row({ state: 'failed', lastError: { code, message, retryable: false } }), 0)).toEqual({
        status: 'Not sent — no secure connection to the server',
        detail: `${message} Heron will not try again by itself: check the outgoing server settings, then send again.`,
        actions: ['settings', 'send-again', 'edit'],
      });
    }
  });
  it('a server that breaks the protocol (DATA without 354) or lacks what the account needs: not "refused"', () => {
    const w = describeOutboxRow(row({ state: 'failed', lastError: { code: 'EPROTOCOL', message: 'smtp.example.com answered DATA with "250 Ok" instead of 354.', retryable: false } }), 0);
    expect(w).toEqual({ status: 'Not sent — the server does not work the way Heron needs', detail: 'smtp.example.com answered DATA with "250 Ok" instead of 354.', actions: ['settings', 'send-again', 'edit'] });
  });
  it('uncertain: the person decides', () => {
    expect(describeOutboxRow(row({ state: 'uncertain' }), 0)).toMatchObject({ status: 'May have been sent', actions: ['send-again', 'mark-sent'] });
  });
  it('the rest of a sent message, to deferred recipients: says who it is for, cannot be edited, can be given up', () => {
    const resend = (over: Partial<OutboxRow>) => row({ resendOf: 'sent-1', envelope: { from: 'a@x.y', to: ['carol@x.y'] }, ...over });
    expect(describeOutboxRow(resend({ state: 'waiting-retry', nextAttemptAt: 60_000 }), 0)).toMatchObject({
      status: 'Waiting to send — next try in 1 min (to carol@x.y only: everyone else has it)',
      actions: ['send-now', 'stop'],
    });
    expect(describeOutboxRow(resend({ state: 'failed', lastError: { code: 'EREJECTED', message: 'Refused.', retryable: false } }), 0).actions).toEqual(['send-again', 'stop']);
    expect(describeOutboxRow(resend({ state: 'uncertain' }), 0).actions).toEqual(['send-again', 'mark-sent', 'stop']);
    expect(describeOutboxRow(resend({ state: 'sending' }), 0).actions).toEqual([]);
  });
});
