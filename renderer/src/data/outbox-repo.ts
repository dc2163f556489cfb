/**
 * The Outbox in IndexedDB. Every step that matters is one strict-durability transaction:
 * queueing (outbox row, its bytes, the draft's link to it), claiming items before they go to main
 * ('sending' is on disk first, so a crash can never lead to a silent second copy), and reaching
 * Sent (Sent row + body + attachments, the same stored bytes now the Sent message's, outbox row
 * and draft removed, all at once). The transitions themselves are the engine's pure functions
 * (shared/model/outbox.ts).
 *
 * A message the server accepted for some recipients and deferred (4xx) for others reaches Sent
 * once, and its bytes wait again in an item of their own (`resendOf`) for just the deferred ones,
 * on the usual backoff, until they are delivered, refused for good, or the person stops it; the
 * Sent copy's notes follow each step (sent-notes.ts). Thunderbird only reports such recipients.
 */
import type { OutboxItem, OutboxStatus, RecipientResult, SendOutcome } from '../../../shared/model/draft';
import type { QueuedOutgoing } from '../../../shared/model/outgoing';
import { applyOutcome, dueItems, markSending, nextWakeUp, recoverInterrupted, retry, sendItemNow, sendNow } from '../../../shared/model/outbox';
import { contactsRepo } from './contacts-repo';
import type { HeronDb } from './db';
import { dropRaws, newRawChunkId, putRawChunk, rawBlobs, readRaws, renameRaw, type RawPointer } from './raw-store';
import type { OutboxRow } from './rows';
import { applySendingRules, storedRuleTables } from './rules-stored';
import { deferredNote, deliveredLaterNote, markedDeliveredNote, refusedNote, settleNotes, stoppedNote, waitingInOutboxNote } from './sent-notes';
import { threadArrivals } from './threads-store';
import { forwardOutcomeLog } from './rule-forward-log';

const NO_BYTES = new Uint8Array(0);

/** The row as the pure functions see it (they never look at the bytes). */
function toItem(row: OutboxRow): OutboxItem {
  const { rawChunk: _c, size: _s, state, queuedAt: _q, draftId: _d, sentMeta: _m, sentBody: _b, ...rest } = row;
  return { ...rest, raw: NO_BYTES, status: state };
}

/** Where an item's bytes are stored. */
const bytesOf = (row: OutboxRow): RawPointer => ({ chunk: row.rawChunk, member: row.id });

function fromItem(row: OutboxRow, item: OutboxItem): OutboxRow {
  const { raw: _raw, status, ...rest } = item;
  return { ...row, ...rest, state: status };
}

/** A built message to queue: its Outbox item and Sent copy (shared/model/outgoing.ts), and its exact bytes. */
export type QueueInput = QueuedOutgoing & { readonly raw: Uint8Array };

export type OutboxRepo = ReturnType<typeof outboxRepo>;

/** Recipients the server deferred (4xx) in an outcome that delivered the message to others. */
function deferredIn(perRecipient: readonly RecipientResult[]): RecipientResult[] {
  return perRecipient.filter((r) => !r.accepted && r.temporary === true);
}

function deferredError(deferred: readonly RecipientResult[]): NonNullable<OutboxRow['lastError']> {
  const who = deferred.map((r) => r.address).join(', ');
  const reasons = deferred.map((r) => r.reason ?? r.response).filter(Boolean).join(' ');
  return {
    code: 'ETEMPORARY',
    message: `The server could not take ${who} right now${reasons ? ` (${reasons})` : ''}. Everyone else has the message; Heron will send it to ${deferred.length === 1 ? 'this address' : 'these addresses'} again by itself.`,
    retryable: true,
  };
}

export function outboxRepo(db: HeronDb) {
  const contacts = contactsRepo(db);

  /** Moves one accepted message to Sent; call inside a transaction over all the tables below. */
  const commitSent = async (row: OutboxRow, refused: readonly string[]) => {
    const draft = await db.drafts.get(row.draftId);
    const [meta] = await threadArrivals(db, [{ ...row.sentMeta, folder: 'sent', unread: false, unreadFlag: 0, date: row.sentMeta.date, rawChunk: row.rawChunk }]);
    if (!meta) return;
    // The Sent copy joins the conversation it answers (threads-store.ts).
    await db.messages.put(meta);
    // Partly delivered: the Sent copy says, per recipient, who did not get it.
    await db.bodies.put({ ...row.sentBody, messageId: meta.id, warnings: [...row.sentBody.warnings, ...refused] });
    // The exact bytes the server accepted: the item's stored bytes become the Sent message's, never rebuilt.
    await renameRaw(db, bytesOf(row), meta.id);
    if (draft?.attachments.length) {
      await db.attachments.bulkPut(
        draft.attachments.map((a, i) => ({
          id: `${meta.id}:${i}`,
          messageId: meta.id,
          filename: a.filename,
          contentType: a.contentType,
          size: a.size,
          contentId: null,
          inline: false,
          blob: a.blob,
        })),
      );
    }
    await db.outbox.delete(row.id);
    if (draft) await db.drafts.delete(draft.id);
    // Rules for sent mail (issue 19: "on sending, file a copy") act on the Sent copy as it is filed.
    await applySendingRules(db, meta, Date.now());
  };

  const sentTables = () => [db.outbox, db.drafts, db.threadIndex, db.threadEdits, ...storedRuleTables(db)];

  /** An item leaves the Outbox without reaching Sent: its bytes go with it. */
  const removeItem = async (row: OutboxRow) => {
    await db.outbox.delete(row.id);
    await dropRaws(db, [bytesOf(row)]);
  };

  /** Rewrites the still-trying notes of a Sent copy (gone meanwhile: nothing to do). */
  const settleSent = async (sentId: string, settled: ReadonlyMap<string, string>) => {
    if (settled.size === 0) return;
    const body = await db.bodies.get(sentId);
    if (body) await db.bodies.put({ ...body, warnings: settleNotes(body.warnings, settled) });
  };

  /** A new item for a message that just reached Sent, with a copy of its bytes (the Sent copy owns the stored ones now). */
  const resendItem = async (row: OutboxRow, now: number): Promise<OutboxRow> => {
    const id = `resend-${crypto.randomUUID()}`;
    const bytes = (await rawBlobs(db, [{ chunk: row.rawChunk, member: row.sentMeta.id }])).get(row.sentMeta.id);
    if (bytes === undefined) throw new Error(`The bytes of ${row.sentMeta.id} are gone; they cannot be sent again.`);
    const rawChunk = newRawChunkId();
    await putRawChunk(db, rawChunk, [{ id, bytes }]);
    return { ...row, id, rawChunk, attempts: 0, queuedAt: now, draftId: '', resendOf: row.sentMeta.id, perRecipient: [], lastError: null, state: 'sending' };
  };

  /**
   * After a try that reached the server and delivered the message to someone: recipients it
   * deferred wait in an item of their own (the one being finished, or a new one for a message
   * that just reached Sent), with the same bytes and an envelope of just them, on the usual backoff.
   */
  const waitForDeferred = async (row: OutboxRow, outcome: SendOutcome, deferred: readonly RecipientResult[], now: number, random?: () => number) => {
    const base = row.resendOf !== undefined ? row : await resendItem(row, now);
    const waiting = applyOutcome(toItem(base), { ...outcome, id: base.id, status: 'waiting-retry', attempted: true, error: deferredError(deferred), perRecipient: [...deferred] }, now, random);
    const { response: _r, sentAt: _s, ...rest } = fromItem(base, waiting);
    await db.outbox.put({ ...rest, envelope: { from: row.envelope.from, to: deferred.map((r) => r.address) } });
  };

  return {
    /** Queues a built message; the draft stays (linked) until the message reaches Sent. */
    async enqueue(input: QueueInput, now: number): Promise<OutboxRow> {
      const row: OutboxRow = {
        id: input.id,
        accountId: input.accountId,
        rawChunk: newRawChunkId(),
        size: input.raw.byteLength,
        envelope: input.envelope,
        messageId: input.messageId,
        state: 'queued',
        queuedAt: now,
        attempts: 0,
        // The due time is stored with the item, so a restart, a crash or a sleep cannot forget it.
        nextAttemptAt: input.sendAt ?? now,
        ...(input.sendAt === undefined ? {} : { sendAt: input.sendAt, scheduled: input.scheduled === true }),
        lastError: null,
        perRecipient: [],
        draftId: input.draftId,
        sentMeta: input.sentMeta,
        sentBody: input.sentBody,
      };
      await db.transaction('rw', [db.outbox, db.drafts, db.rawChunks, db.ruleForwards], async () => {
        const draft = await db.drafts.get(input.draftId);
        if (!draft) throw new Error(`The draft ${input.draftId} is gone; it cannot be sent.`);
        if (draft.outboxId !== null && (await db.outbox.get(draft.outboxId))) {
          throw new Error('This message is already in the Outbox.');
        }
        // A rule's forward stops waiting in the commit that queues it: never queued twice, never lost between the two.
        if (draft.ruleForward) {
          if (!(await db.ruleForwards.get(draft.ruleForward.id))) throw new Error('This forward is already in the Outbox.');
          await db.ruleForwards.delete(draft.ruleForward.id);
        }
        await putRawChunk(db, row.rawChunk, [{ id: row.id, bytes: input.raw }]);
        await db.outbox.put(row);
        await db.drafts.put({ ...draft, outboxId: row.id });
      });
      await contacts.recordSent(input.recipients, now);
      return row;
    },

    get(id: string): Promise<OutboxRow | undefined> {
      return db.outbox.get(id);
    },

    /** The exact bytes of these items, by item id. */
    bytes(rows: readonly OutboxRow[]): Promise<Map<string, Uint8Array>> {
      return readRaws(db, rows.map(bytesOf));
    },

    async list(accountId: string | null): Promise<OutboxRow[]> {
      const rows = accountId === null ? await db.outbox.toArray() : await db.outbox.where('accountId').equals(accountId).toArray();
      return rows.sort((a, b) => a.queuedAt - b.queuedAt || (a.id < b.id ? -1 : 1));
    },

    /** Accounts with something due now. */
    async accountsDue(now: number): Promise<string[]> {
      const rows = await db.outbox.where('state').anyOf(['queued', 'waiting-retry']).toArray();
      return [...new Set(dueItems(rows.map(toItem), now).map((i) => i.accountId))];
    },

    /** When the runner must look again (null: nothing waits). */
    async nextWakeUp(): Promise<number | null> {
      const rows = await db.outbox.where('state').anyOf(['queued', 'waiting-retry']).toArray();
      return nextWakeUp(rows.map(toItem));
    },

    /**
     * Marks up to `max` due items of an account 'sending' (or fewer, to stay under `maxBytes`)
     * and returns them. Committed before main sees a byte.
     */
    async claimDue(accountId: string, now: number, options: { max: number; maxBytes: number }): Promise<OutboxRow[]> {
      return db.transaction('rw', db.outbox, async () => {
        const rows = await db.outbox.where('accountId').equals(accountId).toArray();
        const byId = new Map(rows.map((r) => [r.id, r]));
        const claimed: OutboxRow[] = [];
        let bytes = 0;
        for (const item of dueItems(rows.map(toItem), now)) {
          const row = byId.get(item.id) as OutboxRow;
          if (claimed.length >= options.max || (claimed.length > 0 && bytes + row.size > options.maxBytes)) break;
          bytes += row.size;
          claimed.push(fromItem(row, markSending(item)));
        }
        await db.outbox.bulkPut(claimed);
        return claimed;
      });
    },

    /**
     * Applies one outcome from main. Only an item still 'sending' changes, so an outcome that
     * arrives twice (progress event, then the call's answer) is applied once. 'sent' moves the
     * message to Sent in the same transaction.
     */
    async applyOutcome(outcome: SendOutcome, now: number, random?: () => number): Promise<OutboxStatus | null> {
      return db.transaction('rw', sentTables(), async () => {
        const row = await db.outbox.get(outcome.id);
        if (!row || row.state !== 'sending') return null;
        const next = applyOutcome(toItem(row), outcome, now, random);
        // A rule's forward: its message's rule log says whether it went.
        const forwardLog = forwardOutcomeLog((await db.drafts.get(row.draftId))?.ruleForward, next, now);
        if (forwardLog) await db.ruleLog.put(forwardLog);
        if (next.status !== 'sent') {
          await db.outbox.put(fromItem(row, next));
          // Finishing a sent message: its Sent copy stops saying "Heron is trying again" for the
          // recipients this try failed for good (the item waits in the Outbox).
          if (row.resendOf !== undefined && next.status === 'failed') {
            const failed = next.perRecipient.filter((r) => !r.accepted);
            await settleSent(row.resendOf, new Map(failed.map((r) => [r.address, waitingInOutboxNote(r)])));
          }
          return next.status;
        }
        const deferred = deferredIn(next.perRecipient);
        const refused = next.perRecipient.filter((r) => !r.accepted && r.temporary !== true);
        if (row.resendOf === undefined) {
          // Partly delivered: the Sent copy says, per recipient, who did not get it (yet).
          await commitSent(row, [...refused.map(refusedNote), ...deferred.map(deferredNote)]);
        } else {
          const settled = new Map<string, string>([
            ...next.perRecipient.filter((r) => r.accepted).map((r) => [r.address, deliveredLaterNote(r.address)] as const),
            ...refused.map((r) => [r.address, refusedNote(r)] as const),
            ...deferred.map((r) => [r.address, deferredNote(r)] as const),
          ]);
          await settleSent(row.resendOf, settled);
          if (deferred.length === 0) await removeItem(row);
        }
        if (deferred.length > 0) await waitForDeferred(row, outcome, deferred, now, random);
        // The message reached Sent; an item finishing one still waits for whoever was deferred again.
        if (row.resendOf !== undefined && deferred.length > 0) return 'waiting-retry';
        return next.status;
      });
    },

    /** Items claimed but given back untried (the call failed before any network work). */
    async release(ids: readonly string[], state: 'queued' | 'waiting-retry' | 'failed', error: OutboxRow['lastError'], nextAttemptAt: number): Promise<void> {
      await db.transaction('rw', db.outbox, async () => {
        for (const row of await db.outbox.bulkGet([...ids])) {
          if (row?.state === 'sending') await db.outbox.put({ ...row, state, lastError: error, nextAttemptAt });
        }
      });
    },

    /** Items marked 'sending' (by this window, or by one that stopped). */
    async sending(): Promise<OutboxRow[]> {
      return db.outbox.where('state').equals('sending').toArray();
    },

    /**
     * At start-up: whatever was 'sending' when Heron stopped may have been sent: 'uncertain'; but
     * not `stillSending`, which main says it is sending right now (its outcomes follow).
     */
    async recoverInterrupted(stillSending: readonly string[] = []): Promise<number> {
      return db.transaction('rw', db.outbox, async () => {
        const rows = (await db.outbox.where('state').equals('sending').toArray()).filter((r) => !stillSending.includes(r.id));
        const items = recoverInterrupted(rows.map(toItem));
        await db.outbox.bulkPut(rows.map((r, i) => fromItem(r, items[i] as OutboxItem)));
        return rows.length;
      });
    },

    /** Everything waiting of an account (or all) becomes due now: the network is back, or "Send now". */
    async sendNow(now: number): Promise<void> {
      await db.transaction('rw', db.outbox, async () => {
        const rows = await db.outbox.where('state').anyOf(['queued', 'waiting-retry']).toArray();
        const items = sendNow(rows.map(toItem), now);
        await db.outbox.bulkPut(rows.map((r, i) => fromItem(r, items[i] as OutboxItem)));
      });
    },

    /** The person chose "Send now" for one message: held for its undo window or until a chosen time, or waiting to retry. */
    async sendItemNow(id: string, now: number): Promise<void> {
      await db.transaction('rw', db.outbox, async () => {
        const row = await db.outbox.get(id);
        if (row) await db.outbox.put(fromItem(row, sendItemNow(toItem(row), now)));
      });
    },

    /** The person chose "Send again" for a failed or uncertain message. */
    async retry(id: string, now: number): Promise<void> {
      await db.transaction('rw', db.outbox, async () => {
        const row = await db.outbox.get(id);
        if (row) await db.outbox.put(fromItem(row, retry(toItem(row), now)));
      });
    },

    /** The person knows an uncertain message arrived: it goes to Sent as it is, without sending. */
    async markAsSent(id: string): Promise<void> {
      await db.transaction('rw', sentTables(), async () => {
        const row = await db.outbox.get(id);
        if (!row || (row.state !== 'uncertain' && row.state !== 'failed')) return;
        if (row.resendOf === undefined) await commitSent(row, []);
        else {
          await settleSent(row.resendOf, new Map(row.envelope.to.map((a) => [a, markedDeliveredNote(a)])));
          await removeItem(row);
        }
      });
    },

    /**
     * The person gives up on the deferred recipients of a message already in Sent (never while
     * sending): the item goes, and the Sent copy says they did not get it.
     */
    async stopResend(id: string): Promise<void> {
      await db.transaction('rw', [db.outbox, db.bodies, db.rawChunks], async () => {
        const row = await db.outbox.get(id);
        if (!row || row.resendOf === undefined || row.state === 'sending') return;
        await settleSent(row.resendOf, new Map(row.envelope.to.map((a) => [a, stoppedNote(a)])));
        await removeItem(row);
      });
    },

    /**
     * Takes a message out of the Outbox back into its draft, to edit it (never while sending).
     * Returns the draft's id, or null when the message is being sent right now.
     */
    async returnToDrafts(id: string): Promise<string | null> {
      return db.transaction('rw', [db.outbox, db.drafts, db.rawChunks], async () => {
        const row = await db.outbox.get(id);
        // An item finishing a sent message has no draft: what was sent cannot be edited.
        if (!row || row.state === 'sending' || row.resendOf !== undefined) return null;
        await removeItem(row);
        const draft = await db.drafts.get(row.draftId);
        if (draft) await db.drafts.put({ ...draft, outboxId: null });
        return row.draftId;
      });
    },
  };
}
