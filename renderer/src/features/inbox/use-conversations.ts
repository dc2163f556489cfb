/**
 * The conversation list's own state: which conversations are expanded to show their messages,
 * and the count shown in the list's header.
 */
import { useState } from 'react';
import type { ListWindow } from './use-list-window';

/** The conversations expanded in the list, by thread id. */
export function useExpanded() {
  const [expanded, setExpanded] = useState<ReadonlySet<string>>(new Set());
  const toggleThread = (threadId: string) => {
    setExpanded((e) => {
      const next = new Set(e);
      if (next.has(threadId)) next.delete(threadId);
      else next.add(threadId);
      return next;
    });
  };
  return { expanded, toggleThread };
}

/** The conversation's own row, at or above `from`. */
export function indexOfThread(list: ListWindow, threadId: string, from: number): number {
  for (let i = from; i >= 0; i--) {
    const e = list.entryAt(i);
    if (e?.kind === 'thread' && e.thread.threadId === threadId) return i;
  }
  return from;
}

/** The conversation list's count: exact once the whole folder was read, else how many so far. */
export function conversationsText(c: { readonly n: number; readonly complete: boolean } | undefined): string {
  if (!c || (c.n === 0 && !c.complete)) return '';
  return `${c.n.toLocaleString()}${c.complete ? '' : '+'} conversation${c.n === 1 && c.complete ? '' : 's'}${c.complete ? '' : ' so far'}`;
}
