/**
 * Runs in the page (bundled to an IIFE by seed.ts, evaluated only by specs and benches, never part
 * of the production build): puts accounts, mail and Outbox states into the app's store through the
 * app's own repositories over its own Dexie database, so every derived row (folder counters, sort
 * keys, raw bytes, POP state, address book) is written by the code that writes it for real.
 */
import type { Account } from '../../shared/model/account';
import type { FetchedMessage } from '../../shared/model/fetched-message';
import type { RecipientResult } from '../../shared/model/draft';
import type { Address, LocalFolder } from '../../shared/model/message';
import { accountsRepo } from '../../renderer/src/data/accounts-repo';
import { HeronDb } from '../../renderer/src/data/db';
import { draftsRepo } from '../../renderer/src/data/drafts-repo';
import { commitFetched } from '../../renderer/src/data/fetch-store';
import { messageListRepo } from '../../renderer/src/data/message-list-repo';
import { outboxRepo } from '../../renderer/src/data/outbox-repo';
import { settingsRepo, type Settings } from '../../renderer/src/data/settings-repo';

/** A message as if fetched: headers, its text (stored as the parsed body), and what the person did to it. */
export interface SeedMessage {
  readonly id: string;
  readonly accountId: string;
  readonly from: Address | null;
  readonly to?: readonly Address[];
  readonly subject: string;
  readonly date: number;
  /** Default: `date`. */
  readonly receivedAt?: number;
  readonly messageId?: string | null;
  /** The size the server listed. Default: the generated message's. */
  readonly size?: number;
  readonly uidl?: string | null;
  /** The message's text (its parsed body, as the fetch worker reads it). Default: none. */
  readonly text?: string;
  /** Default: the text's first line. */
  readonly snippet?: string;
  readonly hasAttachments?: boolean;
  /** Default: true (as fetched). */
  readonly unread?: boolean;
  readonly starred?: boolean;
  /** Default: 'inbox'. */
  readonly folder?: LocalFolder;
}

/** A message the server took for some recipients and deferred (4xx) for others, as the Outbox keeps it. */
export interface PartlyDelivered {
  readonly accountId: string;
  /** The Sent copy's id. */
  readonly sentId: string;
  readonly messageId: string;
  readonly from: Address;
  readonly to: readonly Address[];
  readonly subject: string;
  readonly text: string;
  /** When it was sent. */
  readonly date: number;
  readonly deferred: readonly Required<Pick<RecipientResult, 'address' | 'response' | 'reason'>>[];
  /** When Heron tries the deferred recipients again. */
  readonly retryAt: number;
}

const BATCH = 2_000;
const encoder = new TextEncoder();

function header(a: Address): string {
  return a.name ? `"${a.name.replace(/["\\]/g, '')}" <${a.address}>` : `<${a.address}>`;
}

/** The bytes a server would hold for this message (ASCII headers; the text as UTF-8). */
function rawOf(m: SeedMessage): Uint8Array {
  const lines = [
    ...(m.from ? [`From: ${header(m.from)}`] : []),
    ...(m.to?.length ? [`To: ${m.to.map(header).join(', ')}`] : []),
    `Subject: ${m.subject}`,
    `Date: ${new Date(m.date).toUTCString()}`,
    ...(m.messageId ? [`Message-ID: ${m.messageId}`] : []),
    'MIME-Version: 1.0',
    'Content-Type: text/plain; charset=utf-8',
    'Content-Transfer-Encoding: 8bit',
    '',
    ...(m.text ?? '').split('\n'),
    '',
  ];
  return encoder.encode(lines.join('\r\n'));
}

function fetched(m: SeedMessage): FetchedMessage {
  const raw = rawOf(m);
  return {
    id: m.id,
    uidl: m.uidl ?? null,
    size: m.size ?? raw.byteLength,
    raw,
    partial: false,
    receivedAt: m.receivedAt ?? m.date,
    headers: {
      messageId: m.messageId ?? null,
      inReplyTo: null,
      references: [],
      from: m.from,
      to: m.to ?? [],
      cc: [],
      replyTo: [],
      subject: m.subject,
      date: m.date,
      size: m.size ?? raw.byteLength,
      hasAttachments: m.hasAttachments ?? false,
    },
    // What the fetch worker reads of it, as it arrives with its bytes.
    content: {
      body: { text: m.text ?? '', html: null, warnings: [] },
      attachments: [],
      hasAttachments: m.hasAttachments ?? false,
      snippet: m.snippet ?? (m.text ?? '').split('\n').find((l) => l.trim() !== '') ?? '',
    },
  };
}

function open(): HeronDb {
  return new HeronDb();
}

async function seedMessages(db: HeronDb, list: readonly SeedMessage[]): Promise<void> {
  const now = Date.now();
  for (let start = 0; start < list.length; start += BATCH) {
    const slice = list.slice(start, start + BATCH);
    for (const accountId of new Set(slice.map((m) => m.accountId))) {
      // As the store worker commits a fetched batch.
      await commitFetched(db, accountId, slice.filter((m) => m.accountId === accountId).map(fetched), now);
    }
  }
  const ids = (pick: (m: SeedMessage) => boolean) => list.filter(pick).map((m) => m.id);
  const read = ids((m) => m.unread === false);
  if (read.length > 0) await messageListRepo(db).setUnread(read, false);
  const starred = ids((m) => m.starred === true);
  if (starred.length > 0) await messageListRepo(db).setStarred(starred, true);
  // Filed elsewhere (the counters follow: every message write goes through the store's middleware).
  const filed = list.filter((m) => m.folder && m.folder !== 'inbox');
  if (filed.length > 0) await db.messages.bulkUpdate(filed.map((m) => ({ key: m.id, changes: { folder: m.folder as LocalFolder } })));
}

/**
 * Queues the message, claims it and applies the server's answer as the runner would, at the
 * moment that makes the deferred recipients' retry fall at `retryAt` (the first retry waits
 * FIRST_RETRY_MS, with no jitter here).
 */
async function seedPartlyDelivered(db: HeronDb, p: PartlyDelivered): Promise<void> {
  const at = p.retryAt - 60_000;
  const draftId = `seed-draft-${p.sentId}`;
  const outboxId = `seed-out-${p.sentId}`;
  const everyone = p.to.map((a) => a.address);
  await draftsRepo(db).save({
    id: draftId, accountId: p.accountId, from: p.from, replyTo: null, to: [...p.to], cc: [], bcc: [], subject: p.subject, text: p.text, html: null,
    plainTextMode: true, attachments: [], inReplyTo: null, references: [], updatedAt: p.date, outboxId: null, sourceMessageId: null,
  });
  const outbox = outboxRepo(db);
  await outbox.enqueue(
    {
      draftId, accountId: p.accountId, id: outboxId, messageId: p.messageId,
      raw: encoder.encode(`From: ${header(p.from)}\r\nTo: ${p.to.map(header).join(', ')}\r\nSubject: ${p.subject}\r\nMessage-ID: ${p.messageId}\r\n\r\n${p.text}\r\n`),
      envelope: { from: p.from.address, to: everyone },
      sentMeta: {
        id: p.sentId, accountId: p.accountId, messageId: p.messageId, inReplyTo: null, references: [], from: p.from, to: [...p.to], cc: [], replyTo: [],
        subject: p.subject, date: p.date, receivedAt: p.date, size: p.text.length, hasAttachments: false, snippet: p.text.split('\n')[0] ?? '', unread: false, starred: false, partial: false, uidl: null,
      },
      sentBody: { messageId: p.sentId, text: p.text, html: null, warnings: [] },
      recipients: [...p.to],
    },
    at,
  );
  await outbox.claimDue(p.accountId, at, { max: 100, maxBytes: Number.MAX_SAFE_INTEGER });
  const deferred = new Set(p.deferred.map((d) => d.address));
  await outbox.applyOutcome(
    {
      id: outboxId, status: 'sent', attempted: true, error: null, response: '250 2.0.0 Ok: queued',
      perRecipient: [
        ...everyone.filter((a) => !deferred.has(a)).map((address) => ({ address, accepted: true, response: '250 2.1.5 Ok' })),
        ...p.deferred.map((d) => ({ ...d, accepted: false, temporary: true })),
      ],
    },
    at,
    () => 0,
  );
}

export const seedApi = {
  async accounts(rows: readonly Account[]): Promise<void> {
    const db = open();
    try {
      for (const row of rows) await accountsRepo(db).put(row);
    } finally {
      db.close();
    }
  },
  /** Changes stored accounts in place (a spec pointing an account at a server that came up later). */
  async updateAccount(id: string, change: Partial<Account>): Promise<void> {
    const db = open();
    try {
      const repo = accountsRepo(db);
      const row = await repo.get(id);
      if (!row) throw new Error(`no account ${id} to change`);
      await repo.put({ ...row, ...change });
    } finally {
      db.close();
    }
  },
  async messages(list: readonly SeedMessage[]): Promise<void> {
    const db = open();
    try {
      await seedMessages(db, list);
    } finally {
      db.close();
    }
  },
  async partlyDelivered(p: PartlyDelivered): Promise<void> {
    const db = open();
    try {
      await seedPartlyDelivered(db, p);
    } finally {
      db.close();
    }
  },
  async setting<K extends keyof Settings>(key: K, value: Settings[K]): Promise<void> {
    const db = open();
    try {
      await settingsRepo(db).set(key, value);
    } finally {
      db.close();
    }
  },
};

export type SeedApi = typeof seedApi;

(window as unknown as { __heronSeed: SeedApi }).__heronSeed = seedApi;
