import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { secretServersChanged, secretServersFor, type Account } from '../../../shared/model/account';
import { boundReader, SecretBindings } from './bindings';
import { MemorySecretStore } from './memory-secret-store';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'heron-bind-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const POP = { host: 'pop.example.com', port: 995, security: 'tls' as const, username: 'alice' };
const SMTP = { host: 'smtp.example.com', port: 465, security: 'tls' as const, username: 'alice' };

async function setup() {
  const store = new MemorySecretStore();
  const bindings = new SecretBindings(path.join(dir, 'secret-bindings.json'));
  await store.set('acct', 'incoming', 'hunter2', { persist: false });
  await bindings.set('acct', 'incoming', [POP, SMTP]);
  return { store, bindings, reader: boundReader(store, bindings) };
}

describe('passwords bound to their servers (a compromised renderer cannot redirect a stored password)', () => {
  it('gives the password for the servers it was stored for (host case and spaces do not matter)', async () => {
    const { reader } = await setup();
    expect(await reader.get('acct', 'incoming', POP)).toBe('hunter2');
    expect(await reader.get('acct', 'incoming', { ...SMTP, host: ' SMTP.Example.com' })).toBe('hunter2');
  });

  it('refuses another host, another port, a weaker security or another user name, in words', async () => {
    const { reader } = await setup();
    for (const other of [{ ...POP, host: 'evil.example' }, { ...POP, port: 110 }, { ...POP, security: 'none' as const }, { ...POP, username: 'mallory' }]) {
      await expect(reader.get('acct', 'incoming', other)).rejects.toMatchObject({
        code: 'ENOSECRET',
        message: expect.stringMatching(/stored for a different server.*Enter the password again/),
      });
    }
  });

  it('survives a restart (bindings on disk, not secret) and is forgotten with the account', async () => {
    const { store } = await setup();
    const file = path.join(dir, 'secret-bindings.json');
    expect(readFileSync(file, 'utf8')).not.toContain('hunter2');
    const again = boundReader(store, new SecretBindings(file));
    expect(await again.get('acct', 'incoming', POP)).toBe('hunter2');
    const bindings = new SecretBindings(file);
    await bindings.forget('acct');
    await expect(boundReader(store, new SecretBindings(file)).get('acct', 'incoming', POP)).rejects.toMatchObject({ code: 'ENOSECRET' });
  });

  it('no stored password: null, so callers ask for it', async () => {
    const { reader } = await setup();
    expect(await reader.get('acct', 'outgoing', SMTP)).toBeNull();
  });
});

describe('secretServersFor', () => {
  const account: Pick<Account, 'incoming' | 'outgoing'> = {
    incoming: { protocol: 'pop3', auth: 'user', ...POP },
    outgoing: { protocol: 'smtp', auth: 'plain', ...SMTP, sameCredentialsAsIncoming: true },
  };
  it('binds the incoming password to the outgoing server too when it logs in with the same credentials', () => {
    expect(secretServersFor(account, 'incoming')).toEqual([POP, SMTP]);
    expect(secretServersFor({ ...account, outgoing: { ...account.outgoing, sameCredentialsAsIncoming: false } }, 'incoming')).toEqual([POP]);
    expect(secretServersFor(account, 'outgoing')).toEqual([SMTP]);
  });
  it('says when an edit needs the password again', () => {
    expect(secretServersChanged(account, account, 'incoming')).toBe(false);
    expect(secretServersChanged(account, { ...account, incoming: { ...account.incoming, host: 'pop2.example.com' } }, 'incoming')).toBe(true);
    expect(secretServersChanged(account, { ...account, outgoing: { ...account.outgoing, port: 587, security: 'starttls' } }, 'incoming')).toBe(true);
  });
});

describe('saving the bindings', () => {
  it('a save that failed does not stop the next one (the file is written once the folder can be made)', async () => {
    const blocker = path.join(dir, 'profile');
    writeFileSync(blocker, 'a file where the folder should be');
    const bindings = new SecretBindings(path.join(blocker, 'secret-bindings.json'));
    await expect(bindings.set('acct', 'incoming', [POP])).rejects.toThrow();
    rmSync(blocker);
    await bindings.set('acct', 'outgoing', [SMTP]);
    expect(Object.keys(JSON.parse(readFileSync(path.join(blocker, 'secret-bindings.json'), 'utf8')) as object).sort()).toEqual(['acct/incoming', 'acct/outgoing']);
  });
});
