/**
 * Restoring a backup (backup.ts) into an empty profile: every message whose bytes still match
 * its SHA-256 is committed through the store port with its id, folder, flags and UIDL; then, in
 * one strict transaction, the accounts, settings, address book and the POP state — so the next
 * Get mail downloads nothing that was backed up. A message that is damaged or missing is listed
 * and its POP state entry left out, so if the server still has it, Get mail brings it back.
 *
 * A backup without manifest.json was interrupted while it was written: it is refused as
 * incomplete, with what it holds said.
 */
import { createReadStream } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import path from 'node:path';
import { createHash } from 'node:crypto';
import { encodeMailBatch } from '../../../shared/ipc/mail-batch';
import { HeronError } from '../../../shared/ipc/result';
import type { FetchedMessage } from '../../../shared/model/fetched-message';
import type { NotRestored, RestoreOutcome, StoreSnapshot, WorkProgress } from '../../../shared/model/own-mail';
import type { ReadMessage } from '../../core/fetch/read-message';
import { commitError } from '../../core/fetch/commit';
import { openMbox } from '../../core/mbox';
import type { OwnMailStore } from '../store/link';
import { BACKUP_FORMAT, FILES, type BackupEntry, type BackupManifest } from './backup';
import { OWN_QUEUE } from './exporter';
import { ProgressClock } from './progress';

export interface RestoreDeps {
  readonly store: OwnMailStore;
  readonly read: (raw: Buffer, receivedAt: number) => Promise<ReadMessage>;
  readonly now?: () => number;
  readonly batchMessages?: number;
}

export interface RestoreRequest {
  /** The backup folder (the one holding manifest.json). */
  readonly folder: string;
  readonly signal?: AbortSignal;
  readonly onProgress?: (progress: WorkProgress) => void;
}



const MAX_LISTED = 200;
const DEFAULT_BATCH = 200;

function sha256(bytes: Uint8Array | string): string {
  return createHash('sha256').update(bytes).digest('hex');
}

async function present(file: string): Promise<boolean> {
  return stat(file).then(
    () => true,
    () => false,
  );
}

/** The manifest, or why there is none worth trusting. */
export async function readManifest(folder: string): Promise<BackupManifest> {
  let text: string;
  try {
    text = await readFile(path.join(folder, FILES.manifest), 'utf8');
  } catch {
    if (await present(path.join(folder, FILES.messages))) {
      throw new HeronError('EINVALID', `This backup is incomplete: it was interrupted while it was being written (it has no ${FILES.manifest}). Make a new backup, or import its messages.mbox.`, { detail: { field: 'folder', incomplete: true } });
    }
    throw new HeronError('EINVALID', `This folder holds no Heron backup (no ${FILES.manifest}): ${folder}`, { detail: { field: 'folder' } });
  }
  let manifest: BackupManifest;
  try {
    manifest = JSON.parse(text) as BackupManifest;
  } catch {
    throw new HeronError('EINVALID', `This backup's ${FILES.manifest} is damaged and cannot be read.`, { detail: { field: 'folder' } });
  }
  if (manifest.format !== BACKUP_FORMAT) throw new HeronError('EINVALID', `This is not a Heron backup (${FILES.manifest} says "${String(manifest.format)}").`, { detail: { field: 'folder' } });
  return manifest;
}

/**
 * messages.jsonl a line at a time, in the order the backup wrote it (the order of messages.mbox),
 * so memory stays one line whatever the backup's size. A line that cannot be read is reported.
 */
async function* indexLines(file: string): AsyncGenerator<BackupEntry | 'unreadable'> {
  const lines = createInterface({ input: createReadStream(file, { encoding: 'utf8' }), crlfDelay: Infinity });
  for await (const line of lines) {
    if (line === '') continue;
    try {
      const entry = JSON.parse(line) as BackupEntry;
      if (typeof entry.id !== 'string' || typeof entry.offset !== 'number' || typeof entry.sha256 !== 'string') throw new Error('not an entry');
      yield entry;
    } catch {
      yield 'unreadable';
    }
  }
}

/** The key a restore of this backup marks its place under (in the store's `imports`), the same each time it is started. */
export function restoreKey(manifest: BackupManifest): string {
  return `restore:${sha256(JSON.stringify([manifest.createdAt, manifest.messages, manifest.files]))}`;
}

export async function runRestore(deps: RestoreDeps, request: RestoreRequest): Promise<RestoreOutcome> {
  const now = deps.now ?? Date.now;
  const manifest = await readManifest(request.folder);
  // A restore of this backup that was interrupted is resumed after the last batch it committed
  // (each batch and the restore's place commit together); anything else goes only into an empty profile.
  const key = restoreKey(manifest);
  const place = await deps.store.ask({ kind: 'importPlace', accountId: OWN_QUEUE, importId: key });
  const resuming = place !== null && !place.finished;
  if (!resuming && !(await deps.store.ask({ kind: 'isEmpty', accountId: OWN_QUEUE }))) {
    const why = place?.finished
      ? 'This backup was already restored into this profile.'
      : 'Heron restores a backup only into an empty profile: this one already has accounts or messages. If a restore was interrupted here, restore that same backup again to finish it.';
    throw new HeronError('EINVALID', `${why} Start Heron with a new profile and restore there.`, { detail: { field: 'folder' } });
  }
  const resumeFrom = resuming ? place.position : 0;
  const resumedAfter = resuming ? place.imported : 0;
  const notRestored: NotRestored[] = [];
  let notRestoredCount = 0;
  const lost = (subject: string, reason: string) => {
    notRestoredCount += 1;
    if (notRestored.length < MAX_LISTED) notRestored.push({ subject, reason });
  };

  const indexFile = path.join(request.folder, FILES.index);
  if (!(await present(indexFile))) throw new HeronError('EINVALID', `This backup has lost its list of messages (${FILES.index}); import its messages.mbox instead.`, { detail: { field: 'folder' } });
  const index = indexLines(indexFile);
  /** The next line of the list not yet matched to a message of the mbox. */
  let pending: BackupEntry | null = null;
  let indexDone = false;
  const nextLine = async (): Promise<BackupEntry | null> => {
    if (pending) return pending;
    while (!indexDone) {
      const r = await index.next();
      if (r.done) indexDone = true;
      else if (r.value === 'unreadable') lost('(unknown)', `A line of ${FILES.index} is damaged.`);
      else return (pending = r.value);
    }
    return null;
  };
  /** The list's line for the message at `offset`; lines before it name messages the mbox lost. */
  const lineFor = async (offset: number): Promise<BackupEntry | null> => {
    for (let line = await nextLine(); line !== null && line.offset <= offset; line = await nextLine()) {
      pending = null;
      if (line.offset === offset) return line;
      lost(line.subject, `It is missing from ${FILES.messages} (the file was cut short or damaged).`);
    }
    return null;
  };

  const storeText = await readFile(path.join(request.folder, FILES.store), 'utf8').catch(() => null);
  const storeSum = manifest.files[FILES.store]?.sha256;
  let snapshot: StoreSnapshot | null = null;
  if (storeText !== null && (storeSum === undefined || sha256(storeText) === storeSum)) {
    try {
      snapshot = JSON.parse(storeText) as StoreSnapshot;
    } catch {
      snapshot = null;
    }
  }

  const clock = new ProgressClock(now, request.onProgress);
  const total = manifest.messages;
  const restoredIds = new Set<string>();
  let batch: FetchedMessage[] = [];
  let batchAccount = OWN_QUEUE;
  /** Just after the last message put in the batch: where a resumed restore starts. */
  let batchEnd = resumeFrom;
  const commit = async () => {
    if (batch.length === 0) return;
    const messages = batch;
    batch = [];
    const accountId = batchAccount;
    const mark = { id: key, accountId, position: batchEnd, imported: resumedAfter + restoredIds.size + messages.length, duplicates: 0, finished: false };
    const outcome = await deps.store.commit(accountId, encodeMailBatch(messages), mark);
    if (!outcome.committed) throw commitError(outcome, restoredIds.size);
    for (const m of messages) restoredIds.add(m.id);
  };
  let cancelled = false;

  const mbox = path.join(request.folder, FILES.messages);
  if (await present(mbox)) {
    const reader = await openMbox(mbox, { dialect: 'mboxrd' });
    try {
      for await (const entry of reader.entries()) {
        if (request.signal?.aborted) {
          cancelled = true;
          break;
        }
        const meta = await lineFor(entry.offset);
        if (!meta) {
          lost('(unknown)', `A message at byte ${entry.offset} of ${FILES.messages} is not in the backup's list: the file is damaged there.`);
          continue;
        }
        // Committed by the run this one resumes.
        if (entry.offset < resumeFrom) continue;
        if (entry.kind !== 'message') {
          lost(meta.subject, 'It is too big to restore.');
          continue;
        }
        if (entry.bytes.length !== meta.size || sha256(entry.bytes) !== meta.sha256) {
          lost(meta.subject, 'Its bytes in the backup are damaged (the SHA-256 does not match).');
          continue;
        }
        // Messages of one batch share an account: a batch is one account's commit.
        if (batch.length > 0 && batchAccount !== meta.accountId) await commit();
        batchAccount = meta.accountId;
        const read = await deps.read(entry.bytes, meta.receivedAt);
        batch.push({
          id: meta.id,
          uidl: meta.uidl,
          size: meta.size,
          raw: entry.bytes,
          partial: meta.partial,
          headers: read.headers,
          receivedAt: meta.receivedAt,
          ...(read.content ? { content: read.content } : {}),
          placement: { folder: meta.folder, unread: meta.unread, starred: meta.starred, ...(meta.sourceFolder ? { sourceFolder: meta.sourceFolder } : {}), ...(meta.kept ? { kept: meta.kept } : {}) },
        });
        batchEnd = entry.offset + 1;
        if (batch.length >= (deps.batchMessages ?? DEFAULT_BATCH)) await commit();
        const done = resumedAfter + restoredIds.size + batch.length;
        clock.report({ done, imported: done, duplicates: 0, bytesDone: done, bytesTotal: Math.max(total, 1) });
      }
    } finally {
      await reader.close();
    }
  } else {
    lost('(all messages)', `The backup's ${FILES.messages} is missing.`);
  }
  await commit();
  if (!cancelled) for (let line = await nextLine(); line !== null; pending = null, line = await nextLine()) lost(line.subject, `It is missing from ${FILES.messages} (the file was cut short or damaged).`);

  if (!cancelled) {
    // The store leaves out an entry that names a message not restored (by this run or the one it
    // resumes): if the server still has it, Get mail brings it back. The restore is then whole.
    const empty: StoreSnapshot = { accounts: [], popState: [], popEntries: [], settings: [], contacts: [] };
    await deps.store.ask({ kind: 'restore', accountId: OWN_QUEUE, snapshot: snapshot ?? empty, restoreId: key });
  }
  const restored = resumedAfter + restoredIds.size;
  clock.report({ done: restored, imported: restored, duplicates: 0, bytesDone: Number.MAX_SAFE_INTEGER, bytesTotal: 0 });
  return {
    restored,
    resumedAfter,
    accounts: snapshot?.accounts.length ?? 0,
    notRestored,
    notRestoredCount,
    storeDamaged: snapshot === null,
    cancelled,
  };
}
