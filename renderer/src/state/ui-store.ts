/**
 * UI state only (STYLE.md §8): what is selected and where the person is. Mail, accounts and
 * settings (including the theme choice) live in Dexie.
 */
import { create } from 'zustand';
import type { FolderKey } from '../../../shared/model/message';

export type Route = { readonly name: 'mail' } | { readonly name: 'accounts/add' } | { readonly name: 'settings' };

export interface FolderSelection {
  /** null = all accounts (the unified Inbox, …). */
  readonly accountId: string | null;
  readonly folder: FolderKey;
}

export type Pane = 'sidebar' | 'list' | 'reader';

/**
 * Asked before the person leaves what is on screen (another route, folder or account). Answers
 * true when it takes over: it will call `proceed` itself (after "Save" or "Discard"), or never
 * ("Keep editing"). Account settings install one while they hold unsaved changes.
 */
export type LeaveGuard = (proceed: () => void) => boolean;

/**
 * What another pane asks the message list to do with the message shown (the reader's Delete key):
 * the list knows which row comes next. `seq` makes each request new, even for the same message.
 */
export interface ListCommand {
  /** delete: the message the reader shows; leave-search: Esc in the reader, back from search results to the folder. */
  readonly kind: 'delete' | 'leave-search';
  readonly messageId: string;
  readonly seq: number;
}

export interface UiState {
  readonly route: Route;
  readonly folder: FolderSelection;
  readonly messageId: string | null;
  readonly focusedPane: Pane;
  readonly leaveGuard: LeaveGuard | null;
  readonly listCommand: ListCommand | null;
  /** The reader shows a message attached to the selected one (read-only: no reply or delete). */
  readonly viewingAttached: boolean;
  /** Folded words of the search the list shows, marked in the reader; empty when no search is on. */
  readonly searchHighlight: readonly string[];
  navigate(route: Route): void;
  selectFolder(folder: FolderSelection): void;
  selectMessage(id: string | null): void;
  focusPane(pane: Pane): void;
  setLeaveGuard(guard: LeaveGuard | null): void;
  /** Runs `proceed` now, or when the leave guard lets the person go. */
  leave(proceed: () => void): void;
  sendListCommand(kind: ListCommand['kind'], messageId: string): void;
  setViewingAttached(viewing: boolean): void;
  setSearchHighlight(words: readonly string[]): void;
}

export const useUi = create<UiState>()((set, get) => ({
  route: { name: 'mail' },
  folder: { accountId: null, folder: 'inbox' },
  messageId: null,
  focusedPane: 'sidebar',
  listCommand: null,
  viewingAttached: false,
  searchHighlight: [],
  leaveGuard: null,
  navigate: (route) => {
    if (route.name === get().route.name) return;
    get().leave(() => set({ route }));
  },
  // A new folder shows a new list: the old selection would point into another list.
  selectFolder: (folder) => get().leave(() => set({ folder, messageId: null, route: { name: 'mail' } })),
  setLeaveGuard: (leaveGuard) => set({ leaveGuard }),
  leave: (proceed) => {
    const guard = get().leaveGuard;
    if (guard && guard(proceed)) return;
    proceed();
  },
  selectMessage: (messageId) => set({ messageId }),
  focusPane: (focusedPane) => set({ focusedPane }),
  setViewingAttached: (viewingAttached) => set({ viewingAttached }),
  setSearchHighlight: (searchHighlight) => set({ searchHighlight }),
  sendListCommand: (kind, messageId) => set((s) => ({ listCommand: { kind, messageId, seq: (s.listCommand?.seq ?? 0) + 1 } })),
}));
