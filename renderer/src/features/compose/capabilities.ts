/**
 * The outgoing server's EHLO facts per account (SIZE, SMTPUTF8), asked once per session: the
 * compose view warns above the size limit and allows non-ASCII local parts only where accepted.
 * The size limit is also remembered across sessions, so the warning still holds offline; whether
 * the server takes SMTPUTF8 is not, since building a message on a stale "yes" would make one the
 * server may refuse.
 */
import type { SmtpCapabilitiesDto, sendCalls } from '../../../../shared/ipc/calls/send';
import type { CallInput } from '../../../../shared/ipc/define';

// The schema's inferred type spells optional keys as `key: T | undefined`; the model's are `key?: T`.
type SmtpCapabilitiesInput = CallInput<(typeof sendCalls)['smtpCapabilities']>;
import type { Bridge } from '../../bridge/bridge';
import type { HeronDb } from '../../data/db';
import type { AccountRow } from '../../data/rows';
import { settingsRepo, type Settings } from '../../data/settings-repo';

const cache = new Map<string, Promise<SmtpCapabilitiesDto | null>>();

/** One outgoing server of one account: a changed host, port or security is another server. */
function serverKey(account: AccountRow): string {
  return `${account.id}:${account.outgoing.host}:${account.outgoing.port}:${account.outgoing.security}`;
}

export function smtpCapabilities(bridge: Bridge, account: AccountRow): Promise<SmtpCapabilitiesDto | null> {
  const key = serverKey(account);
  let hit = cache.get(key);
  if (!hit) {
    // Offline or refused: not kept, so the next compose asks again (meanwhile `sizeLimit` falls
    // back to the limit remembered from an earlier answer).
    hit = bridge.call('smtpCapabilities', { accountId: account.id, outgoing: account.outgoing as SmtpCapabilitiesInput['outgoing'] }).then((r) => (r.ok ? r.value : null));
    hit.then((v) => {
      if (v === null) cache.delete(key);
    });
    cache.set(key, hit);
  }
  return hit;
}

const remembered = new WeakSet<SmtpCapabilitiesDto>();

/** Where the limits are kept (the settings table; a test hands in a map). */
export interface SizeLimitMemory {
  read(): Promise<Settings['smtpSizeLimits']>;
  write(limits: Settings['smtpSizeLimits']): Promise<void>;
}

export function sizeLimitMemory(db: HeronDb): SizeLimitMemory {
  const settings = settingsRepo(db);
  return { read: () => settings.get('smtpSizeLimits'), write: (limits) => settings.set('smtpSizeLimits', limits) };
}

/**
 * The server's size limit: as it answers now (`learnedAt` null), else as it last answered
 * (`learnedAt` says when), else null (never reached).
 */
export async function sizeLimit(
  bridge: Bridge,
  account: AccountRow,
  memory: SizeLimitMemory,
  now: () => number = Date.now,
): Promise<{ size: number | null; learnedAt: number | null } | null> {
  const key = serverKey(account);
  const caps = await smtpCapabilities(bridge, account);
  if (caps) {
    // Written once per answer: every compose of the session gets the same cached answer.
    if (!remembered.has(caps)) {
      remembered.add(caps);
      await memory.write({ ...(await memory.read()), [key]: { size: caps.size, learnedAt: now() } });
    }
    return { size: caps.size, learnedAt: null };
  }
  const last = (await memory.read())[key];
  return last ? { size: last.size, learnedAt: last.learnedAt } : null;
}
