import { useState } from 'react';
import type { OwnMailJob } from '../../../../shared/ipc/calls/own';
import type { Result } from '../../../../shared/ipc/result';
import { getBridge } from '../../bridge/bridge';
import { describeError } from '../../ui/errors';
import { describeOutcome, describeProgress } from './describe';
import { jobStarted, useOwnMailJob } from './job-store';

/** Starts an import, export, backup or restore (main shows the file dialog first); busy while one runs. */
export function useOwnMailStart() {
  const running = useOwnMailJob((s) => s.running);
  const [error, setError] = useState<string | null>(null);
  const [asking, setAsking] = useState(false);
  const start = async (call: () => Promise<Result<OwnMailJob>>) => {
    setError(null);
    setAsking(true);
    try {
      const r = await call();
      if (!r.ok) {
        const words = describeError(r.error);
        setError(`${words.title}: ${words.message}`);
      } else if (r.value.jobId !== null) jobStarted(r.value.jobId);
    } finally {
      setAsking(false);
    }
  };
  return { start, busy: running !== null || asking, error };
}

/** The running job's progress with Cancel, or how the last one ended. */
export function OwnMailStatus({ error }: { readonly error: string | null }) {
  const { running, last } = useOwnMailJob();
  const failed = last?.error ? describeError(last.error) : null;
  return (
    <div role="status" aria-live="polite" className="own-mail-status" data-testid="own-mail-status">
      {running ? (
        <p>
          {running.progress ? describeProgress(running.progress) : 'Starting…'}{' '}
          <button type="button" className="button" onClick={() => void getBridge().call('cancelOwnMail', { jobId: running.jobId })}>
            Cancel
          </button>
        </p>
      ) : last?.outcome ? (
        describeOutcome(last.outcome).map((line, i) => <p key={i}>{line}</p>)
      ) : failed ? (
        <p className="field-error">{`${failed.title}: ${failed.message}`}</p>
      ) : null}
      {error ? <p className="field-error">{error}</p> : null}
    </div>
  );
}
