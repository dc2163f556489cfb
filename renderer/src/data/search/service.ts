/**
 * The search index's side of the store worker: queries from the window arrive as messages on the
 * worker and are answered there, so neither indexing nor a query's work runs on the window's
 * thread. Every answer first catches the index up with the queue (change-log.ts): a move or a
 * flag the window just wrote is in it.
 */
import type { HeronDb } from '../db';
import type { SearchIndexer } from './indexer';
import { runSearch, type SearchAnswer, type SearchRequest } from './run-search';

export interface SearchCall {
  readonly type: 'search';
  readonly requestId: number;
  readonly request: SearchRequest;
}

export interface SearchReply {
  readonly type: 'search-answer';
  readonly requestId: number;
  readonly answer: SearchAnswer;
}

/** The window asks for the index to be dropped and built again (Settings, for a damaged index). */
export interface RebuildCall {
  readonly type: 'search-rebuild';
  readonly requestId: number;
}

/** How far a rebuild is, posted after each batch; `done` on the last. */
export interface RebuildReply {
  readonly type: 'search-rebuild-progress';
  readonly requestId: number;
  readonly indexed: number;
  readonly total: number;
  readonly done: boolean;
  /** Set when the rebuild failed: what to tell the person. */
  readonly error?: string;
}

export function isRebuildCall(data: unknown): data is RebuildCall {
  const d = data as Partial<RebuildCall> | null;
  return typeof d === 'object' && d !== null && d.type === 'search-rebuild' && typeof d.requestId === 'number';
}

function storeWords(error: unknown): string {
  return error instanceof Error && error.message ? ` (${error.message.slice(0, 200)})` : '';
}

/** Rebuilds the index, posting its progress; a failure is said in words, never thrown. */
export async function answerRebuild(indexer: SearchIndexer, call: RebuildCall, post: (reply: RebuildReply) => void): Promise<void> {
  const requestId = call.requestId;
  try {
    const indexed = await indexer.rebuild((n, total) => post({ type: 'search-rebuild-progress', requestId, indexed: n, total, done: false }));
    post({ type: 'search-rebuild-progress', requestId, indexed, total: indexed, done: true });
  } catch (error) {
    post({ type: 'search-rebuild-progress', requestId, indexed: 0, total: 0, done: true, error: `Heron could not rebuild the search index${storeWords(error)}. Mail is untouched; try again.` });
  }
}

export function isSearchCall(data: unknown): data is SearchCall {
  const d = data as Partial<SearchCall> | null;
  return typeof d === 'object' && d !== null && d.type === 'search' && typeof d.requestId === 'number' && typeof d.request?.query === 'string';
}

/** Answers one call; a failure of the store is an answer too (the window says it), never a throw. */
export async function answerSearch(db: HeronDb, indexer: SearchIndexer, call: SearchCall): Promise<SearchReply> {
  if (indexer.rebuilding) return { type: 'search-answer', requestId: call.requestId, answer: { ok: false, message: 'The search index is being rebuilt (Settings shows how far); search answers again when it is done.' } };
  try {
    const docs = await indexer.current();
    return { type: 'search-answer', requestId: call.requestId, answer: await runSearch(db, docs, call.request) };
  } catch (error) {
    return { type: 'search-answer', requestId: call.requestId, answer: { ok: false, message: `Heron could not search its store${storeWords(error)}. Mail is untouched.` } };
  }
}
