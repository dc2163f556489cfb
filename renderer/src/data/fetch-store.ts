/**
 * The store's half of "no mail lost or duplicated" (shared/ipc/calls/fetch.ts): each fetched batch
 * is written in ONE strict-durability transaction — raw bytes, list row, body, parts and POP state
 * entry for every message — and only a resolved commit may be acknowledged to main, which only
 * then lets the worker DELE those messages; each message joins its conversation in that same
 * transaction (threads-store.ts). The store takes messages (shared/model/
 * fetched-message.ts); how a batch travels is not its business (shared/ipc/mail-batch.ts).
 */
import type { FailedMessage, FetchSummary } from '../../../shared/ipc/calls/fetch';
import type { SerializedError } from '../../../shared/ipc/result';
import { HeronError } from '../../../shared/ipc/result';
import type { FetchedMessage, MessagePlacement } from '../../../shared/model/fetched-message';
import type { Address, CustomFolderId, MessageMeta } from '../../../shared/model/message';
import type { PopStateEntry } from '../../../shared/model/pop-state';
import { refusalOf, type SessionRefusal } from '../../../shared/model/provider-limits';
import type { HeronDb } from './db';
import { ensureFolder, PATH_SEPARATOR } from './folders-repo';
import { addPopEntries, changePopEntries, popEntriesOf, undownloadedOf } from './pop-store';
import { deleteRaws, newRawChunkId, putRawChunk } from './raw-store';
import type { BodyRow, ImportMark, MessageRow, StoredAttachmentRow } from './rows';
import { threadArrivals } from './threads-store';
import { NOTHING_SORTED, sortArrivals, type ArrivalOutcome, type ServerAction, type Sorted } from './rules-arrival';
import { recordRuleProblems } from './rules-repo';

/** Said in the reader of a message the parser could not read at all: its source is stored. */
export const UNREADABLE = 'Heron could not read this message; its source, exactly as it arrived, is under "View source".';

function metaFor(m: FetchedMessage, accountId: string, previous: MessageRow | undefined, rawChunk: string, placedIn?: CustomFolderId): MessageRow {
  const h = m.headers;
  const placed = m.placement;
  const meta: MessageMeta = {
    id: m.id,
    accountId,
    // A headers-only copy the person already filed, read or starred keeps that when completed.
    folder: previous?.folder ?? placedIn ?? placed?.folder ?? 'inbox',
    ...(previous?.previousFolder ? { previousFolder: previous.previousFolder } : {}),
    ...(previous?.trashedAt !== undefined ? { trashedAt: previous.trashedAt } : {}),
    messageId: h.messageId,
    inReplyTo: h.inReplyTo,
    references: h.references,
    from: h.from,
    to: h.to,
    cc: h.cc,
    replyTo: h.replyTo,
    subject: h.subject,
    date: Number.isFinite(h.date) ? h.date : m.receivedAt,
    receivedAt: m.receivedAt,
    size: m.size,
    hasAttachments: m.content?.hasAttachments ?? h.hasAttachments,
    snippet: m.content?.snippet ?? '',
    unread: previous?.unread ?? placed?.unread ?? true,
    starred: previous?.starred ?? placed?.starred ?? false,
    partial: m.partial,
    uidl: m.uidl,
    ...sourceFolderOf(placed, placedIn),
    ...keptOf(placed),
  };
  // A completed copy stays in the conversation it was in: its headers are the same; a restored
  // one in the conversation the backup kept (its thread index comes back with the backup).
  const threadId = previous?.threadId ?? placed?.kept?.threadId;
  const thread = threadId !== undefined ? { threadId } : {};
  return { ...meta, unreadFlag: meta.unread ? 1 : 0, rawChunk, ...thread };
}

/** What a placed message keeps as words of where it came from: a folder that could not be made (a name Heron refuses) joins them. */
function sourceFolderOf(placed: MessagePlacement | undefined, placedIn: CustomFolderId | undefined): { sourceFolder?: string } {
  const words = [placed?.sourceFolder, placed?.folderPath && placedIn === undefined ? placed.folderPath.join(PATH_SEPARATOR) : undefined].filter((w): w is string => w !== undefined && w !== '');
  return words.length > 0 ? { sourceFolder: words.join(', ') } : {};
}

/** A restored message's tags, junk verdict and Trash memory, as the backup kept them. */
function keptOf(placed: MessagePlacement | undefined): Pick<MessageMeta, 'tags' | 'junk' | 'previousFolder' | 'trashedAt'> {
  const kept = placed?.kept;
  if (!kept) return {};
  return {
    ...(kept.tags ? { tags: kept.tags } : {}),
    ...(kept.junk ? { junk: kept.junk } : {}),
    ...(kept.previousFolder ? { previousFolder: kept.previousFolder } : {}),
    ...(kept.trashedAt !== undefined ? { trashedAt: kept.trashedAt } : {}),
  };
}

function placedKey(placed: MessagePlacement | undefined): string {
  return JSON.stringify([placed?.inLocalFolders === true, placed?.folderPath ?? []]);
}

/**
 * The folders of the person's own that placed messages go into, found or made (with their
 * parents) in the batch's transaction, by path. A path whose name Heron refuses is left out:
 * its messages go where the placement says, with the path kept as words.
 */
async function placedFolders(db: HeronDb, accountId: string, messages: readonly FetchedMessage[], now: number): Promise<Map<string, CustomFolderId>> {
  const made = new Map<string, CustomFolderId>();
  for (const m of messages) {
    const path = m.placement?.folderPath;
    if (!path || path.length === 0) continue;
    const key = placedKey(m.placement);
    if (made.has(key)) continue;
    try {
      made.set(key, await ensureFolder(db, m.placement?.inLocalFolders === true ? null : accountId, path, { now }));
    } catch (error) {
      if (!(error instanceof HeronError) || error.code !== 'EINVALID') throw error;
    }
  }
  return made;
}

function bodyOf(m: FetchedMessage): BodyRow {
  return m.content ? { messageId: m.id, ...m.content.body } : { messageId: m.id, text: null, html: null, warnings: [UNREADABLE] };
}

function partsOf(m: FetchedMessage): StoredAttachmentRow[] {
  return (m.content?.attachments ?? []).map(({ meta: { omitted, ...meta }, content, inRaw }, i) => ({
    ...meta,
    id: `${m.id}:${i}`,
    messageId: m.id,
    // Base64 in the message's bytes is read from there (messages-repo.ts); a part over the size cap keeps its name and size, not its bytes.
    ...(inRaw ? { blob: null, inRaw } : { blob: omitted ? null : new Blob([content as Uint8Array<ArrayBuffer>], { type: meta.contentType }) }),
  }));
}

/**
 * Stores one batch of fetched messages atomically; resolves only once the transaction is durably
 * committed. Views of one buffer are fine: a batch's bytes are kept as that buffer.
 *
 * Every IndexedDB request is a round trip to the browser's storage process, and that — not the
 * bytes — is what a commit costs. So new messages are added without reading first (their ids
 * are fresh; a clash aborts the batch, which is never acknowledged), and only copies that complete
 * a headers-only one (`replaces`) are read, to keep what the person did to them. Senders are not
 * recorded here: the caller hands them to the address book later, in bulk.
 */
export async function commitFetched(db: HeronDb, accountId: string, messages: readonly FetchedMessage[], now: number = Date.now(), mark?: ImportMark): Promise<ArrivalOutcome> {
  return db.transaction('rw', [db.messages, db.rawChunks, db.bodies, db.attachments, db.popChunks, db.threadIndex, db.threadEdits, db.rules, db.ruleLog, db.ruleForwards, db.junk, db.folders, db.imports], async () => {
    const rawChunk = newRawChunkId();
    const fresh = messages.filter((m) => m.replaces !== true);
    const replacing = messages.filter((m) => m.replaces === true);
    const previous = replacing.length > 0 ? await db.messages.bulkGet(replacing.map((m) => m.id)) : [];
    // Rules and the junk filter sort new mail in this same commit (rules-arrival.ts); a completed
    // headers-only copy was sorted when its headers came, but one that failed before had no copy
    // here: it arrives now. An imported or restored message keeps the place it had where it came
    // from: it did not arrive, it moved.
    const firstCopy = replacing.filter((_, i) => previous[i] === undefined);
    const arriving = [...fresh, ...firstCopy].filter((m) => m.placement === undefined);
    const arrival = arriving.length > 0 ? await sortArrivals(db, accountId, arriving, now) : NOTHING_SORTED;
    const copies = arrival.copies.map((c) => c.message);
    const stored = copies.length > 0 ? [...messages, ...copies] : messages;
    // A completed headers-only copy keeps what a rule asked of its server copy (but "download" is done).
    const kept = new Map<string, ServerAction>();
    const entries = (): PopStateEntry[] =>
      messages.flatMap((m) =>
        // A server without UIDL only works in delete mode: there is nothing to remember. A placed
        // (imported, restored) message's POP state comes with it from where it was, not from here.
        m.uidl === null || m.placement !== undefined
          ? []
          : [{ accountId, uidl: m.uidl, localId: m.id, downloadedAt: now, status: m.partial ? 'headers-only' : 'stored', size: m.size, ...withServerAction(arrival.server.get(m.id) ?? kept.get(m.id)) }],
      );
    const parts = stored.flatMap(partsOf);
    const writeRest = () =>
      Promise.all([
        // Exactly the bytes received, the whole batch in one row (raw-store.ts), which the rows name.
        putRawChunk(db, rawChunk, stored.map((m) => ({ id: m.id, bytes: m.raw }))),
        db.bodies.bulkPut(stored.map(bodyOf)),
        parts.length > 0 ? db.attachments.bulkPut(parts) : undefined,
        // The batch's entries in one row (pop-store.ts).
        addPopEntries(db, accountId, entries()),
        arrival.log.length > 0 ? db.ruleLog.bulkPut(arrival.log) : undefined,
        recordRuleProblems(db, arrival.problems, now),
        // A rule's forward waits here, committed with the message it forwards; the window sends it on after the commit (rule-forwards.ts).
        arrival.forwards.length > 0 ? db.ruleForwards.bulkPut(arrival.forwards) : undefined,
        // An import's place moves with the batch it committed: a resumed import starts exactly after it.
        mark ? db.imports.put({ ...mark, updatedAt: now }) : undefined,
      ]);
    // With nothing to replace (every batch of a plain fetch), the writes that depend on nothing go
    // out at once, not after the rows went through. A replaced copy's old bytes, body, parts and
    // entry must go first.
    const rest = replacing.length === 0 ? writeRest() : null;
    rest?.catch(() => {}); // awaited below; if a write before it fails, the transaction aborts anyway
    // Each new message joins its conversation in the commit that stores it (threads-store.ts); a
    // rule's copy joins the same conversation as its original.
    const folders = await placedFolders(db, accountId, fresh, now);
    const placedIn = (m: FetchedMessage) => (m.placement?.folderPath ? folders.get(placedKey(m.placement)) : undefined);
    const freshRows = fresh.map((m) => sortedRow(metaFor(m, accountId, undefined, rawChunk, placedIn(m)), arrival.sorted.get(m.id)));
    const copyRows = arrival.copies.map((c) => ({ ...sortedRow(metaFor(c.message, accountId, undefined, rawChunk), arrival.sorted.get(c.source)), folder: c.folder, previousFolder: undefined }));
    const threadless = [...freshRows, ...copyRows].filter((r) => r.threadId === undefined);
    const threadKept = freshRows.filter((r) => r.threadId !== undefined);
    if (threadless.length + threadKept.length > 0) await db.messages.bulkAdd([...threadKept, ...(await threadArrivals(db, threadless))]);
    if (replacing.length > 0) {
      const ids = replacing.map((m) => m.id);
      await deleteRaws(db, ids);
      await changePopEntries(db, [accountId], ids, (e) => {
        if (e.serverAction === 'leave' || e.serverAction === 'delete') kept.set(e.localId, e.serverAction);
        return null;
      });
      await db.bodies.bulkDelete(ids);
      await db.attachments.where('messageId').anyOf(ids).delete();
      const rows = replacing.map((m, i) => {
        const before = previous[i];
        return before ? metaFor(m, accountId, before, rawChunk) : sortedRow(metaFor(m, accountId, undefined, rawChunk), arrival.sorted.get(m.id));
      });
      const threaded = await threadArrivals(db, rows.filter((r) => r.threadId === undefined));
      await db.messages.bulkPut([...rows.filter((r) => r.threadId !== undefined), ...threaded]);
    }
    await (rest ?? writeRest());
    return arrival;
  });
}

function withServerAction(action: ServerAction | undefined): { serverAction?: ServerAction } {
  return action === undefined ? {} : { serverAction: action };
}

/** A new row as the rules and the junk filter left it. */
function sortedRow(row: MessageRow, sorted: Sorted | undefined): MessageRow {
  if (!sorted) return row;
  const { junkScore, ...rest } = sorted;
  return { ...row, ...rest, ...(junkScore !== undefined ? { junk: { score: junkScore } } : {}) };
}

/** The senders of fetched messages, for the address book (contacts-repo `recordReceived`). */
export function sendersOf(messages: readonly FetchedMessage[]): Address[] {
  return messages.flatMap((m) => (m.headers.from ? [m.headers.from] : []));
}

/** The POP state main needs to plan the next fetch of one account. */
export async function popStateFor(db: HeronDb, accountId: string): Promise<PopStateEntry[]> {
  const rows = await popEntriesOf(db, accountId);
  return rows.map(({ accountId: a, uidl, localId, downloadedAt, status, size, failure, serverAction, asked }) => ({
    accountId: a,
    uidl,
    localId,
    downloadedAt,
    status,
    size,
    ...(failure ? { failure: { reason: failure.reason, attempts: failure.attempts, at: failure.at, detail: failure.detail } } : {}),
    ...withServerAction(serverAction),
    ...(asked ? { asked: { action: asked.action, at: asked.at, ...(asked.confirmed ? { confirmed: true as const } : {}) } } : {}),
  }));
}

export async function markCheckStarted(db: HeronDb, accountId: string, now: number = Date.now()): Promise<void> {
  await db.transaction('rw', db.popState, async () => {
    const row = await db.popState.get(accountId);
    await db.popState.put({ ...row, accountId, lastCheckFinishedAt: row?.lastCheckFinishedAt ?? null, lastError: row?.lastError ?? null, lastCheckStartedAt: now });
  });
}

/**
 * After a fetch: entries deleted from the server are marked so (a DELE that a dropped session
 * rolled back is retried next time); entries whose message left the server are forgotten; the
 * account's last check is recorded.
 *
 * The summary names local ids, exactly the entries the planner matched, so a broken server that
 * gives several messages one UIDL leaves no stray entry behind. A headers-only entry is marked
 * deleted only when the person asked for it: its body existed only on the server.
 */
export async function applyFetchDone(
  db: HeronDb,
  done: { accountId: string; summary: FetchSummary | null; error: SerializedError | null; failed?: readonly FailedMessage[] | undefined },
  now: number = Date.now(),
): Promise<void> {
  await db.transaction('rw', [db.popChunks, db.popState], async () => {
    const { accountId, summary } = done;
    let vanished = 0;
    if (summary) {
      // Only this account's entries, whatever ids a summary names.
      // A headers-only copy's server copy goes only when the person confirmed it (PersonAsk);
      // the ask stays on the entry, so the view can say that nothing of it is left.
      await changePopEntries(db, [accountId], summary.deletedLocalIds, (e) =>
        e.status === 'headers-only' && e.asked?.action !== 'delete' ? e : { ...e, status: 'deleted-on-server' },
      );
      await changePopEntries(db, [accountId], summary.goneLocalIds, (e) => {
        // Heron deleted those it had marked; any other left because something else took it.
        if (e.status !== 'deleted-on-server') vanished += 1;
        return null;
      });
    }
    await recordFailures(db, accountId, done.failed ?? []);
    const row = await db.popState.get(accountId);
    await db.popState.put({
      accountId,
      lastCheckStartedAt: row?.lastCheckStartedAt ?? null,
      lastCheckFinishedAt: now,
      lastError: done.error ? { code: done.error.code, message: done.error.message, ...responseCodeOf(done.error) } : null,
      // The server's login delay as the last check that logged in saw it.
      ...(summary ? (summary.loginDelaySeconds ? { loginDelaySeconds: summary.loginDelaySeconds } : {}) : row?.loginDelaySeconds ? { loginDelaySeconds: row.loginDelaySeconds } : {}),
      // What a check that failed before listing could not learn stays as the last one left it.
      unidentified: summary ? summary.unidentified : (row?.unidentified ?? 0),
      ...(vanished > 0 ? { vanished: { count: vanished, at: now } } : row?.vanished ? { vanished: row.vanished } : {}),
    });
  });
}

/** The RFC 3206 code of a limit the server put on the session (IN-USE, LOGIN-DELAY, SYS/TEMP), to tell the person which. */
function responseCodeOf(error: SerializedError): { responseCode?: SessionRefusal } {
  const refusal = refusalOf(error);
  return refusal ? { responseCode: refusal } : {};
}

/**
 * Messages the fetch could not download (issue 16 §1): the failure goes on the entry its local id
 * names (a headers-only copy kept of it, or the entry of an earlier failure, whose count it
 * replaces), or on a new `failed` entry. Run inside applyFetchDone's transaction.
 */
async function recordFailures(db: HeronDb, accountId: string, failed: readonly FailedMessage[]): Promise<void> {
  if (failed.length === 0) return;
  const byId = new Map(failed.map((f) => [f.localId, f]));
  const present = new Set<string>();
  await changePopEntries(db, [accountId], [...byId.keys()], (e) => {
    present.add(e.localId);
    return { ...e, failure: (byId.get(e.localId) as FailedMessage).failure };
  });
  const fresh = [...byId.values()].filter((f) => !present.has(f.localId));
  await addPopEntries(
    db,
    accountId,
    fresh.map((f): PopStateEntry => ({ accountId, uidl: f.uidl, localId: f.localId, downloadedAt: f.failure.at, status: 'failed', size: f.size, failure: f.failure })),
  );
}

/** What stays on the server that the account's last checks could not download: the entries, and those without a UIDL. */
export async function leftOnServer(db: HeronDb, accountId: string): Promise<{ entries: PopStateEntry[]; unidentified: number }> {
  const [entries, row] = await Promise.all([undownloadedOf(db, accountId), db.popState.get(accountId)]);
  return { entries, unidentified: row?.unidentified ?? 0 };
}

/**
 * "Try again": the next check tries each message that failed as if for the first time, those it
 * had stopped trying too. One that arrived too big is not among them (only asking for that one
 * message downloads it: it would stop at the same limit).
 */
export async function retryUndownloaded(db: HeronDb, accountId: string): Promise<number> {
  return db.transaction('rw', db.popChunks, async () => {
    const again = (await undownloadedOf(db, accountId)).filter((e) => e.failure?.reason !== 'too-big');
    await changePopEntries(db, [accountId], again.map((e) => e.localId), (e) => (e.failure ? { ...e, failure: { ...e.failure, attempts: 0 } } : e));
    return again.length;
  });
}

