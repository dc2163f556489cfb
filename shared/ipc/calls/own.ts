/**
 * Contract fragment: owning one's mail (issue 20) — import, export, backup, restore. Each call
 * asks main to show the file dialog (the person picks the file or folder there; the window never
 * names a path) and answers at once with the job's id, or null when the dialog was cancelled.
 * Main reads and writes the files and moves the messages through the store port; the window
 * follows the job through `ownMailProgress` and `ownMailDone`, and may cancel it: what was
 * committed before stays.
 */
import type { BackupOutcome, BackupScheduleView, ExportOutcome, ImportOutcome, RestoreOutcome, ThunderbirdOutcome, ThunderbirdProfileContents, ThunderbirdProfileInfo, WorkProgress } from '../../model/own-mail';
import { call, event } from '../define';
import type { SerializedError } from '../result';
import { idSchema } from '../schemas';
import { v } from '../validate';

export type OwnMailJobKind = 'import' | 'export' | 'backup' | 'restore' | 'thunderbird';

export interface OwnMailJob {
  /** null: the person cancelled the file dialog. */
  readonly jobId: string | null;
}

export interface OwnMailProgress extends WorkProgress {
  readonly jobId: string;
  readonly kind: OwnMailJobKind;
}

export type OwnMailOutcome =
  | ({ readonly kind: 'import' } & ImportOutcome)
  | ({ readonly kind: 'export' } & ExportOutcome)
  | ({ readonly kind: 'backup' } & BackupOutcome)
  | ({ readonly kind: 'restore' } & RestoreOutcome)
  | ({ readonly kind: 'thunderbird' } & ThunderbirdOutcome);

export interface OwnMailDone {
  readonly jobId: string;
  readonly kind: OwnMailJobKind;
  /** Set when it ended (cancelled included); null when it failed. */
  readonly outcome: OwnMailOutcome | null;
  /** Why it failed; what was committed before stays. */
  readonly error: SerializedError | null;
}

const MAX_SELECTION = 100_000;

export const exportScopeSchema = v.object({
  kind: v.literal('all', 'folder', 'messages'),
  accountId: v.optional(v.nullable(idSchema)),
  folder: v.optional(v.literal('inbox', 'sent', 'trash')),
  ids: v.optional(v.array(v.string({ min: 1, max: 128 }), { max: MAX_SELECTION })),
});

export const ownCalls = {
  /** Imports an mbox file (any dialect, Thunderbird, Google Takeout), .eml files or a folder of them into an account. */
  importMail: call<OwnMailJob>()(v.object({ accountId: idSchema, source: v.literal('mbox', 'eml-files', 'eml-folder') })),
  /** Exports a folder, a selection or everything as one mboxrd file or as .eml files in a folder. */
  exportMail: call<OwnMailJob>()(v.object({ scope: exportScopeSchema, format: v.literal('mboxrd', 'eml') })),
  /** Writes a complete backup into a folder the person picks. */
  backupMail: call<OwnMailJob>()(v.none()),
  /** Restores a backup folder the person picks into this (empty) profile. */
  restoreBackup: call<OwnMailJob>()(v.none()),
  /** Thunderbird's profiles on this computer (profiles.ini on Linux, macOS and Windows). */
  findThunderbird: call<ThunderbirdProfileInfo[]>()(v.none()),
  /** A Thunderbird profile folder the person picks in main's dialog (a copy from another computer); null when cancelled. */
  chooseThunderbirdProfile: call<ThunderbirdProfileInfo | null>()(v.none()),
  /** What a profile found or picked above holds for Heron: POP3 accounts, their folders, Local Folders. */
  readThunderbirdProfile: call<ThunderbirdProfileContents>()(v.object({ dir: v.string({ min: 1, max: 4096 }) })),
  /**
   * Imports the picked accounts' folders and POP state (and Local Folders into one of them) into
   * accounts Heron will create with these ids once the job has ended; their passwords were set first.
   */
  importThunderbird: call<OwnMailJob>()(
    v.object({
      dir: v.string({ min: 1, max: 4096 }),
      accounts: v.array(v.object({ key: v.string({ min: 1, max: 128 }), accountId: idSchema }), { max: 100 }),
      localFoldersInto: v.nullable(idSchema),
    }),
  ),
  /** Back up automatically: the schedule, the folder and how the last scheduled backup ended. */
  backupSchedule: call<BackupScheduleView>()(v.none()),
  /** Off, daily or weekly, keeping the last N scheduled backups; a backup overdue now runs at once. */
  setBackupSchedule: call<BackupScheduleView>()(v.object({ frequency: v.literal('off', 'daily', 'weekly'), keep: v.number({ integer: true, min: 1, max: 100 }) })),
  /** The folder scheduled backups go to, picked in main's dialog (the window never names a path). */
  chooseBackupFolder: call<BackupScheduleView>()(v.none()),
  /** Stops a running job; what it committed stays. */
  cancelOwnMail: call<void>()(v.object({ jobId: v.string({ min: 1, max: 64 }) })),
} as const;

export const ownEvents = {
  ownMailProgress: event<OwnMailProgress>(),
  ownMailDone: event<OwnMailDone>(),
  /** The schedule changed, or a scheduled backup started or ended. */
  backupScheduleChanged: event<BackupScheduleView>(),
  /** File › Import, Export and Back Up…: the window shows Settings › Your mail. */
  showOwnMail: event<{ readonly section: 'own-mail' }>(),
} as const;
