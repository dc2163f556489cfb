/**
 * Starting and sending drafts: new, reply, reply all, forward (inline or as an attachment), and
 * Send (main builds the bytes once; the renderer stores them in the Outbox before any attempt).
 * Everything reaches main through the bridge and IndexedDB through the repositories.
 */
import type { Bridge } from '../../bridge/bridge';
import { accountsRepo } from '../../data/accounts-repo';
import type { HeronDb } from '../../data/db';
import { draftsRepo } from '../../data/drafts-repo';
import { messagesRepo } from '../../data/messages-repo';
import { defaultFirst, settingsRepo } from '../../data/settings-repo';
import type { AccountRow, DraftAttachmentRow, DraftRow } from '../../data/rows';
import { HeronError } from '../../../../shared/ipc/result';
import type { Address } from '../../../../shared/model/message';
import type { SendHold } from '../../../../shared/model/outgoing';
import type { PendingForward } from '../../../../shared/model/rule';
import { normalizeMessageId } from '../../../../shared/model/message-id';
import { forwardAttachmentName, forwardedBody, forwardSubject, quotedReplyBody, replyRecipients, replyReferences, replySubject, textToEditorHtml, type ReplyMode } from './reply';
import { sanitizeComposeHtml } from './editor-html';

/** Ids must pass the contract's item pattern ([A-Za-z0-9_.:-]). */
export function newId(prefix: string): string {
  return `${prefix}-${crypto.randomUUID()}`;
}

/** The signature block under the text, with the conventional "-- " separator (RFC 3676 §4.3). */
export function signatureBlock(account: AccountRow): { text: string; html: string } {
  const sig = account.identity.signature?.trim();
  if (!sig) return { text: '', html: '' };
  return { text: `\n\n-- \n${sig}`, html: `<div><br></div><div>--&nbsp;</div>${textToEditorHtml(sig)}` };
}

/** The account mail is written from when nothing else decides: the default account, else the first. */
export async function defaultAccount(db: HeronDb): Promise<AccountRow | undefined> {
  const [accounts, id] = await Promise.all([accountsRepo(db).list(), settingsRepo(db).get('defaultAccountId')]);
  return defaultFirst(accounts, id)[0];
}

function blankDraft(account: AccountRow, now: number): DraftRow {
  const replyTo = account.identity.replyTo ? { name: '', address: account.identity.replyTo } : null;
  return {
    id: newId('d'),
    accountId: account.id,
    from: { name: account.identity.name, address: account.identity.address },
    replyTo,
    to: [],
    cc: [],
    bcc: [],
    subject: '',
    text: '',
    html: null,
    plainTextMode: false,
    attachments: [],
    inReplyTo: null,
    references: [],
    updatedAt: now,
    outboxId: null,
    sourceMessageId: null,
  };
}

export async function createNewDraft(db: HeronDb, account: AccountRow, now = Date.now(), to: readonly Address[] = []): Promise<DraftRow> {
  const sig = signatureBlock(account);
  const draft: DraftRow = { ...blankDraft(account, now), to: [...to], text: sig.text, html: sig.html ? `<div><br></div>${sig.html}` : null };
  await draftsRepo(db).save(draft);
  return draft;
}

/** The addresses of the account answering: its own, and the Reply-To it sends with. */
function ownAddresses(account: AccountRow): string[] {
  return [account.identity.address, ...(account.identity.replyTo ? [account.identity.replyTo] : [])];
}

export async function createReplyDraft(db: HeronDb, messageId: string, mode: ReplyMode, now = Date.now()): Promise<DraftRow> {
  const repo = messagesRepo(db);
  const parent = await repo.get(messageId);
  if (!parent) throw new HeronError('ENOTFOUND', 'The message to answer is no longer stored.');
  const account = (await accountsRepo(db).get(parent.accountId)) ?? (await defaultAccount(db));
  if (!account) throw new HeronError('ENOTFOUND', 'Add an account before answering mail.');
  const body = await repo.getBody(messageId);
  const { to, cc } = replyRecipients(parent, mode, ownAddresses(account));
  const quoted = quotedReplyBody(parent, body);
  const sig = signatureBlock(account);
  const draft: DraftRow = {
    ...blankDraft(account, now),
    to,
    cc,
    subject: replySubject(parent.subject),
    text: `${sig.text}${quoted.text}`,
    html: `<div><br></div>${sig.html}${quoted.html}`,
    inReplyTo: normalizeMessageId(parent.messageId),
    references: replyReferences(parent),
    sourceMessageId: parent.id,
  };
  await draftsRepo(db).save(draft);
  return draft;
}

/**
 * A forward of a stored message, inline (its text under a marker, its attachments kept) or as an
 * attachment (its exact bytes). `rule`: a rule's forward (features/rules/rule-forwards.ts), addressed
 * already, without References or In-Reply-To (a forward starts no conversation with the recipient)
 * and marked as sent automatically; its id follows the rule's, so a retried one is the same draft.
 */
export async function createForwardDraft(db: HeronDb, messageId: string, asAttachment: boolean, now = Date.now(), rule?: PendingForward): Promise<DraftRow> {
  const repo = messagesRepo(db);
  const parent = await repo.get(messageId);
  if (!parent) throw new HeronError('ENOTFOUND', 'The message to forward is no longer stored.');
  const account = (await accountsRepo(db).get(parent.accountId)) ?? (await defaultAccount(db));
  if (!account) throw new HeronError('ENOTFOUND', 'Add an account before forwarding mail.');
  const sig = signatureBlock(account);
  let attachments: DraftAttachmentRow[] = [];
  let text = sig.text;
  let html = `<div><br></div>${sig.html}`;
  if (asAttachment) {
    // message/rfc822 of the stored bytes, exactly as received (RFC 2046 §5.2.1).
    const raw = await repo.getRaw(messageId);
    if (!raw) throw new HeronError('ENOTFOUND', 'Only the headers of this message are stored; forward it inline instead.');
    attachments = [{ id: newId('a'), filename: forwardAttachmentName(parent.subject), contentType: 'message/rfc822', size: raw.size, blob: raw }];
  } else {
    const fwd = forwardedBody(parent, await repo.getBody(messageId));
    text += fwd.text;
    html += fwd.html;
    // The original's attachments travel with an inline forward.
    const stored = await repo.attachmentsOf(messageId);
    attachments = stored.flatMap((a) => (a.blob ? [{ id: newId('a'), filename: a.filename, contentType: a.contentType, size: a.blob.size, blob: a.blob }] : []));
  }
  const draft: DraftRow = {
    ...blankDraft(account, now),
    subject: forwardSubject(parent.subject),
    text,
    html,
    attachments,
    references: replyReferences(parent),
    sourceMessageId: parent.id,
    ...(rule ? { id: `d-${rule.id}`, to: rule.to.map((address) => ({ name: '', address })), references: [], autoForwarded: true, ruleForward: rule } : {}),
  };
  await draftsRepo(db).save(draft);
  return draft;
}

/**
 * Send: main builds the exact bytes and puts them, with the Outbox item and its Sent copy, into
 * the store in one strict transaction before it answers (the bytes never come back to this
 * thread); the runner sends them once `hold` is over (the undo window, or Send later's time).
 * Answers the outbox item id.
 */
export async function queueDraft(db: HeronDb, bridge: Bridge, draftId: string, options: { smtpUtf8?: boolean; now?: number; hold?: SendHold } = {}): Promise<string> {
  const draft = await draftsRepo(db).get(draftId);
  if (!draft) throw new HeronError('ENOTFOUND', 'This draft is no longer stored.');
  const now = options.now ?? Date.now();
  const html = draft.plainTextMode || draft.html === null ? null : sanitizeComposeHtml(draft.html);
  const attachments = await Promise.all(draft.attachments.map(async (a) => ({ id: a.id, bytes: new Uint8Array(await a.blob.arrayBuffer()) })));
  const { attachments: refs, outboxId: _o, sourceMessageId: _s, ruleForward: _f, ...rest } = draft;
  const id = newId('o');
  const queued = await bridge.call('queueMessage', {
    draft: {
      ...rest,
      replyTo: rest.replyTo ?? null,
      to: [...rest.to],
      cc: [...rest.cc],
      bcc: [...rest.bcc],
      references: [...rest.references],
      html,
      attachments: refs.map(({ id, filename, contentType, size }) => ({ id, filename, contentType, size })),
      updatedAt: now,
    },
    attachments,
    smtpUtf8: options.smtpUtf8 === true,
    outboxId: id,
    sentId: newId('sent'),
    ...(options.hold ? { sendAt: options.hold.sendAt, scheduled: options.hold.scheduled } : {}),
  });
  if (!queued.ok) throw new HeronError(queued.error.code, queued.error.message, { retryable: queued.error.retryable, ...(queued.error.detail ? { detail: queued.error.detail } : {}) });
  return id;
}
