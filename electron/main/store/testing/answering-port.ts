/**
 * A store port for main's own tests: it answers as a store that keeps nothing would — every batch
 * committed (or never answered), an empty POP state — on a later turn, as a window does, and
 * records what main sent it. The real store's side is proved in e2e/fetch-matrix/. Test-only.
 */
import type { ToStore } from '../../../../shared/ipc/store-port';
import type { StorePort } from '../link';

export interface AnsweringPort extends StorePort {
  /** Everything main sent, in order. */
  readonly sent: ToStore[];
}

export function answeringPort(options: { commits?: 'answer' | 'never' } = {}): AnsweringPort {
  const sent: ToStore[] = [];
  const listeners: Array<(data: unknown) => void> = [];
  const reply = (data: unknown) => setImmediate(() => listeners.forEach((l) => l(data)));
  return {
    sent,
    postMessage(message) {
      sent.push(message);
      if (message.type === 'commit' && options.commits !== 'never') reply({ type: 'committed', commitId: message.commitId, committed: true });
      if (message.type === 'request') reply({ type: 'answer', requestId: message.requestId, ok: true, value: [] });
    },
    onMessage: (listener) => void listeners.push(listener),
    onClose: () => undefined,
    close: () => undefined,
  };
}
