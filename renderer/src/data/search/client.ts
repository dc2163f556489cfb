/**
 * The window's way to the search index: a query goes to the store worker (service.ts) and its
 * answer comes back; the window's thread only posts and receives.
 */
import type { SearchAnswer, SearchRequest } from './run-search';
import type { RebuildReply, SearchReply } from './service';

/** What the client needs of the worker. */
export interface SearchEndpoint {
  postMessage(message: unknown): void;
  addEventListener(type: 'message', listener: (event: MessageEvent) => void): void;
}

let endpoint: SearchEndpoint | null = null;
let next = 1;
const waiting = new Map<number, (answer: SearchAnswer) => void>();
const rebuilding = new Map<number, (reply: RebuildReply) => void>();

/** Called once, by whoever starts the store worker. */
export function connectSearch(worker: SearchEndpoint): void {
  endpoint = worker;
  worker.addEventListener('message', (event: MessageEvent) => {
    const progress = event.data as Partial<RebuildReply> | null;
    if (progress?.type === 'search-rebuild-progress' && typeof progress.requestId === 'number') {
      rebuilding.get(progress.requestId)?.(progress as RebuildReply);
      if (progress.done) rebuilding.delete(progress.requestId);
      return;
    }
    const reply = event.data as Partial<SearchReply> | null;
    if (reply?.type !== 'search-answer' || typeof reply.requestId !== 'number' || !reply.answer) return;
    waiting.get(reply.requestId)?.(reply.answer);
    waiting.delete(reply.requestId);
  });
}

export function search(request: SearchRequest): Promise<SearchAnswer> {
  const target = endpoint;
  if (!target) return Promise.resolve({ ok: false, message: 'Search is starting; try again in a moment.' });
  const requestId = next++;
  return new Promise((resolve) => {
    waiting.set(requestId, resolve);
    target.postMessage({ type: 'search', requestId, request });
  });
}

export type RebuildEnd = { readonly ok: true; readonly indexed: number } | { readonly ok: false; readonly message: string };

/** Asks the store worker to rebuild the index; `onProgress` hears each batch. */
export function rebuildSearch(onProgress: (indexed: number, total: number) => void): Promise<RebuildEnd> {
  const target = endpoint;
  if (!target) return Promise.resolve({ ok: false, message: 'Search is starting; try again in a moment.' });
  const requestId = next++;
  return new Promise((resolve) => {
    rebuilding.set(requestId, (r) => {
      if (!r.done) onProgress(r.indexed, r.total);
      else resolve(r.error === undefined ? { ok: true, indexed: r.indexed } : { ok: false, message: r.error });
    });
    target.postMessage({ type: 'search-rebuild', requestId });
  });
}
