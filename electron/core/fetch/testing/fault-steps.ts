/**
 * The fault matrix's axes (issue 4), shared by its rows: the session tests break the connection,
 * the commit or the disk (session.test.ts), the service tests kill the real worker thread
 * (main/fetch/service.test.ts), each at every step below and in every mode, on a 5-message mailbox.
 */
import type { RetentionPolicy } from '../../../../shared/model/account';
import type { FakeHandler } from '../../pop3/testing/fake-server';

export interface SessionStep {
  readonly name: string;
  /** The command whose arrival at the server is the moment of the fault. */
  readonly verb: string;
  readonly when: (args: readonly string[]) => boolean;
}

export const SESSION_STEPS: readonly SessionStep[] = [
  { name: 'after the greeting, at CAPA', verb: 'CAPA', when: () => true },
  { name: 'at USER', verb: 'USER', when: () => true },
  { name: 'at PASS', verb: 'PASS', when: () => true },
  { name: 'at STAT', verb: 'STAT', when: () => true },
  { name: 'at LIST', verb: 'LIST', when: () => true },
  { name: 'at UIDL', verb: 'UIDL', when: () => true },
  { name: 'at the first RETR', verb: 'RETR', when: (a) => a[0] === '1' },
  { name: 'at the third RETR (after one batch committed)', verb: 'RETR', when: (a) => a[0] === '3' },
  { name: 'at the last RETR', verb: 'RETR', when: (a) => a[0] === '5' },
  { name: 'at the first DELE', verb: 'DELE', when: (a) => a[0] === '1' },
  { name: 'at the last DELE', verb: 'DELE', when: (a) => a[0] === '5' },
  { name: 'at QUIT', verb: 'QUIT', when: () => true },
];

export const FAULT_MODES: Readonly<Record<string, RetentionPolicy>> = {
  'keep forever': { mode: 'keep', keepDays: null, deleteWhenDeletedHere: true },
  'keep 0 days': { mode: 'keep', keepDays: 0, deleteWhenDeletedHere: false },
  'delete after download': { mode: 'delete', keepDays: null, deleteWhenDeletedHere: true },
};

/** Whether a mode deletes what it just downloaded: keep-forever sends no DELE, so it has no DELE step to break. */
export function deletesAfterDownload(retention: RetentionPolicy): boolean {
  return retention.mode === 'delete' || retention.keepDays === 0;
}

/** The steps a session in this mode goes through. */
export function stepsIn(retention: RetentionPolicy): readonly SessionStep[] {
  return deletesAfterDownload(retention) ? SESSION_STEPS : SESSION_STEPS.filter((s) => s.verb !== 'DELE');
}

/**
 * The fake server's overrides for one fault: `fault` the first time `step` comes, the normal answer
 * otherwise; and every DELE carried out is first shown to `onDele` (its UID), so a test can check it
 * came after that message's commit.
 */
export function faultAt(step: SessionStep, fault: FakeHandler, onDele: (uid: string) => void): Partial<Record<string, FakeHandler>> {
  let armed = true;
  const dele: FakeHandler = async (s, args) => {
    onDele(s.view[Number(args[0]) - 1]?.uid ?? '?');
    await s.next();
  };
  const normal: FakeHandler = step.verb === 'DELE' ? dele : (s) => s.next();
  return {
    DELE: dele,
    [step.verb]: async (s, args, line) => {
      if (armed && step.when(args)) {
        armed = false;
        await fault(s, args, line);
        return;
      }
      await normal(s, args, line);
    },
  };
}
