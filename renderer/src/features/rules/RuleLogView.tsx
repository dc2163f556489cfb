/** "What rules did": the message's rule log, from the message itself (issue 19). */
import type { RuleLogEntry } from '../../../../shared/model/rule';

export function RuleLogView({ log }: { log: readonly RuleLogEntry[] }) {
  if (log.length === 0) return null;
  const broken = log.some((e) => e.error !== undefined);
  return (
    <details className="rule-log" open={broken}>
      <summary>
        Rule and junk log ({log.length}){broken ? ' — a rule could not do everything it says' : ''}
      </summary>
      <ul aria-label="Rule log">
        {log.map((e) => (
          <li key={e.id}>
            <strong>{e.ruleName}</strong>
            {e.did.length > 0 ? `: ${e.did.join(', ')}` : null}
            {e.words && e.words.length > 0 ? ` (words: ${e.words.join(', ')})` : null}
            {e.error ? (
              <span className="rule-log-error" role="alert">
                {' '}
                {e.error}
              </span>
            ) : null}
            <time dateTime={new Date(e.at).toISOString()}> — {new Date(e.at).toLocaleString()}</time>
          </li>
        ))}
      </ul>
    </details>
  );
}
