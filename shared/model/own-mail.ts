/**
 * Owning one's mail (issue 20): what import, export, backup and restore move between main and the
 * store. The store answers these over the store port (shared/ipc/store-port.ts); main reads and
 * writes the files.
 */
import type { Account } from './account';
import type { FolderKey, LocalFolder } from './message';
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
  readonly folder: FolderKey;
  readonly unread: boolean;
  readonly starred: boolean;
  readonly uidl: string | null;
  readonly partial: boolean;
  readonly receivedAt: number;
  readonly date: number;
  readonly subject: string;
  readonly sourceFolder: string | null;
  /** The rest of what the person (or a rule, or the junk filter) made of it, which a restore gives back. */
  readonly kept?: KeptState;
  readonly raw: Uint8Array;
}

/** A stored message's state beyond folder and flags: tags, the junk filter's verdict and training, Trash's memory, its conversation. */
export interface KeptState {
  readonly tags?: readonly string[];
  readonly junk?: { readonly score: number | null; readonly trained?: 'junk' | 'good' };
  readonly previousFolder?: FolderKey;
  readonly trashedAt?: number;
  readonly threadId?: string;
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
  /** The person's own folders, which restored messages name (absent in a backup made before they existed). */
  readonly folders?: readonly unknown[];
  /**
   * The other tables a person's data lives in (rules, the junk filter's training, conversation
   * edits, drafts…), by table name, each row as data (renderer/src/data/backup-tables.ts says
   * which; absent in a backup made before they were kept).
   */
  readonly tables?: Readonly<Record<string, readonly unknown[]>>;
}

/** Where one import stands in the store (renderer/src/data/rows.ts ImportMark). */
export interface ImportPlace {
  readonly position: number;
  readonly imported: number;
  readonly duplicates: number;
  readonly finished: boolean;
}

export interface ImportOutcome {
  readonly imported: number;
  readonly duplicates: number;
  /** Thunderbird had deleted them (not yet compacted away). */
  readonly expunged: number;
  /** Over the size limit: not imported. */
  readonly tooBig: number;
  /** Files that could not be read (.eml), with the reason (the first 100). */
  readonly unreadable: ReadonlyArray<{ readonly file: string; readonly reason: string }>;
  /** Messages stored with a warning (a file cut short, NUL bytes). */
  readonly warnings: number;
  /** Messages an earlier, interrupted run of the same import had stored; this run went on after them. */
  readonly resumedAfter: number;
  readonly cancelled: boolean;
}

export interface ExportOutcome {
  readonly exported: number;
  readonly cancelled: boolean;
  /** The file or folder written. */
  readonly target: string;
}

export interface BackupOutcome {
  readonly folder: string;
  readonly messages: number;
  readonly accounts: number;
  readonly cancelled: boolean;
}

export interface NotRestored {
  readonly subject: string;
  readonly reason: string;
}

export interface RestoreOutcome {
  /** Messages in the profile from this backup (those an interrupted run of it restored included). */
  readonly restored: number;
  /** Messages an earlier, interrupted run of this restore had committed; this run went on after them. */
  readonly resumedAfter: number;
  readonly accounts: number;
  /** Messages the backup lists that could not be restored, and why (the first 200). */
  readonly notRestored: readonly NotRestored[];
  readonly notRestoredCount: number;
  /** The accounts, settings and POP state could not be read (store.json damaged). */
  readonly storeDamaged: boolean;
  readonly cancelled: boolean;
}

/** Progress of a long piece of work (an import, an export, a backup, a restore). */
export interface WorkProgress {
  /** Messages handled so far (stored, skipped as duplicates, written). */
  readonly done: number;
  readonly imported: number;
  readonly duplicates: number;
  readonly bytesDone: number;
  readonly bytesTotal: number;
  /** Estimated time left, ms; null until there is enough to go on. */
  readonly etaMs: number | null;
}

/** A Thunderbird profile found on this computer (or picked). */
export interface ThunderbirdProfileInfo {
  readonly name: string;
  readonly dir: string;
  readonly isDefault: boolean;
  readonly exists: boolean;
}

/** A Thunderbird POP3 account as Heron would set it up (its password is asked for, never read from Thunderbird). */
export interface ThunderbirdAccountInfo {
  readonly key: string;
  /** Heron's account settings, from Thunderbird's (without id, order and creation time). */
  readonly account: Omit<Account, 'id' | 'order' | 'createdAt'>;
  /** Its folders, and the mbox sizes. */
  readonly folders: ReadonlyArray<{ readonly path: readonly string[]; readonly size: number }>;
  /** Messages popstate.dat says Thunderbird already downloaded (and so Heron will not). */
  readonly downloaded: number;
}

export interface ThunderbirdProfileContents {
  readonly dir: string;
  readonly accounts: readonly ThunderbirdAccountInfo[];
  /** Local Folders' folders; null when the profile has none. */
  readonly localFolders: ReadonlyArray<{ readonly path: readonly string[]; readonly size: number }> | null;
  /** Accounts Heron does not import (IMAP, feeds, news), by name and type. */
  readonly others: ReadonlyArray<{ readonly name: string; readonly type: string }>;
  /** Thunderbird may be running: its folders could change while they are read. */
  readonly mayBeInUse: boolean;
}

export interface ThunderbirdOutcome {
  readonly accounts: ReadonlyArray<{
    readonly key: string;
    readonly accountId: string;
    readonly account: Omit<Account, 'id' | 'order' | 'createdAt'>;
    readonly imported: number;
    readonly duplicates: number;
    /** POP state entries taken from popstate.dat. */
    readonly remembered: number;
  }>;
  readonly localImported: number;
  readonly cancelled: boolean;
}

export type BackupFrequency = 'off' | 'daily' | 'weekly';

/** How one scheduled backup ended. */
export interface BackupRecord {
  /** When it started (epoch ms). */
  readonly at: number;
  /** Written whole, read back and verified against its manifest. */
  readonly ok: boolean;
  /** The backup folder written (null when it failed). */
  readonly folder: string | null;
  readonly messages: number;
  /** Why it failed, in words for a person. */
  readonly error: { readonly code: string; readonly message: string } | null;
}

/** Settings › Your mail › Back up automatically, as main keeps it. */
export interface BackupScheduleView {
  readonly frequency: BackupFrequency;
  readonly keep: number;
  readonly folder: string | null;
  /** When the next backup is due (epoch ms; at or before now: as soon as it can); null: none scheduled. */
  readonly nextAt: number | null;
  readonly running: boolean;
  readonly last: BackupRecord | null;
}
