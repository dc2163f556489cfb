/**
 * A store port for main's own tests: it answers as a simple store would — every batch committed
 * (or never answered), an empty POP state, a queued message kept, Outbox bytes from `outbox` (which
 * a test may fill) — on a later turn, as a window does, and records what main sent it. The real
 * store's side is proved in e2e/fetch-matrix/ and renderer/src/data/store/. Test-only.
 */
import type { ToStore } from '../../../../shared/ipc/store-port';
import type { StorePort } from '../link';

export interface AnsweringPort extends StorePort {
  /** Everything main sent, in order. */
  readonly sent: ToStore[];
  /** The Outbox's bytes by item id. */
  readonly outbox: Map<string, Uint8Array>;
}

export function answeringPort(options: { commits?: 'answer' | 'never' } = {}): AnsweringPort {
  const sent: ToStore[] = [];
  const outbox = new Map<string, Uint8Array>();
  const listeners: Array<(data: unknown) => void> = [];
  const reply = (data: unknown) => setImmediate(() => listeners.forEach((l) => l(data)));
  const answer = (request: Extract<ToStore, { type: 'request' }>['request']): unknown => {
    switch (request.kind) {
      case 'plan':
        return [];
      case 'queue':
        outbox.set(request.item.id, request.raw);
        return undefined;
      case 'outgoing':
        return request.ids.flatMap((id) => {
          const raw = outbox.get(id);
          return raw ? [{ id, raw }] : [];
        });
    }
  };
  return {
    sent,
    outbox,
    postMessage(message) {
      sent.push(message);
      if (message.type === 'commit' && options.commits !== 'never') reply({ type: 'committed', commitId: message.commitId, committed: true });
      if (message.type === 'request') reply({ type: 'answer', requestId: message.requestId, ok: true, value: answer(message.request) });
    },
    onMessage: (listener) => void listeners.push(listener),
    onClose: () => undefined,
    close: () => undefined,
  };
}
