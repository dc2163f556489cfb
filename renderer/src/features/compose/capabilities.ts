/**
 * The outgoing server's EHLO facts per account (SIZE, SMTPUTF8), asked once per session: the
 * compose view warns above the size limit and allows non-ASCII local parts only where accepted.
 */
import type { SmtpCapabilitiesDto, sendCalls } from '../../../../shared/ipc/calls/send';
import type { CallInput } from '../../../../shared/ipc/define';

// The schema's inferred type spells optional keys as `key: T | undefined`; the model's are `key?: T`.
type SmtpCapabilitiesInput = CallInput<(typeof sendCalls)['smtpCapabilities']>;
import type { Bridge } from '../../bridge/bridge';
import type { AccountRow } from '../../data/rows';

const cache = new Map<string, Promise<SmtpCapabilitiesDto | null>>();

export function smtpCapabilities(bridge: Bridge, account: AccountRow): Promise<SmtpCapabilitiesDto | null> {
  const key = `${account.id}:${account.outgoing.host}:${account.outgoing.port}:${account.outgoing.security}`;
  let hit = cache.get(key);
  if (!hit) {
    // Offline or refused: no warning rather than a wrong one; asked again next session.
    hit = bridge.call('smtpCapabilities', { accountId: account.id, outgoing: account.outgoing as SmtpCapabilitiesInput['outgoing'] }).then((r) => (r.ok ? r.value : null));
    hit.then((v) => {
      if (v === null) cache.delete(key);
    });
    cache.set(key, hit);
  }
  return hit;
}
