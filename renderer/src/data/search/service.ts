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

export function isSearchCall(data: unknown): data is SearchCall {
  const d = data as Partial<SearchCall> | null;
  return typeof d === 'object' && d !== null && d.type === 'search' && typeof d.requestId === 'number' && typeof d.request?.query === 'string';
}

/** Answers one call; a failure of the store is an answer too (the window says it), never a throw. */
export async function answerSearch(db: HeronDb, indexer: SearchIndexer, call: SearchCall): Promise<SearchReply> {
  try {
    const docs = await indexer.current();
    return { type: 'search-answer', requestId: call.requestId, answer: await runSearch(db, docs, call.request) };
  } catch (error) {
    const detail = error instanceof Error && error.message ? ` (${error.message.slice(0, 200)})` : '';
    return { type: 'search-answer', requestId: call.requestId, answer: { ok: false, message: `Heron could not search its store${detail}. Mail is untouched.` } };
  }
}
