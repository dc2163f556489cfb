/**
 * Saving a new account: passwords to main first (so no account exists without one), then the
 * account row in Dexie; if the row cannot be written, the passwords (and a sign-in) are forgotten again.
 */
import type { SerializedError } from '../../../../shared/ipc/result';
import { secretServersFor, type Account } from '../../../../shared/model/account';
import type { Bridge } from '../../bridge/bridge';
import { accountsRepo } from '../../data/accounts-repo';
import type { HeronDb } from '../../data/db';

export interface NewAccountSecrets {
  /** Null when the account signed in with its provider: main already holds that grant. */
  readonly incoming: string | null;
  /** Null when the outgoing server uses the incoming password or no login. */
  readonly outgoing: string | null;
  /** false = keep in main's memory for this session only. */
  readonly persist: boolean;
}

export async function saveNewAccount(
  bridge: Pick<Bridge, 'call'>,
  db: HeronDb,
  account: Omit<Account, 'order'>,
  secrets: NewAccountSecrets,
): Promise<{ ok: true; account: Account } | { ok: false; error: SerializedError }> {
  const accountId = account.id;
  if (secrets.incoming !== null) {
    const incoming = await bridge.call('setPassword', { accountId, slot: 'incoming', password: secrets.incoming, persist: secrets.persist, servers: secretServersFor(account, 'incoming') });
    if (!incoming.ok) return incoming;
  }
  if (secrets.outgoing !== null) {
    const outgoing = await bridge.call('setPassword', { accountId, slot: 'outgoing', password: secrets.outgoing, persist: secrets.persist, servers: secretServersFor(account, 'outgoing') });
    if (!outgoing.ok) {
      await bridge.call('forgetAccountSecrets', { accountId });
      return outgoing;
    }
  }
  try {
    const repo = accountsRepo(db);
    const saved: Account = { ...account, order: await repo.nextOrder() };
    await repo.put(saved);
    return { ok: true, account: saved };
  } catch (error) {
    await bridge.call('forgetAccountSecrets', { accountId });
    const name = error instanceof Error ? error.name : '';
    return {
      ok: false,
      error: {
        code: name === 'QuotaExceededError' ? 'EQUOTA' : 'ESTORAGE',
        message: `Heron could not save the account on this computer (${error instanceof Error ? error.message : String(error)}).`,
        retryable: true,
      },
    };
  }
}

/** Account ids key files and maps in main: [A-Za-z0-9_-]{1,64}. */
export function newAccountId(): string {
  return `acc-${crypto.randomUUID()}`;
}
