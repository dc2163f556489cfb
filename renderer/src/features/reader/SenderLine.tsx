import type { Address } from '../../../../shared/model/message';
import { checkSender } from './address-check';

/** From: the name, and always the real address; warnings for a spoofed name or a look-alike domain. */
export function SenderLine({ from }: { from: Address }) {
  const check = checkSender(from);
  return (
    <span className="sender">
      {from.name.trim() ? <span className="sender-name">{from.name} </span> : null}
      <span className="sender-address">&lt;{from.address}&gt;</span>
      {check.idn ? (
        <span className="sender-idn" title="This domain uses international characters">
          {' '}
          (domain {check.idn.ascii}, shown as {check.idn.unicode})
        </span>
      ) : null}
      {check.claimed.length > 0 ? (
        <span className="sender-warning" role="note">
          {' '}
          ⚠ The name shows {check.claimed.join(', ')}, but this message was sent from {from.address}.
        </span>
      ) : null}
    </span>
  );
}
