/** UI state of the compose pane only (which draft is open); the draft itself lives in Dexie. */
import { create } from 'zustand';

export interface ComposeUiState {
  /** The draft shown in the compose pane, or null when it is closed. */
  readonly draftId: string | null;
  openDraft(id: string): void;
  close(): void;
}

export const useComposeUi = create<ComposeUiState>()((set) => ({
  draftId: null,
  openDraft: (draftId) => set({ draftId }),
  close: () => set({ draftId: null }),
}));
