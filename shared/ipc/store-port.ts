/**
 * The store port: a MessagePort between main and the window's store worker (README,
 * "Architecture"), beside the IPC contract. Main sends what mail brings for the store to write —
 * fetched batches, a fetch's end — and asks it what only it knows (the POP state a fetch plans
 * from); the store answers. Main hands the port to the window's main frame only, on request
 * (`HeronApi.connectStore`), and checks every message the window sends on it, as it checks IPC
 * payloads (`parseFromStore`): the window is not trusted to be well-formed.
 *
 *   main → store   commit (a batch: mail-batch.ts)      store → main   committed (ok | EQUOTA/ESTORAGE)
 *   main → store   done (a fetch's end, after its batches)
 *   main → store   request (plan: the POP state;        store → main   answer (Result)
 *                   queue: an outgoing message's bytes and Outbox item;
 *                   outgoing: the bytes of Outbox items, after a restart)
 *                                                       store → main   log (a warning or an error, for main's log file)
 */
import type { FetchDone } from './calls/fetch';
import { MAX_RENDERER_LOG_CHARS } from './calls/log';
import { MAX_ITEMS_PER_SEND, MAX_RAW_BYTES } from './calls/send';
import type { MailBatch } from './mail-batch';
import { ERROR_CODES, type Result, type SerializedError } from './result';
import { popStateEntrySchema } from './schemas';
import { SchemaError, v, type Schema } from './validate';
import type { FolderKey } from '../model/message';
import type { QueuedOutgoing } from '../model/outgoing';
import type { ExportPage, ExportScope, ImportPlace, StoreSnapshot, StoredQuestion } from '../model/own-mail';
import type { PopStateEntry } from '../model/pop-state';

/** The IPC channel the window asks for a port on, and the window message that hands it over. */
export const STORE_PORT_CHANNEL = 'heron:store-port';

/** What main asks of the store, and what each answer must be. */
export interface StoreRequests {
  /** The account's POP state, once everything sent before this was applied; the check is marked started. */
  readonly plan: { readonly input: { readonly accountId: string }; readonly output: PopStateEntry[] };
  /** Queues a built message: its Outbox item, its bytes and the draft's link to it, in one strict transaction. */
  readonly queue: { readonly input: { readonly accountId: string; readonly item: QueuedOutgoing; readonly raw: Uint8Array }; readonly output: undefined };
  /** The stored bytes of these Outbox items (those the store still has). */
  readonly outgoing: { readonly input: { readonly accountId: string; readonly ids: readonly string[] }; readonly output: Array<{ id: string; raw: Uint8Array }> };
  /** For each question, whether a message with that Message-ID and those bytes is stored (an import's duplicates). */
  readonly stored: { readonly input: { readonly accountId: string; readonly questions: readonly StoredQuestion[] }; readonly output: boolean[] };
  /** Where an import stands (null: never started), after the batches sent before this. */
  readonly importPlace: { readonly input: { readonly accountId: string; readonly importId: string }; readonly output: ImportPlace | null };
  /** How many messages an export's scope holds. */
  readonly exportCount: { readonly input: { readonly accountId: string; readonly scope: ExportScope }; readonly output: number };
  /** A page of an export's messages with their bytes. */
  readonly exportPage: { readonly input: { readonly accountId: string; readonly scope: ExportScope; readonly after: string | null }; readonly output: ExportPage };
  /** The store besides messages, for a backup (never a password: those are main's). */
  readonly snapshot: { readonly input: { readonly accountId: string }; readonly output: StoreSnapshot };
  /** Whether the store holds no account and no message (a restore goes only into such a store). */
  readonly isEmpty: { readonly input: { readonly accountId: string }; readonly output: boolean };
  /** Puts a backup's accounts, POP state, settings and address book back, in one strict transaction. */
  readonly restore: { readonly input: { readonly accountId: string; readonly snapshot: StoreSnapshot; readonly restoreId?: string }; readonly output: undefined };
  /** Adds POP state entries to an account (moving from Thunderbird: its popstate.dat). */
  readonly addPopState: { readonly input: { readonly accountId: string; readonly entries: readonly PopStateEntry[] }; readonly output: undefined };
}

/** Where an import stands after a batch; written in that batch's transaction. */
export interface ImportMarkOnPort {
  /** The import's key: its source (the file, with its size and modification time) and the account. */
  readonly id: string;
  readonly accountId: string;
  /** Where to resume: the mbox reader's `next`, or the number of .eml files handled. */
  readonly position: number;
  /** Messages this import stored so far, and duplicates it skipped. */
  readonly imported: number;
  readonly duplicates: number;
  /** Set once the whole source was read. */
  readonly finished: boolean;
}

export type StoreRequestKind = keyof StoreRequests & string;

export type StoreRequest = { [K in StoreRequestKind]: { readonly kind: K } & StoreRequests[K]['input'] }[StoreRequestKind];

export type ToStore =
  | ({ readonly type: 'commit'; readonly commitId: string; readonly accountId: string; readonly mark?: ImportMarkOnPort } & MailBatch)
  | { readonly type: 'done'; readonly done: FetchDone }
  | { readonly type: 'request'; readonly requestId: string; readonly request: StoreRequest };

/** A POP3 server action a rule asked for, by the message's local id (plan.ts applies it). */
export interface ServerRequest {
  readonly localId: string;
  readonly action: 'leave' | 'delete' | 'download';
}

export type CommitAnswer = { readonly committed: true; readonly server?: readonly ServerRequest[] } | { readonly committed: false; readonly errorCode: 'EQUOTA' | 'ESTORAGE'; readonly errorMessage: string };

export type FromStore =
  | ({ readonly type: 'committed'; readonly commitId: string } & CommitAnswer)
  | ({ readonly type: 'answer'; readonly requestId: string } & Result<unknown>)
  | { readonly type: 'log'; readonly level: 'warn' | 'error'; readonly message: string };

/** The most a POP state may hold (as startFetch allowed when the window sent it). */
const MAX_POP_ENTRIES = 2_000_000;
/** An import asks about one batch at a time. */
export const MAX_QUESTIONS = 10_000;
/** A page of stored messages: at most this many, and this many bytes in one message (the store's pages are smaller). */
const MAX_PAGE_MESSAGES = 1_000;
const MAX_PAGE_BYTES = 512 * 1024 * 1024;

/** null, which the answer's envelope carries as nothing (`value` is optional), or the value. */
function orNull<T>(inner: Schema<T>): Schema<T | null> {
  return { kind: 'nullable', parse: (value, path = '') => (value === null || value === undefined ? null : inner.parse(value, path)) };
}

/** A value main checks where it uses it (a backup keeps what the store gave it, as it gave it). */
function anyValue(): Schema<unknown> {
  return { kind: 'any', parse: (value) => value };
}

/** A fixed folder, or one the person made (`f:` and its id). */
const folderKeySchema = v.string({ min: 1, max: 128, pattern: /^(?:inbox|sent|drafts|outbox|junk|trash|f:.+)$/ }) as Schema<FolderKey>;

/** How each answer's value must look. */
export const STORE_ANSWERS: { readonly [K in StoreRequestKind]: Schema<unknown> } = {
  plan: v.array(popStateEntrySchema, { max: MAX_POP_ENTRIES }),
  queue: v.none(),
  outgoing: v.array(v.object({ id: v.string({ min: 1, max: 128 }), raw: v.bytes({ max: MAX_RAW_BYTES }) }), { max: MAX_ITEMS_PER_SEND }),
  stored: v.array(v.boolean(), { max: MAX_QUESTIONS }),
  importPlace: orNull(
    v.object({
      position: v.number({ integer: true, min: 0 }),
      imported: v.number({ integer: true, min: 0 }),
      duplicates: v.number({ integer: true, min: 0 }),
      finished: v.boolean(),
    }),
  ),
  exportCount: v.number({ integer: true, min: 0 }),
  exportPage: v.object({
    items: v.array(
      v.object({
        id: v.string({ min: 1, max: 128 }),
        accountId: v.string({ min: 1, max: 64 }),
        folder: folderKeySchema,
        unread: v.boolean(),
        starred: v.boolean(),
        uidl: v.nullable(v.string({ min: 1, max: 512 })),
        partial: v.boolean(),
        receivedAt: v.number(),
        date: v.number(),
        subject: v.string({ max: 100_000, multiline: true }),
        sourceFolder: v.nullable(v.string({ max: 4096, multiline: true })),
        kept: v.optional(anyValue()),
        raw: v.bytes({ max: MAX_PAGE_BYTES }),
      }),
      { max: MAX_PAGE_MESSAGES },
    ),
    next: v.nullable(v.string({ min: 1, max: 128 })),
  }),
  snapshot: v.object({
    accounts: v.array(anyValue(), { max: 10_000 }),
    popState: v.array(anyValue(), { max: 10_000 }),
    popEntries: v.array(popStateEntrySchema, { max: MAX_POP_ENTRIES }),
    settings: v.array(anyValue(), { max: 10_000 }),
    contacts: v.array(anyValue(), { max: 1_000_000 }),
    folders: v.optional(v.array(anyValue(), { max: 100_000 })),
    tables: v.optional(anyValue()),
  }),
  isEmpty: v.boolean(),
  restore: v.none(),
  addPopState: v.none(),
};

const idOnPort = v.string({ min: 1, max: 64 });

const serializedError: Schema<SerializedError> = v.object({
  code: v.literal(...ERROR_CODES),
  message: v.string({ max: 2000, multiline: true }),
  retryable: v.boolean(),
});

const committed = v.object({
  type: v.literal('committed'),
  commitId: idOnPort,
  committed: v.boolean(),
  errorCode: v.optional(v.literal('EQUOTA', 'ESTORAGE')),
  errorMessage: v.optional(v.string({ max: 2000, multiline: true })),
  server: v.optional(v.array(v.object({ localId: v.string({ min: 1, max: 128 }), action: v.literal('leave', 'delete', 'download') }), { max: 100_000 })),
});


const answer = v.object({
  type: v.literal('answer'),
  requestId: idOnPort,
  ok: v.boolean(),
  value: v.optional(anyValue()),
  error: v.optional(serializedError),
});

/** As the window's own log lines (calls/log.ts). */
const logLine = v.object({
  type: v.literal('log'),
  level: v.literal('warn', 'error'),
  message: v.string({ min: 1, max: MAX_RENDERER_LOG_CHARS, multiline: true }),
});

/** A message from the window, checked: it throws SchemaError on anything else. */
export function parseFromStore(data: unknown): FromStore {
  const type = (data as { type?: unknown } | null)?.type;
  if (type === 'log') return logLine.parse(data);
  if (type === 'committed') {
    const c = committed.parse(data);
    return c.committed
      ? { type: 'committed', commitId: c.commitId, committed: true, ...(c.server && c.server.length > 0 ? { server: c.server } : {}) }
      : { type: 'committed', commitId: c.commitId, committed: false, errorCode: c.errorCode ?? 'ESTORAGE', errorMessage: c.errorMessage ?? 'not stored' };
  }
  const a = answer.parse(data);
  if (a.ok) return { type: 'answer', requestId: a.requestId, ok: true, value: a.value };
  if (!a.error) throw new SchemaError('error', 'an answer that failed must say why');
  return { type: 'answer', requestId: a.requestId, ok: false, error: a.error };
}
