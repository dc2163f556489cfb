/**
 * Owning one's mail (issue 20): what import, export, backup and restore move between main and the
 * store. The store answers these over the store port (shared/ipc/store-port.ts); main reads and
 * writes the files.
 */
import type { LocalFolder } from './message';
import type { PopStateEntry } from './pop-state';

/** What an export (or a backup) takes from the store. */
export type ExportScope =
  | { readonly kind: 'all' }
  /** One folder of one account, or of every account (accountId null: the unified folder). */
  | { readonly kind: 'folder'; readonly accountId: string | null; readonly folder: LocalFolder }
  /** The messages the person selected. */
  | { readonly kind: 'messages'; readonly ids: readonly string[] };

/** A stored message with its exact bytes and what a backup keeps of its state. */
export interface StoredCopy {
  readonly id: string;
  readonly accountId: string;
  readonly folder: LocalFolder;
  readonly unread: boolean;
  readonly starred: boolean;
  readonly uidl: string | null;
  readonly partial: boolean;
  readonly receivedAt: number;
  readonly date: number;
  readonly subject: string;
  readonly sourceFolder: string | null;
  readonly raw: Uint8Array;
}

export interface ExportPage {
  readonly items: readonly StoredCopy[];
  /** Where the next page starts; null after the last. */
  readonly next: string | null;
}

/** A message an import asks about: the store holds one with the same Message-ID and the same bytes? */
export interface StoredQuestion {
  readonly messageId: string | null;
  readonly sha256: string;
}

/** The store besides messages, as a backup keeps it: never a password (those are in main's secret store). */
export interface StoreSnapshot {
  readonly accounts: readonly unknown[];
  readonly popState: readonly unknown[];
  readonly popEntries: readonly PopStateEntry[];
  readonly settings: readonly unknown[];
  readonly contacts: readonly unknown[];
}

/** Where one import stands in the store (renderer/src/data/rows.ts ImportMark). */
export interface ImportPlace {
  readonly position: number;
  readonly imported: number;
  readonly duplicates: number;
  readonly finished: boolean;
}
