/**
 * Runs one import, export, backup or restore at a time (issue 20): asks the shell's file dialog
 * for the path (the window never names one), answers the window with the job's id at once, and
 * reports progress and the end as events. Cancelling stops the job; what it committed stays.
 */
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import type { MainEmit } from '../../../shared/ipc/contract';
import type { OwnMailJob, OwnMailJobKind, OwnMailOutcome } from '../../../shared/ipc/calls/own';
import { HeronError, serializeError } from '../../../shared/ipc/result';
import type { BackupRecord, ExportScope, ImportOutcome, ThunderbirdProfileContents, ThunderbirdProfileInfo, WorkProgress } from '../../../shared/model/own-mail';
import { findProfiles } from '../../core/thunderbird';
import type { ReadMessage } from '../../core/fetch/read-message';
import type { OwnMailStore } from '../store/link';
import { runBackup } from './backup';
import { runExport, type ExportFormat } from './exporter';
import { runImport, type ImportSource } from './importer';
import { runRestore } from './restore';
import { recordOf, runScheduledBackup } from './scheduled-backup';
import { describeProfile, runThunderbirdImport } from './thunderbird';

/** What the file dialog is for: it decides open or save, files or a folder, and the words. */
export type PathPurpose = 'import-mbox' | 'import-eml-files' | 'import-eml-folder' | 'export-mbox' | 'export-eml' | 'backup' | 'backup-schedule' | 'restore' | 'thunderbird-profile';

export interface PathPick {
  readonly purpose: PathPurpose;
  /** For a save dialog: the name it suggests. */
  readonly defaultName?: string;
}

/** The shell's open or save dialog (a stand-in in the e2e rig); null when the person cancels. */
export type PickPath = (pick: PathPick) => Promise<readonly string[] | null>;

export interface OwnMailDeps {
  readonly store: OwnMailStore;
  readonly read: (raw: Buffer, receivedAt: number) => Promise<ReadMessage>;
  readonly emit: MainEmit;
  readonly pickPath?: PickPath;
  /** Where Thunderbird keeps profiles.ini on this computer (core/thunderbird thunderbirdRoots). */
  readonly thunderbirdRoots?: readonly string[];
  /** "Heron Mail 1.2.3", written into a backup's manifest. */
  readonly app: string;
  readonly now?: () => number;
}

type Work = (paths: readonly string[], signal: AbortSignal, onProgress: (p: WorkProgress) => void) => Promise<OwnMailOutcome>;

const WORDS: Record<OwnMailJobKind, string> = { import: 'An import', export: 'An export', backup: 'A backup', restore: 'A restore', thunderbird: 'A move from Thunderbird' };

export class OwnMailService {
  /** Thunderbird profile folders found or picked here: the only ones the window may ask to read. */
  private readonly profiles = new Set<string>();
  private running: { readonly jobId: string; readonly kind: OwnMailJobKind; readonly abort: AbortController; readonly done: Promise<void> } | null = null;

  constructor(private readonly deps: OwnMailDeps) {}

  importMail(accountId: string, source: 'mbox' | 'eml-files' | 'eml-folder'): Promise<OwnMailJob> {
    const purpose: PathPurpose = source === 'mbox' ? 'import-mbox' : source === 'eml-files' ? 'import-eml-files' : 'import-eml-folder';
    return this.start('import', { purpose }, async (paths, signal, onProgress) => {
      let total: ImportOutcome | null = null;
      for (const p of paths) {
        const from: ImportSource = source === 'mbox' ? { kind: 'mbox', file: p } : { kind: 'eml', path: p };
        const one = await runImport({ store: this.deps.store, read: this.deps.read, newId: randomUUID, ...(this.deps.now ? { now: this.deps.now } : {}) }, { accountId, source: from, signal, onProgress });
        total = total === null ? one : sumImports(total, one);
        if (one.cancelled) break;
      }
      return { kind: 'import', ...(total ?? sumImports(null, null)) };
    });
  }

  exportMail(scope: ExportScope, format: ExportFormat): Promise<OwnMailJob> {
    const name = scope.kind === 'folder' ? `${scope.folder}.mbox` : scope.kind === 'messages' ? 'messages.mbox' : 'all mail.mbox';
    return this.start('export', { purpose: format === 'mboxrd' ? 'export-mbox' : 'export-eml', defaultName: name }, async ([target], signal, onProgress) => ({
      kind: 'export',
      ...(await runExport(this.deps.store, { scope, format, target: target as string, signal, onProgress }, this.deps.now)),
    }));
  }

  backup(): Promise<OwnMailJob> {
    return this.start('backup', { purpose: 'backup' }, async ([parent], signal, onProgress) => ({
      kind: 'backup',
      ...(await runBackup(this.deps.store, { parent: parent as string, app: this.deps.app, signal, onProgress }, this.deps.now)),
    }));
  }

  restore(): Promise<OwnMailJob> {
    return this.start('restore', { purpose: 'restore' }, async ([folder], signal, onProgress) => ({
      kind: 'restore',
      ...(await runRestore({ store: this.deps.store, read: this.deps.read, ...(this.deps.now ? { now: this.deps.now } : {}) }, { folder: folder as string, signal, onProgress })),
    }));
  }

  /**
   * A scheduled backup (schedule.ts), in the background: no dialog and no progress events, but
   * never beside another job — 'busy' while one runs, and the scheduler looks again later.
   */
  scheduledBackup(parent: string, keep: number, at: number): Promise<BackupRecord | 'busy'> {
    if (this.running) return Promise.resolve('busy');
    const jobId = randomUUID();
    const work = runScheduledBackup(this.deps.store, { parent, keep, app: this.deps.app, at }, this.deps.now).then(
      (written) => recordOf(at, written),
      (error: unknown) => recordOf(at, { error }),
    );
    const done = work.then(() => undefined).finally(() => (this.running = this.running?.jobId === jobId ? null : this.running));
    this.running = { jobId, kind: 'backup', abort: new AbortController(), done };
    return work;
  }

  /** The folder scheduled backups go to, from main's dialog; null when the person cancels. */
  async chooseFolder(): Promise<string | null> {
    if (!this.deps.pickPath) throw new HeronError('EUNSUPPORTED', 'Heron cannot show a file dialog here.');
    const [dir] = (await this.deps.pickPath({ purpose: 'backup-schedule' })) ?? [];
    if (dir === undefined) return null;
    if (!path.isAbsolute(dir)) throw new HeronError('EINVALID', 'The file dialog gave a path that is not a full path.', { detail: { field: 'path' } });
    return dir;
  }

  async findThunderbird(): Promise<ThunderbirdProfileInfo[]> {
    const found = await findProfiles(this.deps.thunderbirdRoots ?? []);
    for (const p of found) this.profiles.add(p.dir);
    return found.map(({ name, dir, isDefault, exists }) => ({ name, dir, isDefault, exists }));
  }

  async chooseThunderbirdProfile(): Promise<ThunderbirdProfileInfo | null> {
    if (!this.deps.pickPath) throw new HeronError('EUNSUPPORTED', 'Heron cannot show a file dialog here.');
    const [dir] = (await this.deps.pickPath({ purpose: 'thunderbird-profile' })) ?? [];
    if (dir === undefined) return null;
    if (!path.isAbsolute(dir)) throw new HeronError('EINVALID', 'The file dialog gave a path that is not a full path.', { detail: { field: 'path' } });
    this.profiles.add(dir);
    return { name: path.basename(dir), dir, isDefault: false, exists: true };
  }

  /** Only a profile found or picked in main is read: the window never names a folder of its own. */
  readThunderbirdProfile(dir: string): Promise<ThunderbirdProfileContents> {
    this.knownProfile(dir);
    return describeProfile(dir);
  }

  async importThunderbird(dir: string, accounts: ReadonlyArray<{ key: string; accountId: string }>, localFoldersInto: string | null): Promise<OwnMailJob> {
    this.knownProfile(dir);
    if (accounts.length === 0 && localFoldersInto === null) throw new HeronError('EINVALID', 'Pick at least one account or Local Folders to import.', { detail: { field: 'accounts' } });
    return this.startWith('thunderbird', [dir], async ([profile], signal, onProgress) => ({
      kind: 'thunderbird',
      ...(await runThunderbirdImport(
        { store: this.deps.store, read: this.deps.read, newId: randomUUID, ...(this.deps.now ? { now: this.deps.now } : {}) },
        { dir: profile as string, accounts, localFoldersInto, signal, onProgress, ...(this.deps.now ? { now: this.deps.now } : {}) },
      )),
    }));
  }

  private knownProfile(dir: string): void {
    if (!this.profiles.has(dir)) throw new HeronError('EINVALID', 'That Thunderbird profile was not found or picked here.', { detail: { field: 'dir' } });
  }

  cancel(jobId: string): void {
    if (this.running?.jobId === jobId) this.running.abort.abort();
  }

  /** Resolves when the running job (if any) has ended (tests, quitting). */
  async idle(): Promise<void> {
    await this.running?.done;
  }

  private refuseWhileBusy(): void {
    if (this.running) throw new HeronError('EBUSY', `${WORDS[this.running.kind]} is running: wait for it to end, or cancel it.`);
  }

  private async start(kind: OwnMailJobKind, pick: PathPick, work: Work): Promise<OwnMailJob> {
    this.refuseWhileBusy();
    if (!this.deps.pickPath) throw new HeronError('EUNSUPPORTED', 'Heron cannot show a file dialog here.');
    const paths = await this.deps.pickPath(pick);
    if (paths === null || paths.length === 0) return { jobId: null };
    for (const p of paths) if (!path.isAbsolute(p)) throw new HeronError('EINVALID', 'The file dialog gave a path that is not a full path.', { detail: { field: 'path' } });
    return this.startWith(kind, paths, work);
  }

  private startWith(kind: OwnMailJobKind, paths: readonly string[], work: Work): OwnMailJob {
    // Another job may have started while the dialog was open.
    this.refuseWhileBusy();
    const jobId = randomUUID();
    const abort = new AbortController();
    const emit = this.deps.emit;
    const done = work(paths, abort.signal, (p) => emit('ownMailProgress', { jobId, kind, ...p })).then(
      (outcome) => emit('ownMailDone', { jobId, kind, outcome, error: null }),
      (error: unknown) => emit('ownMailDone', { jobId, kind, outcome: null, error: serializeError(error) }),
    );
    const running = { jobId, kind, abort, done: done.finally(() => (this.running = this.running?.jobId === jobId ? null : this.running)) };
    this.running = running;
    return { jobId };
  }
}

function sumImports(a: ImportOutcome | null, b: ImportOutcome | null): ImportOutcome {
  const zero: ImportOutcome = { imported: 0, duplicates: 0, expunged: 0, tooBig: 0, unreadable: [], warnings: 0, resumedAfter: 0, cancelled: false };
  const x = a ?? zero;
  const y = b ?? zero;
  return {
    imported: x.imported + y.imported,
    duplicates: x.duplicates + y.duplicates,
    expunged: x.expunged + y.expunged,
    tooBig: x.tooBig + y.tooBig,
    unreadable: [...x.unreadable, ...y.unreadable].slice(0, 100),
    warnings: x.warnings + y.warnings,
    resumedAfter: x.resumedAfter + y.resumedAfter,
    cancelled: x.cancelled || y.cancelled,
  };
}
