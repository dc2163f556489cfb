import { describe, expect, it } from 'vitest';
import type { Account } from '../../../../../shared/model/account';
import { accountFrom, changedConnections, formChanged, formFrom } from './account-form';

const account: Account = {
  id: 'acc-1',
  label: 'alice@example.com',
  identity: { name: 'Alice', address: 'alice@example.com' },
  incoming: { protocol: 'pop3', host: 'pop.example.com', port: 995, security: 'tls', username: 'alice', auth: 'user', pinnedCert: 'AA:BB' },
  outgoing: { protocol: 'smtp', host: 'smtp.example.com', port: 465, security: 'tls', username: 'alice', auth: 'plain', sameCredentialsAsIncoming: true },
  retention: { mode: 'keep', keepDays: 14, deleteWhenDeletedHere: true },
  checkAtStartup: true,
  checkIntervalMinutes: 10,
  headersOnlyOverBytes: 512 * 1024,
  createdAt: 1,
  order: 0,
};

describe('account settings form', () => {
  it('round-trips an account unchanged', () => {
    expect(accountFrom(account, formFrom(account))).toEqual({ ok: true, account });
  });

  it('applies edits: reply-to, signature, delete mode, no size limit, interval', () => {
    const form = { ...formFrom(account), replyTo: ' team@example.com ', signature: 'Alice\r\n-- ', retention: { choice: 'delete' as const, days: '14', deleteWhenDeletedHere: true }, sizeLimitKb: '', interval: '0' };
    const r = accountFrom(account, form);
    expect(r.ok && r.account).toMatchObject({
      identity: { name: 'Alice', address: 'alice@example.com', replyTo: 'team@example.com', signature: 'Alice\n-- ' },
      retention: { mode: 'delete', keepDays: null },
      headersOnlyOverBytes: null,
      checkIntervalMinutes: 0,
    });
  });

  it('every bad field gets its own words', () => {
    const form = { ...formFrom(account), name: '', replyTo: 'x', interval: 'often', sizeLimitKb: '-1', incoming: { ...formFrom(account).incoming, host: 'https://pop.example.com', port: '0' } };
    const r = accountFrom(account, form);
    expect(r.ok).toBe(false);
    expect(!r.ok && Object.keys(r.errors).sort()).toEqual(['incoming.host', 'incoming.port', 'interval', 'name', 'replyTo', 'sizeLimitKb']);
  });
});

describe('what a save must test first', () => {
  const none = { incoming: false, outgoing: false };
  const withIncoming = (patch: Partial<Account['incoming']>): Account => ({ ...account, incoming: { ...account.incoming, ...patch } });

  it('nothing about the servers changed: nothing to test (a name, signature or interval is not a connection)', () => {
    expect(changedConnections(account, { ...account, identity: { ...account.identity, name: 'Al' }, checkIntervalMinutes: 5 }, none)).toEqual([]);
    expect(changedConnections(account, withIncoming({ host: 'POP.example.com ' }), none)).toEqual([]);
  });

  it.each([
    ['host', { host: 'mail.example.com' }],
    ['port', { port: 110 }],
    ['security', { security: 'starttls' as const }],
    ['user name', { username: 'alice2' }],
    ['login method', { auth: 'plain' as const }],
    ['trusted certificate', { pinnedCert: 'CC:DD' }],
  ])('the incoming %s changed: the incoming server is tested', (_what, patch) => {
    expect(changedConnections(account, withIncoming(patch), none)).toEqual(['incoming']);
  });

  it('a new incoming password is tested on both servers when the outgoing one uses it, a new outgoing one on the outgoing only', () => {
    expect(changedConnections(account, account, { incoming: true, outgoing: false })).toEqual(['incoming', 'outgoing']);
    const own: Account = { ...account, outgoing: { ...account.outgoing, sameCredentialsAsIncoming: false } };
    expect(changedConnections(own, own, { incoming: true, outgoing: false })).toEqual(['incoming']);
    expect(changedConnections(own, own, { incoming: false, outgoing: true })).toEqual(['outgoing']);
    expect(changedConnections(account, own, none)).toEqual(['outgoing']);
  });

  it('the form counts as changed when any field differs from what was saved', () => {
    const saved = formFrom(account);
    expect(formChanged(saved, formFrom(account))).toBe(false);
    expect(formChanged(saved, { ...saved, signature: 'x' })).toBe(true);
  });
});
