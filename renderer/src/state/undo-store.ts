/**
 * The last thing the person did to their mail that can be taken back (a move, a delete to Trash,
 * a copy, a folder deleted): what the undo bar shows and Ctrl+Z undoes. UI state, as the record
 * itself is plain data the store worker answered (data/move-messages.ts).
 */
import { create } from 'zustand';
import type { UndoRecord } from '../data/move-messages';

export interface UndoEntry {
  /** What was done, in words ("2 messages moved to Receipts"). */
  readonly label: string;
  readonly record: UndoRecord;
  readonly seq: number;
}

export interface UndoState {
  readonly last: UndoEntry | null;
  /** What the bar says after an undo, or why it failed. */
  readonly notice: { readonly text: string; readonly error: boolean; readonly seq: number } | null;
  /** The bar's message the person dismissed (or that timed out). */
  readonly hiddenSeq: number;
  push(label: string, record: UndoRecord): void;
  /** Takes the last entry away (to undo it); null when there is none. */
  take(): UndoEntry | null;
  say(text: string, error?: boolean): void;
  hide(seq: number): void;
  /** Mail was deleted for good: what came before cannot be put back as it was. */
  forget(): void;
}

let seq = 0;

export const useUndo = create<UndoState>()((set, get) => ({
  last: null,
  notice: null,
  hiddenSeq: 0,
  push: (label, record) => set({ last: { label, record, seq: ++seq }, notice: null }),
  take: () => {
    const last = get().last;
    set({ last: null });
    return last;
  },
  say: (text, error = false) => set({ notice: { text, error, seq: ++seq } }),
  hide: (hiddenSeq) => set({ hiddenSeq }),
  forget: () => set({ last: null, notice: null }),
}));
