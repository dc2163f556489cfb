import { useFetchStatus, IDLE } from './fetch-status';
import { describeFetch } from './fetch-summary';
import { cancelMail } from './runtime';

/**
 * The list header's status of getting mail, in a slot of fixed size: progress and Stop while it
 * runs, how many new messages arrived after. Nothing around it moves as its words change.
 */
export function FetchArea({ accountIds }: { accountIds: readonly string[] }) {
  const byAccount = useFetchStatus((s) => s.byAccount);
  const statuses = accountIds.map((id) => byAccount[id] ?? IDLE);
  const view = describeFetch(statuses);
  const running = accountIds.filter((id) => (byAccount[id]?.fetchId ?? null) !== null);
  return (
    <div className="fetch-area-slot">
      <span className="fetch-area" role="status" title={view.text}>
        {view.text}
      </span>
      {view.running ? (
        <>
          <button type="button" className="button button-quiet fetch-stop" onClick={() => running.forEach(cancelMail)}>
            Stop
          </button>
          <progress className="fetch-bar" aria-label="Getting mail" {...(view.progress ? { value: view.progress.value, max: view.progress.max } : {})} />
        </>
      ) : null}
    </div>
  );
}
