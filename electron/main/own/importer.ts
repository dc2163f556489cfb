/**
 * Importing mail (issue 20): an mbox file (any dialect, Thunderbird's folders, Google Takeout) or
 * .eml files are read by the engine (electron/core/mbox), each message is read by the fetch's
 * parser, and batches are committed through the store port exactly as fetched mail is — one
 * strict transaction per batch, which also records where the import stands. So:
 *
 * - a duplicate (same Message-ID, same bytes, already stored or earlier in this import) is skipped
 *   and counted (DuplicateFilter);
 * - cancelling keeps every batch committed so far;
 * - an import stopped by a crash resumes after the last batch it committed (`importPlace`), and
 *   the duplicate filter catches anything the mark could not (a message stored twice in the file).
 */
import { createHash } from 'node:crypto';
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { encodeMailBatch } from '../../../shared/ipc/mail-batch';
import { HeronError } from '../../../shared/ipc/result';
import type { ImportMarkOnPort } from '../../../shared/ipc/store-port';
import type { FetchedMessage, MessagePlacement } from '../../../shared/model/fetched-message';
import type { LocalFolder } from '../../../shared/model/message';
import type { ImportOutcome } from '../../../shared/model/own-mail';
import type { ReadMessage } from '../../core/fetch/read-message';
import { DuplicateFilter, fingerprint, findEmlFiles, gmailPlacement, mozillaState, openMbox, readEml, type Fingerprint, type FolderRef, type HeaderFacts } from '../../core/mbox';
import { commitError } from '../../core/fetch/commit';
import type { OwnMailStore } from '../store/link';
import { ProgressClock } from './progress';
import type { WorkProgress } from '../../../shared/model/own-mail';

export type ImportSource = { readonly kind: 'mbox'; readonly file: string } | { readonly kind: 'eml'; readonly path: string };

/** Where a source's messages go when the source itself does not say (a Thunderbird folder). */
export interface ImportTarget {
  readonly folder: LocalFolder;
  /** A folder of the person's own under the account, by path: the store makes it with the batch. */
  readonly folderPath?: readonly string[];
  /** That folder is under Local Folders, not the account. */
  readonly inLocalFolders?: boolean;
}

export interface ImportDeps {
  readonly store: OwnMailStore;
  /** The fetch's parser, off main's event loop in the app (the job worker's 'read'). */
  readonly read: (raw: Buffer, receivedAt: number) => Promise<ReadMessage>;
  readonly newId: () => string;
  readonly now?: () => number;
  /** Messages and bytes per committed batch. */
  readonly batchMessages?: number;
  readonly batchBytes?: number;
}

export interface ImportRequest {
  readonly accountId: string;
  readonly source: ImportSource;
  readonly target?: ImportTarget;
  readonly signal?: AbortSignal;
  readonly onProgress?: (progress: WorkProgress) => void;
  /**
   * Told of each stored message that carries the POP3 UIDL it was downloaded under (Thunderbird's
   * X-UIDL), once committed: moving from Thunderbird ties its POP state to the imported copies.
   */
  readonly onStoredUidl?: (uidl: string, id: string, size: number) => void;
}


const DEFAULT_BATCH = 200;
const DEFAULT_BATCH_BYTES = 16 * 1024 * 1024;
const MAX_UNREADABLE_LISTED = 100;

/** The import's key: the same file (same size, same modification time) into the same account. */
export async function importIdOf(accountId: string, source: ImportSource): Promise<string> {
  const where = source.kind === 'mbox' ? source.file : source.path;
  const s = await stat(where).catch((error: unknown) => {
    throw new HeronError('ENOTFOUND', `Heron could not read ${where}.`, { cause: error });
  });
  return createHash('sha256').update(`${accountId}\u0000${source.kind}\u0000${path.resolve(where)}\u0000${s.size}\u0000${s.mtimeMs}`).digest('hex').slice(0, 40);
}

/** A Gmail label, a Thunderbird flag or the caller's target, as a placement. Imported mail is read unless the source says otherwise. */
export function placementOf(facts: HeaderFacts | null, target: ImportTarget | undefined): MessagePlacement {
  if (facts?.gmailLabels) {
    const gmail = gmailPlacement(facts.gmailLabels);
    const first = gmail.folders[0] as FolderRef;
    const fixed = 'special' in first && (first.special === 'sent' || first.special === 'trash') ? first.special : null;
    // A message is in one folder: Sent or Trash first, else its first label of the person's own; the other labels stay as words.
    const filedIn = fixed === null ? gmail.folders.find((f): f is Extract<FolderRef, { path: readonly string[] }> => 'path' in f) : undefined;
    const own = gmail.folders.flatMap((f) => (f === filedIn ? [] : 'path' in f ? [f.path.join('/')] : f.special === 'inbox' || f.special === 'sent' || f.special === 'trash' ? [] : [labelOf(f.special)]));
    return {
      folder: fixed ?? 'inbox',
      unread: !gmail.read,
      starred: gmail.starred,
      ...(filedIn ? { folderPath: filedIn.path } : {}),
      ...(own.length > 0 ? { sourceFolder: own.join(', ') } : {}),
    };
  }
  const mozilla = facts?.mozillaFlags == null ? null : mozillaState(facts.mozillaFlags);
  return {
    folder: target?.folder ?? 'inbox',
    unread: mozilla ? !mozilla.read : false,
    starred: mozilla?.starred ?? false,
    ...(target?.folderPath && target.folderPath.length > 0 ? { folderPath: target.folderPath, ...(target.inLocalFolders ? { inLocalFolders: true } : {}) } : {}),
  };
}

function labelOf(special: string): string {
  return { drafts: 'Drafts', junk: 'Spam', archive: 'All Mail' }[special] ?? special;
}

interface Pending {
  readonly fp: Fingerprint;
  readonly bytes: Buffer;
  readonly receivedAt: number;
  readonly placement: MessagePlacement;
  readonly warned: boolean;
  readonly uidl: string | null;
}

/** One import, start to end (or cancel). Throws a HeronError when the store refuses a batch: what was committed stays. */
export async function runImport(deps: ImportDeps, request: ImportRequest): Promise<ImportOutcome> {
  const now = deps.now ?? Date.now;
  const importId = await importIdOf(request.accountId, request.source);
  const place = await deps.store.ask({ kind: 'importPlace', accountId: request.accountId, importId });
  // A finished import of the same file runs again from the start: every message is then a duplicate.
  const resume = place !== null && !place.finished ? place : null;
  const counts = { imported: resume?.imported ?? 0, duplicates: resume?.duplicates ?? 0, expunged: 0, tooBig: 0, warnings: 0 };
  const unreadable: Array<{ file: string; reason: string }> = [];
  const filter = new DuplicateFilter(() => false);
  const batchMessages = deps.batchMessages ?? DEFAULT_BATCH;
  const batchBytes = deps.batchBytes ?? DEFAULT_BATCH_BYTES;
  let pending: Pending[] = [];
  let pendingBytes = 0;
  let position = resume?.position ?? 0;

  const commit = async (finished: boolean) => {
    const batch = pending;
    pending = [];
    pendingBytes = 0;
    const answers = await deps.store.ask({
      kind: 'stored',
      accountId: request.accountId,
      questions: batch.map((p) => ({ messageId: p.fp.messageId, sha256: p.fp.sha256 })),
    });
    const fresh: Pending[] = [];
    for (const [i, p] of batch.entries()) {
      if (answers[i] === true) counts.duplicates += 1;
      else if (await filter.admit(p.fp)) fresh.push(p);
    }
    // The Date header is checked against now, not against the mbox's own date (a From line may
    // carry anything); a message without a usable Date gets the From line's.
    const parsedAt = Math.max(now(), ...fresh.map((p) => p.receivedAt));
    // All of a batch's messages go to the parser at once: the worker reads one after another without waiting for main between them.
    const reads = await Promise.all(fresh.map((p) => deps.read(p.bytes, parsedAt)));
    const messages: FetchedMessage[] = [];
    for (const [i, p] of fresh.entries()) {
      const read = reads[i] as ReadMessage;
      messages.push({
        id: deps.newId(),
        uidl: null,
        size: p.bytes.length,
        raw: p.bytes,
        partial: false,
        headers: read.headers.date === parsedAt ? { ...read.headers, date: p.receivedAt } : read.headers,
        receivedAt: p.receivedAt,
        ...(read.content ? { content: read.content } : {}),
        placement: p.placement,
      });
      if (p.warned) counts.warnings += 1;
    }
    const mark: ImportMarkOnPort = {
      id: importId,
      accountId: request.accountId,
      position,
      imported: counts.imported + messages.length,
      duplicates: filter.duplicates + counts.duplicates,
      finished,
    };
    const outcome = await deps.store.commit(request.accountId, encodeMailBatch(messages), mark);
    filter.settled(fresh.map((p) => p.fp));
    if (!outcome.committed) throw commitError(outcome, counts.imported);
    counts.imported += messages.length;
    fresh.forEach((p, i) => p.uidl !== null && request.onStoredUidl?.(p.uidl, (messages[i] as FetchedMessage).id, p.bytes.length));
  };

  const add = async (entry: Omit<Pending, 'fp'>, next: number) => {
    pending.push({ ...entry, fp: fingerprint(entry.bytes) });
    pendingBytes += entry.bytes.length;
    position = next;
    if (pending.length >= batchMessages || pendingBytes >= batchBytes) await commit(false);
  };

  const clock = new ProgressClock(now, request.onProgress);
  const report = (bytesDone: number, bytesTotal: number) =>
    clock.report({ done: counts.imported + pending.length + filter.duplicates + counts.duplicates, imported: counts.imported, duplicates: filter.duplicates + counts.duplicates, bytesDone, bytesTotal });

  let cancelled = false;
  const source = request.source;
  if (source.kind === 'mbox') {
    const total = (await stat(source.file)).size;
    const reader = await openMbox(source.file, { start: position });
    try {
      for await (const entry of reader.entries()) {
        if (request.signal?.aborted) {
          cancelled = true;
          break;
        }
        if (entry.kind === 'skipped') {
          if (entry.reason === 'expunged') counts.expunged += 1;
          else counts.tooBig += 1;
          position = entry.next;
          continue;
        }
        const receivedAt = Number.isFinite(entry.envelope.date) && entry.envelope.date !== null ? entry.envelope.date : now();
        await add({ bytes: entry.bytes, receivedAt, placement: placementOf(entry.facts, request.target), warned: entry.warnings.length > 0, uidl: entry.facts.uidl }, entry.next);
        report(entry.next, total);
      }
    } finally {
      await reader.close();
    }
  } else {
    const root = source.path;
    const isFile = (await stat(root)).isFile();
    const files = isFile ? [{ file: root, folder: [] as string[], size: (await stat(root)).size }] : await collect(findEmlFiles(root));
    const total = files.reduce((sum, f) => sum + f.size, 0);
    let done = files.slice(0, position).reduce((sum, f) => sum + f.size, 0);
    for (let i = position; i < files.length; i += 1) {
      if (request.signal?.aborted) {
        cancelled = true;
        break;
      }
      const f = files[i] as (typeof files)[number];
      done += f.size;
      try {
        const eml = await readEml(f.file);
        const folderPath = [...(request.target?.folderPath ?? []), ...f.folder];
        const target: ImportTarget = { folder: request.target?.folder ?? 'inbox', ...(folderPath.length > 0 ? { folderPath } : {}) };
        await add({ bytes: eml.bytes, receivedAt: eml.envelope?.date ?? now(), placement: placementOf(null, target), warned: false, uidl: null }, i + 1);
      } catch (error) {
        if (!(error instanceof HeronError) || error.code === 'ESTORAGE' || error.code === 'EQUOTA') throw error;
        if (unreadable.length < MAX_UNREADABLE_LISTED) unreadable.push({ file: path.relative(isFile ? path.dirname(root) : root, f.file), reason: error.message });
        position = i + 1;
      }
      report(done, total);
    }
  }
  // What was read is committed: cancelled, it stays and the import resumes after it; else it is finished.
  await commit(!cancelled);
  report(Number.MAX_SAFE_INTEGER, 0);
  return { ...counts, duplicates: filter.duplicates + counts.duplicates, unreadable, resumedAfter: resume?.imported ?? 0, cancelled };
}

async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of items) out.push(item);
  return out;
}
