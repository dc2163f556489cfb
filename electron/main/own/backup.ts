/**
 * A complete backup of Heron's store (issue 20), as a folder anyone can read:
 *
 *   messages.mbox    every message's exact bytes, mboxrd (any mail program can read it)
 *   messages.jsonl   one line per message, in the file's order: its id, account, folder, flags,
 *                    tags, junk verdict, conversation, UIDL, where its `From ` line is in messages.mbox, its size and SHA-256
 *   store.json       accounts, POP state, settings, the address book, rules, the junk filter's
 *                    training, conversation edits and drafts (renderer/src/data/backup-tables.ts) — never a password
 *                    (those stay in main's secret store and are asked for again after a restore)
 *   manifest.json    written last: the format, the counts, each file's size and SHA-256
 *
 * A backup stopped half-way has no manifest.json, so a restore knows it is incomplete; a damaged
 * one is found out message by message (restore.ts).
 */
import { createHash } from 'node:crypto';
import { mkdir, open, readdir, rename } from 'node:fs/promises';
import path from 'node:path';
import { HeronError } from '../../../shared/ipc/result';
import type { BackupOutcome, StoredCopy, WorkProgress } from '../../../shared/model/own-mail';
import { envelopeOf, MboxWriter } from '../../core/mbox';
import type { OwnMailStore } from '../store/link';
import { OWN_QUEUE, storedCopies } from './exporter';
import { ProgressClock } from './progress';

export const BACKUP_FORMAT = 'heron-backup';
export const BACKUP_VERSION = 1;
export const FILES = { messages: 'messages.mbox', index: 'messages.jsonl', store: 'store.json', manifest: 'manifest.json' } as const;

/** One line of messages.jsonl: the message's state as stored, and where and what its bytes are. */
export type BackupEntry = Omit<StoredCopy, 'raw' | 'date'> & {
  /** Where its `From ` line starts in messages.mbox. */
  readonly offset: number;
  readonly size: number;
  readonly sha256: string;
};

export interface BackupManifest {
  readonly format: typeof BACKUP_FORMAT;
  readonly version: number;
  readonly createdAt: string;
  readonly app: string;
  readonly messages: number;
  readonly accounts: number;
  readonly files: Readonly<Record<string, { readonly size: number; readonly sha256: string }>>;
}

export interface BackupRequest {
  /** The folder the backup folder is made in. */
  readonly parent: string;
  /** The backup folder's name in `parent` (a scheduled backup's temporary name); by default a fresh dated one. */
  readonly folderName?: string;
  readonly app: string;
  readonly signal?: AbortSignal;
  readonly onProgress?: (progress: WorkProgress) => void;
}


function sha256(bytes: Uint8Array | string): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** `Heron backup 2026-12-07 2130`, with " (2)" … when that folder exists. */
async function freshFolder(parent: string, at: Date): Promise<string> {
  const two = (n: number) => String(n).padStart(2, '0');
  const base = `Heron backup ${at.getFullYear()}-${two(at.getMonth() + 1)}-${two(at.getDate())} ${two(at.getHours())}${two(at.getMinutes())}`;
  const taken = new Set(await readdir(parent).catch((error: unknown) => {
    throw new HeronError('ENOTFOUND', `The backup folder could not be read: ${parent}`, { cause: error });
  }));
  for (let n = 1; ; n += 1) {
    const name = n === 1 ? base : `${base} (${n})`;
    if (!taken.has(name)) return path.join(parent, name);
  }
}

/** Writes and syncs a small file (the index, the store, the manifest). */
async function writeSynced(file: string, data: string | Uint8Array): Promise<void> {
  const handle = await open(file, 'wx');
  try {
    await handle.writeFile(data);
    await handle.sync();
  } finally {
    await handle.close();
  }
}

function storageError(error: unknown, folder: string): HeronError {
  if (error instanceof HeronError) return error;
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOSPC' || code === 'EDQUOT') return new HeronError('EQUOTA', `The disk is full: the backup in ${folder} is incomplete.`, { cause: error });
  return new HeronError('ESTORAGE', `The backup in ${folder} could not be written (${code ?? 'error'}).`, { cause: error });
}

export async function runBackup(store: OwnMailStore, request: BackupRequest, now: () => number = Date.now): Promise<BackupOutcome> {
  const folder = request.folderName !== undefined ? path.join(request.parent, request.folderName) : await freshFolder(request.parent, new Date(now()));
  try {
    await mkdir(folder);
  } catch (error) {
    throw storageError(error, folder);
  }
  const total = await store.ask({ kind: 'exportCount', accountId: OWN_QUEUE, scope: { kind: 'all' } });
  const clock = new ProgressClock(now, request.onProgress);
  const writer = await MboxWriter.create(path.join(folder, FILES.messages));
  // The list of messages is written as it grows, hashed on the way: memory stays one page.
  const index = await open(path.join(folder, FILES.index), 'wx');
  const indexHash = createHash('sha256');
  let indexBytes = 0;
  let indexOpen = true;
  let count = 0;
  try {
    for await (const copy of storedCopies(store, { kind: 'all' })) {
      if (request.signal?.aborted) {
        await writer.abort();
        // The folder stays without its manifest: a restore says it is incomplete.
        return { folder, messages: count, accounts: 0, cancelled: true };
      }
      const raw = Buffer.from(copy.raw.buffer, copy.raw.byteOffset, copy.raw.byteLength);
      const entry: BackupEntry = {
        id: copy.id,
        accountId: copy.accountId,
        folder: copy.folder,
        unread: copy.unread,
        starred: copy.starred,
        uidl: copy.uidl,
        partial: copy.partial,
        receivedAt: copy.receivedAt,
        subject: copy.subject,
        sourceFolder: copy.sourceFolder,
        ...(copy.kept && Object.keys(copy.kept).length > 0 ? { kept: copy.kept } : {}),
        offset: writer.position,
        size: raw.length,
        sha256: sha256(raw),
      };
      await writer.write(raw, envelopeOf(raw, copy.receivedAt));
      const line = Buffer.from(`${JSON.stringify(entry)}\n`);
      await index.writeFile(line);
      indexHash.update(line);
      indexBytes += line.length;
      count += 1;
      clock.report({ done: count, imported: count, duplicates: 0, bytesDone: count, bytesTotal: Math.max(total, count) });
    }
    await writer.finish();
    const snapshot = await store.ask({ kind: 'snapshot', accountId: OWN_QUEUE });
    const storeText = JSON.stringify(snapshot);
    await index.sync();
    await index.close();
    indexOpen = false;
    await writeSynced(path.join(folder, FILES.store), storeText);
    const manifest: BackupManifest = {
      format: BACKUP_FORMAT,
      version: BACKUP_VERSION,
      createdAt: new Date(now()).toISOString(),
      app: request.app,
      messages: count,
      accounts: snapshot.accounts.length,
      files: {
        [FILES.messages]: { size: writer.bytes, sha256: await fileSha256(path.join(folder, FILES.messages)) },
        [FILES.index]: { size: indexBytes, sha256: indexHash.digest('hex') },
        [FILES.store]: { size: Buffer.byteLength(storeText), sha256: sha256(storeText) },
      },
    };
    // The manifest says the backup is whole: written under another name, synced, then renamed.
    const partial = path.join(folder, `.${FILES.manifest}.partial`);
    await writeSynced(partial, JSON.stringify(manifest, null, 2));
    await rename(partial, path.join(folder, FILES.manifest));
    clock.report({ done: count, imported: count, duplicates: 0, bytesDone: Number.MAX_SAFE_INTEGER, bytesTotal: 0 });
    return { folder, messages: count, accounts: snapshot.accounts.length, cancelled: false };
  } catch (error) {
    await writer.abort();
    throw storageError(error, folder);
  } finally {
    if (indexOpen) await index.close().catch(() => undefined);
  }
}

/** SHA-256 of a file, read in chunks. */
export async function fileSha256(file: string): Promise<string> {
  const hash = createHash('sha256');
  const handle = await open(file, 'r');
  try {
    const chunk = Buffer.alloc(1024 * 1024);
    for (;;) {
      const { bytesRead } = await handle.read(chunk, 0, chunk.length, null);
      if (bytesRead === 0) break;
      hash.update(chunk.subarray(0, bytesRead));
    }
  } finally {
    await handle.close();
  }
  return hash.digest('hex');
}

