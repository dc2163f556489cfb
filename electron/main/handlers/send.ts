import type { Emit, HandlersOf } from '../../../shared/ipc/define';
import { withRenewal, type LoginSecrets } from '../oauth/login-secrets';
import { MAX_SEND_LATER_MS, SEND_DEADLINE_MS, type sendCalls, type sendEvents } from '../../../shared/ipc/calls/send';
import { HeronError, serializeError } from '../../../shared/ipc/result';
import type { OutgoingServer, SecretSlot } from '../../../shared/model/account';
import { certificateCheckOf } from '../../../shared/model/certificate';
import { SessionRecorder, type SessionSink } from '../../core/log/session-recorder';
import { classifySendError } from '../../core/smtp/classify';
import { probeCapabilities, sendQueue, type SmtpClientOptions } from '../../core/smtp/client';
import { buildMessage } from '../../core/smtp/compose';
import { queuedOutgoing } from '../../../shared/model/outgoing';
import type { SendOutcome } from '../../../shared/model/draft';
import { BuiltMessages } from '../store/built-messages';
import { SendLedger } from './send-ledger';
import type { OutboxStore } from '../store/link';
import { seconds } from '../../core/pop3/connection';

export interface SendDeps {
  /** The stored password (only for the server it was stored for) or a fresh access token; a refused token is renewed once. */
  readonly secrets: LoginSecrets;
  /** The window's store: where a built message is queued, and its bytes read back after a restart. */
  readonly store: OutboxStore;
  /** Messages main built and has not sent yet (a bounded cache; the store has them all). */
  readonly built?: BuiltMessages;
  /** Pushes `sendProgress`; absent in tests that do not care. */
  readonly emit?: Emit<typeof sendEvents>;
  /** The account's connection log: every connection, redacted. */
  readonly log?: SessionSink;
  /** Extra trusted CAs (tests and the e2e harness; the app relies on the system roots and pins). */
  readonly ca?: SmtpClientOptions['ca'];
  readonly timeouts?: SmtpClientOptions['timeouts'];
  /** How long one `sendMessages` call may take (tests); SEND_DEADLINE_MS otherwise. */
  readonly deadlineMs?: number;
}

export function createSendHandlers(deps: SendDeps): HandlersOf<typeof sendCalls> {
  // One send per account at a time: two overlapping calls could hand the same outbox item to the
  // server twice, and the renderer's 'sending' mark is only as good as this guard.
  const busy = new Set<string>();
  const built = deps.built ?? new BuiltMessages();
  const ledger = new SendLedger();
  /** Records an outcome and tells the window, once per try of an item. */
  const report = (accountId: string, outcome: SendOutcome, index: number, total: number) => {
    if (ledger.settle(outcome)) deps.emit?.('sendProgress', { accountId, id: outcome.id, index, total, outcome });
  };

  /** The items' bytes: kept since main built them, else read back from the store. */
  const bytesOf = async (accountId: string, ids: readonly string[]): Promise<Map<string, Uint8Array>> => {
    const found = new Map(ids.flatMap((id) => {
      const raw = built.get(id);
      return raw ? [[id, raw] as const] : [];
    }));
    const missing = ids.filter((id) => !found.has(id));
    if (missing.length > 0) for (const { id, raw } of await deps.store.outgoing(accountId, missing)) if (missing.includes(id)) found.set(id, raw);
    return found;
  };

  const clientOptions = (outgoing: OutgoingServer, secret: string | null, recorder: SessionRecorder): SmtpClientOptions => ({
    server: outgoing,
    secret,
    ...(deps.ca === undefined ? {} : { ca: deps.ca }),
    ...(deps.timeouts === undefined ? {} : { timeouts: deps.timeouts }),
    transcript: recorder.sink,
  });
  const recorder = (outgoing: OutgoingServer, purpose: 'send' | 'probe', secret: string | null) =>
    new SessionRecorder({ side: 'outgoing', purpose, host: outgoing.host, port: outgoing.port, security: outgoing.security }, secret === null ? [] : [secret]);

  /**
   * One connection for these items (and one more when the server refused the access token at
   * login: a renewed token, never a third); each that reached the server and was taken is forgotten here.
   */
  const sendItems = async (accountId: string, outgoing: OutgoingServer, items: ReadonlyArray<{ id: string; envelope: { from: string; to: readonly string[] }; raw: Uint8Array }>): Promise<SendOutcome[]> => {
    let secret: string | null;
    try {
      secret = await readSecret(deps.secrets, accountId, outgoing);
    } catch (error) {
      if (error instanceof HeronError && error.code === 'ENOSECRET') throw error;
      // No access token (the sign-in ended, the provider unreachable): nothing was handed to the server.
      return notSent(items, error);
    }
    const limit = deps.deadlineMs ?? SEND_DEADLINE_MS;
    // The whole call has a deadline too, so main answers before the window's bridge gives up (which would leave every item "may have been sent").
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(overtime(limit)), limit);
    const attempt = async (secret: string | null) => {
      const log = recorder(outgoing, 'send', secret);
      const outcomes = await sendQueue({ ...clientOptions(outgoing, secret, log), signal: controller.signal }, items, (outcome, index) => {
        report(accountId, outcome, index, items.length);
      });
      for (const o of outcomes) if (o.status === 'sent') built.forget(o.id);
      deps.log?.(accountId, log.finish(outcomes.find((o) => o.status !== 'sent')?.error ?? null));
      return outcomes;
    };
    try {
      return secret === null
        ? await attempt(secret)
        : await withRenewal(deps.secrets, { accountId, server: outgoing, first: secret }, attempt, refusedAtLogin, (error) => notSent(items, error));
    } finally {
      clearTimeout(timer);
    }
  };

  return {
    queueMessage: async ({ draft, attachments, smtpUtf8, outboxId, sentId, sendAt, scheduled }) => {
      const now = Date.now();
      if (sendAt !== undefined && sendAt > now + MAX_SEND_LATER_MS) {
        throw new HeronError('EINVALID', 'Heron can hold a message for at most a year; choose an earlier time.', { detail: { field: 'sendAt' } });
      }
      const message = await buildMessage(draft, attachments, { smtpUtf8: smtpUtf8 === true });
      const hold = sendAt === undefined ? null : { sendAt, scheduled: scheduled === true };
      const item = queuedOutgoing(draft, { messageId: message.messageId, envelope: message.envelope, size: message.raw.byteLength }, { outboxId, sentId }, now, hold);
      // In the Outbox, strictly committed, before the window hears the message is queued.
      await deps.store.queue(item, message.raw);
      built.keep(outboxId, message.raw);
      return { messageId: message.messageId };
    },

    sendMessages: async ({ accountId, outgoing, items }) => {
      if (busy.has(accountId)) {
        throw new HeronError('EBUSY', 'This account is already sending; the outbox will continue when it is done.', { retryable: true });
      }
      const ids = new Set<string>();
      for (const item of items) {
        if (ids.has(item.id)) throw new HeronError('EINVALID', `The outbox item ${item.id} is listed twice.`, { detail: { field: 'items' } });
        ids.add(item.id);
      }
      busy.add(accountId);
      const all = items.map((i) => i.id);
      ledger.begin(all);
      try {
        const raws = await bytesOf(accountId, all);
        const ready = items.flatMap((i) => {
          const raw = raws.get(i.id);
          return raw ? [{ id: i.id, envelope: i.envelope, raw }] : [];
        });
        const sent = ready.length === 0 ? [] : await sendItems(accountId, outgoing, ready);
        const byId = new Map(sent.map((o) => [o.id, o]));
        // An item gone from the store (deleted meanwhile) has nothing to send, and nothing was tried.
        const outcomes = items.map((i) => byId.get(i.id) ?? notStored(i.id));
        outcomes.forEach((o, index) => report(accountId, o, index, items.length));
        return { outcomes };
      } catch (error) {
        // The call fails as a whole; a window that restarted meanwhile still learns what became of each item.
        all.forEach((id, index) => {
          if (!ledger.has(id)) report(accountId, interrupted(id, error), index, all.length);
        });
        throw error;
      } finally {
        ledger.end(all);
        busy.delete(accountId);
      }
    },

    sendState: async ({ ids }) => ledger.state(ids),

    smtpCapabilities: async ({ accountId, outgoing }) => {
      const log = recorder(outgoing, 'probe', null);
      let probed: Awaited<ReturnType<typeof probeCapabilities>>;
      try {
        probed = await probeCapabilities(clientOptions(outgoing, null, log));
      } catch (error) {
        deps.log?.(accountId, log.finish(classifySendError(error, { phase: 'connect', host: outgoing.host, user: outgoing.username, port: outgoing.port, security: outgoing.security }).error));
        throw error;
      }
      deps.log?.(accountId, log.finish(null));
      const { capabilities: c, peer } = probed;
      return {
        size: c.size === 0 ? null : c.size,
        eightBitMime: c.eightBitMime,
        smtpUtf8: c.smtpUtf8,
        pipelining: c.pipelining,
        authMethods: c.authMethods,
        certificate: peer ? certificateCheckOf(peer) : null,
      };
    },
  };
}

function notStored(id: string): SendOutcome {
  return {
    id,
    status: 'failed',
    attempted: false,
    error: { code: 'ENOTFOUND', message: 'This message is no longer stored on this computer, so Heron cannot send it.', retryable: false },
    perRecipient: [],
  };
}

/** What a call that failed as a whole came to for one item: refused before any network work (no password, bad input), else unknown. */
function interrupted(id: string, error: unknown): SendOutcome {
  if (error instanceof HeronError && (error.code === 'ENOSECRET' || error.code === 'EINVALID')) {
    return { id, status: 'failed', attempted: false, error: error.toJSON(), perRecipient: [] };
  }
  const why = error instanceof Error ? error.message : String(error);
  return {
    id,
    status: 'uncertain',
    attempted: true,
    error: { code: 'EUNCERTAIN', message: `Heron could not tell whether this message was sent (${why}). Check with a recipient, then choose “Send again” or “Mark as sent”.`, retryable: false },
    perRecipient: [],
  };
}

function overtime(ms: number): HeronError {
  const took = ms % 60_000 === 0 ? `${ms / 60_000} min` : seconds(ms);
  return new HeronError('ETIMEDOUT', `Sending took longer than ${took}; what was not sent waits for the next try.`, { retryable: true, detail: { timeoutMs: ms } });
}

/** The login itself was refused: no message was tried. */
function refusedAtLogin(outcomes: readonly SendOutcome[]): boolean {
  return outcomes.length > 0 && outcomes.every((o) => !o.attempted && o.error?.code === 'EAUTH');
}

/** Every message stays unsent with the reason (the sign-in ended: it waits for the person). */
function notSent(items: readonly { id: string }[], error: unknown): SendOutcome[] {
  const e = serializeError(error);
  return items.map((item) => ({ id: item.id, status: e.retryable ? 'waiting-retry' : 'failed', attempted: false, error: e, perRecipient: [] }));
}

async function readSecret(secrets: LoginSecrets, accountId: string, outgoing: OutgoingServer): Promise<string | null> {
  if (outgoing.auth === 'none') return null;
  const slot: SecretSlot = outgoing.sameCredentialsAsIncoming ? 'incoming' : 'outgoing';
  const secret = await secrets.get(accountId, slot, outgoing);
  if (secret === null || secret === '') {
    throw new HeronError('ENOSECRET', `No password is stored for ${outgoing.username} on ${outgoing.host}; enter it to send.`, {
      detail: { accountId, slot, host: outgoing.host },
    });
  }
  return secret;
}
