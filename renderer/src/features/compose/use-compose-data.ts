/**
 * What the compose views read and change, over the app's one database and bridge: components call
 * these; the functions behind them take the database and bridge as arguments, so tests hand in their own.
 */
import { useLiveQuery } from 'dexie-react-hooks';
import type { SmtpCapabilitiesDto } from '../../../../shared/ipc/calls/send';
import { getBridge } from '../../bridge/bridge';
import { contactsRepo, type ContactSuggestion } from '../../data/contacts-repo';
import { getDb } from '../../data/db';
import { draftsRepo } from '../../data/drafts-repo';
import { outboxRepo } from '../../data/outbox-repo';
import type { AccountRow, DraftRow } from '../../data/rows';
import { kickOutbox } from '../outbox/use-outbox-runner';
import { sizeLimit, sizeLimitMemory, smtpCapabilities } from './capabilities';
import type { ReplyMode } from './reply';
import { settingsRepo } from '../../data/settings-repo';
import { laterHold, undoHold } from './send-hold';
import { createForwardDraft, createNewDraft, createReplyDraft, queueDraft } from './session';

export function useDraft(id: string): DraftRow | undefined {
  return useLiveQuery(() => draftsRepo(getDb()).get(id), [id]);
}

/** Newest first; undefined while loading. */
export function useDrafts(accountId: string | null): DraftRow[] | undefined {
  return useLiveQuery(() => draftsRepo(getDb()).list(accountId), [accountId]);
}

export function saveDraft(row: DraftRow): Promise<void> {
  return draftsRepo(getDb()).save(row);
}

export function discardDraft(id: string): Promise<boolean> {
  return draftsRepo(getDb()).discard(id);
}

export function startNewDraft(account: AccountRow): Promise<DraftRow> {
  return createNewDraft(getDb(), account);
}

export function startReply(messageId: string, mode: ReplyMode): Promise<DraftRow> {
  return createReplyDraft(getDb(), messageId, mode);
}

export function startForward(messageId: string, asAttachment: boolean): Promise<DraftRow> {
  return createForwardDraft(getDb(), messageId, asAttachment);
}

/**
 * Puts the saved draft's message in the Outbox, held for the undo window (the setting), or until
 * `later` (Send later), and wakes the runner, which sends it when that time comes.
 */
export async function sendDraft(draftId: string, options: { smtpUtf8: boolean; later?: number }): Promise<void> {
  const db = getDb();
  const now = Date.now();
  const hold = options.later === undefined ? undoHold(now, await settingsRepo(db).get('undoSendSeconds')) : laterHold(now, options.later);
  await queueDraft(db, getBridge(), draftId, { smtpUtf8: options.smtpUtf8, now, hold });
  void kickOutbox();
}

/** The message back from the Outbox into its draft; null while it is being sent. */
export function takeBackFromOutbox(outboxId: string): Promise<string | null> {
  return outboxRepo(getDb()).returnToDrafts(outboxId);
}

export function outgoingCapabilities(account: AccountRow): Promise<SmtpCapabilitiesDto | null> {
  return smtpCapabilities(getBridge(), account);
}

export function outgoingSizeLimit(account: AccountRow): ReturnType<typeof sizeLimit> {
  return sizeLimit(getBridge(), account, sizeLimitMemory(getDb()));
}

export function searchContacts(query: string, limit: number): Promise<ContactSuggestion[]> {
  return contactsRepo(getDb()).search(query, limit);
}
