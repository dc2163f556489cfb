import type { Address } from '../../../../shared/model/message';
import { formatAddressFull, formatFullDate } from '../inbox/format';
import { SenderLine } from './SenderLine';

interface Props {
  readonly from: Address | null;
  readonly to: readonly Address[];
  readonly cc: readonly Address[];
  readonly date: number;
}

/** From (with the sender checks), To, Cc and Date, as the reader shows them for any message. */
export function MessageFields({ from, to, cc, date }: Props) {
  return (
    <dl className="reader-fields">
      <dt>From</dt>
      <dd>{from ? <SenderLine from={from} /> : '(no sender)'}</dd>
      {to.length ? (
        <>
          <dt>To</dt>
          <dd>{to.map(formatAddressFull).join(', ')}</dd>
        </>
      ) : null}
      {cc.length ? (
        <>
          <dt>Cc</dt>
          <dd>{cc.map(formatAddressFull).join(', ')}</dd>
        </>
      ) : null}
      <dt>Date</dt>
      <dd>
        <time dateTime={new Date(date).toISOString()}>{formatFullDate(date)}</time>
      </dd>
    </dl>
  );
}
