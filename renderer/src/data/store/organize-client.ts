/**
 * The window's side of organize.ts: asks the store worker to file, delete and undo, and answers
 * what it answered (a failure as a HeronError with the worker's words). The shell hands over the
 * worker when it starts it (background.ts).
 */
import { HeronError } from '../../../../shared/ipc/result';
import type { OrganizeAnswer, OrganizeAnswers, OrganizeOp, OrganizeRequest } from './organize';

export interface OrganizeWorker {
  postMessage(message: OrganizeRequest): void;
  addEventListener(type: 'message', listener: (event: MessageEvent) => void): void;
}

let worker: OrganizeWorker | null = null;
let nextId = 1;
const waiting = new Map<number, { resolve(value: unknown): void; reject(error: unknown): void }>();

export function connectOrganizer(target: OrganizeWorker): void {
  worker = target;
  target.addEventListener('message', (event: MessageEvent) => {
    const a = event.data as OrganizeAnswer | undefined;
    if (a?.type !== 'organized') return;
    const w = waiting.get(a.requestId);
    if (!w) return;
    waiting.delete(a.requestId);
    if (a.ok) w.resolve(a.value);
    else w.reject(new HeronError(a.error.code, a.error.message, { retryable: a.error.retryable, ...(a.error.detail ? { detail: a.error.detail } : {}) }));
  });
}

export function organize<O extends OrganizeOp>(op: O): Promise<OrganizeAnswers[O['op']]> {
  const target = worker;
  if (!target) return Promise.reject(new HeronError('EINTERNAL', 'The store is not running, so nothing could be changed. Restart Heron.'));
  const requestId = nextId++;
  return new Promise((resolve, reject) => {
    waiting.set(requestId, { resolve: resolve as (v: unknown) => void, reject });
    target.postMessage({ type: 'organize', requestId, op });
  });
}
