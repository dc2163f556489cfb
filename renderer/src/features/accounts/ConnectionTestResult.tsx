import type { ConnectionReport } from '../../../../shared/ipc/calls/connection';
import { describeError } from '../../ui/errors';

export type TestView = { readonly status: 'idle' } | { readonly status: 'running' } | { readonly status: 'done'; readonly report: ConnectionReport };

/** One server's test, step by step: "Connected to … — certificate valid — logged in — 1,204 messages". */
export function ConnectionTestResult({ title, test }: { readonly title: string; readonly test: TestView }) {
  const failed = test.status === 'done' && test.report.error !== null;
  return (
    <div className="connection-test" data-testid={`test-${title.toLowerCase().startsWith('in') ? 'incoming' : 'outgoing'}`}>
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
          {failed && test.report.error ? <p className="field-hint">{describeError(test.report.error).hint}</p> : null}
          {!failed ? <p className="test-passed">Works.</p> : null}
        </>
      ) : null}
    </div>
  );
}
