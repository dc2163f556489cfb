import type { ConnectionReport } from '../../../../shared/ipc/calls/connection';
import { describeError } from '../../ui/errors';
import { ConnectionLogButton } from './ConnectionLogDialog';

export type TestView = { readonly status: 'idle' } | { readonly status: 'running' } | { readonly status: 'done'; readonly report: ConnectionReport };

/**
 * One server's test, step by step: "Connected to … — certificate valid — logged in — 1,204 messages".
 * A failure says what to change (the settings are right above it) and opens the connection log.
 */
export function ConnectionTestResult({ title, test, log }: {
  readonly title: string;
  readonly test: TestView;
  /** The account the test was recorded for: a failure offers "Show details". */
  readonly log?: { readonly accountId: string; readonly address: string };
}) {
  const failed = test.status === 'done' && test.report.error !== null;
  const side = title.toLowerCase().startsWith('in') ? 'incoming' : 'outgoing';
  return (
    <div className="connection-test" data-testid={`test-${side}`}>
      <h3>{title}</h3>
      {test.status === 'idle' ? <p className="muted">Not tested with these settings yet.</p> : null}
      {test.status === 'running' ? <p>Testing…</p> : null}
      {test.status === 'done' ? (
        <>
          <ol className="test-steps">
            {test.report.steps.map((step, i) => (
              <li key={i} className={step.ok ? 'step-ok' : 'step-failed'}>
                <span aria-hidden="true">{step.ok ? '✓' : '✗'}</span>
                <span className="visually-hidden">{step.ok ? 'Done: ' : 'Failed: '}</span>
                {step.text}
              </li>
            ))}
          </ol>
          {failed && test.report.error ? (
            <div className="test-details">
              <p className="field-hint">{describeError(test.report.error, 'account-form').hint}</p>
              {log ? <ConnectionLogButton accountId={log.accountId} address={log.address} side={side} /> : null}
            </div>
          ) : null}
          {!failed ? <p className="test-passed">Works.</p> : null}
        </>
      ) : null}
    </div>
  );
}
