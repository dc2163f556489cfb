import type { AccountRow } from '../../data/rows';
import { useAccountFetchStatus } from './fetch-status';
import { describeUndownloaded } from './undownloaded';
import { tryUndownloadedAgain, useLeftOnServer } from './use-fetch-data';
import './undownloaded.css';

/**
 * One account's messages that stay on the server because they could not be downloaded (issue 16
 * §1), from its POP state: how many, why, whether Heron tries again, and "Try again".
 */
export function UndownloadedNotice({ account }: { account: AccountRow }) {
  const left = useLeftOnServer(account.id);
  const running = useAccountFetchStatus(account.id).fetchId !== null;
  const words = left ? describeUndownloaded(left.entries, left.unidentified) : null;
  if (!words) return null;
  return (
    <div className="fetch-status undownloaded" role="status" data-account={account.id} aria-label={`Messages on the server for ${account.identity.address}`}>
      <p className="undownloaded-title">Still on the server for {account.identity.address}</p>
      {words.lines.map((line) => (
        <p key={line.reason} className="undownloaded-line" data-reason={line.reason}>
          {line.text}
          {line.said ? <span className="undownloaded-said"> The server said: “{line.said}”</span> : null}
        </p>
      ))}
      {words.next ? <p className="undownloaded-next">{words.next}</p> : null}
      {words.canRetry ? (
        <button type="button" className="button" disabled={running} onClick={() => void tryUndownloadedAgain(account.id)}>
          Try again
        </button>
      ) : null}
    </div>
  );
}
