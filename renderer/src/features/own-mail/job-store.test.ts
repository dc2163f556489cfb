import { beforeEach, describe, expect, it } from 'vitest';
import type { OwnMailDone, OwnMailProgress } from '../../../../shared/ipc/calls/own';
import { followOwnMail, jobStarted, useOwnMailJob } from './job-store';

/** Main's events, delivered by hand. */
function fakeBridge() {
  const listeners = new Map<string, (payload: unknown) => void>();
  return {
    bridge: { subscribe: (name: string, listener: (payload: unknown) => void) => (listeners.set(name, listener), () => listeners.delete(name)) },
    emit: (name: string, payload: unknown) => listeners.get(name)?.(payload),
  };
}

const done: OwnMailDone = { jobId: 'j1', kind: 'export', outcome: { kind: 'export', exported: 6, cancelled: false, target: '/x.mbox' }, error: null };
const progress: OwnMailProgress = { jobId: 'j1', kind: 'export', done: 3, imported: 3, duplicates: 0, bytesDone: 3, bytesTotal: 6, etaMs: null };

describe('the running job as its events tell it', () => {
  beforeEach(() => useOwnMailJob.setState({ showPending: false, running: null, last: null }));

  it('a job that ended before main\'s answer to the call arrived stays ended (regression: it showed "Starting…" for ever)', () => {
    const { bridge, emit } = fakeBridge();
    followOwnMail(bridge as never);
    emit('ownMailDone', done);
    jobStarted('j1');
    expect(useOwnMailJob.getState()).toMatchObject({ running: null, last: done });
  });

  it('progress that came before the answer is kept; the end clears it', () => {
    const { bridge, emit } = fakeBridge();
    followOwnMail(bridge as never);
    emit('ownMailProgress', progress);
    jobStarted('j1');
    expect(useOwnMailJob.getState().running).toEqual({ jobId: 'j1', progress });
    emit('ownMailDone', done);
    expect(useOwnMailJob.getState()).toMatchObject({ running: null, last: done });
  });
});
