/**
 * What bench:idb-floor writes: the store layouts it compares (schema.ts's current stores and the
 * ones before and beside them) and the message rows, shaped as the app writes them.
 */
import { currentStores, parseStoreSpec, type RendererData, type StoreSpec, type Stores } from './dexie-spec';

export const ACCOUNT = 'acct-bench';

// ---- layouts ----

/**
 * What one transaction writes. `rows`: one messages row per message (always). `raws`/`pop`: one
 * record per message, or the batch's in ONE record. `extras`: the parse queue row and the folder
 * counter read-and-put that Heron's commit adds (fetch-store.ts, folder-counts.ts middleware).
 */
export interface Layout {
  readonly name: string;
  readonly description: string;
  readonly stores: Stores;
  readonly raws: 'row' | 'chunk';
  readonly pop: 'row' | 'chunk';
  /** Whether message rows carry the sender/subject sort keys (their four indexes get entries). */
  readonly sortKeys: boolean;
  /** The field a raw chunk lists its messages in: `ids` (multi-entry indexed, before schema v11) or `members` (not indexed). */
  readonly chunkList: 'ids' | 'members';
  readonly extras: boolean;
  /** The stores the transaction names: Heron's commit names bodies and attachments too (fetch-store.ts). */
  readonly scope: string[];
}

export function layouts(SCHEMA: RendererData['SCHEMA']): Layout[] {
  const heron = currentStores(SCHEMA);
  for (const name of ['messages', 'raws', 'rawChunks', 'popChunks', 'parseQueue', 'folderCounts']) {
    if (!heron[name]) throw new Error(`schema.ts has no \`${name}\` store any more: update idb-floor.ts`);
  }
  const rawChunks = heron.rawChunks as StoreSpec;
  const popChunks = heron.popChunks as StoreSpec;
  // The layout before schema v7/v8: a bytes row and a POP entry row per message (v3's popEntries).
  const popEntries = parseStoreSpec('localId, accountId, [accountId+uidl]');
  const heronMessages = heron.messages as StoreSpec;
  const rest = ['bodies', 'attachments', 'parseQueue', 'folderCounts'];
  return [
    {
      name: 'a row per message (v6)',
      description: "today's message indexes, one raws and one popEntries row per message (schema v6)",
      stores: { ...heron, popEntries },
      raws: 'row',
      pop: 'row',
      sortKeys: true,
      chunkList: 'ids',
      extras: true,
      scope: ['messages', 'raws', 'popEntries', ...rest],
    },
    {
      name: 'chunked raws (v7)',
      description: "the same, the batch's raw bytes in one record (schema v7)",
      stores: { ...heron, popEntries },
      raws: 'chunk',
      pop: 'row',
      sortKeys: true,
      chunkList: 'ids',
      extras: true,
      scope: ['messages', 'rawChunks', 'popEntries', ...rest],
    },
    {
      name: 'sender/subject sorts in use',
      description: 'the same, rows with both sort keys, as once someone sorted by sender and by subject (sort-index.ts)',
      stores: heron,
      raws: 'chunk',
      pop: 'chunk',
      sortKeys: true,
      chunkList: 'members',
      extras: true,
      scope: ['messages', 'rawChunks', 'popChunks', ...rest],
    },
    {
      name: 'heron (current)',
      description: "schema.ts's current stores: a batch's raw bytes and its POP entries in one record each, listed outside any index (schema v11), rows without sort keys until a sort asks (sort-index.ts)",
      stores: heron,
      raws: 'chunk',
      pop: 'chunk',
      sortKeys: false,
      chunkList: 'members',
      extras: true,
      scope: ['messages', 'rawChunks', 'popChunks', ...rest],
    },
    {
      name: 'bare rows',
      description: 'no index on any store, raws and POP entries chunked, no parse queue or counters',
      stores: {
        messages: { keyPath: heronMessages.keyPath, autoIncrement: false, indexes: [] },
        rawChunks: { keyPath: rawChunks.keyPath, autoIncrement: false, indexes: [] },
        popChunks: { keyPath: popChunks.keyPath, autoIncrement: false, indexes: [] },
      },
      raws: 'chunk',
      pop: 'chunk',
      sortKeys: false,
      chunkList: 'members',
      extras: false,
      scope: ['messages', 'rawChunks', 'popChunks'],
    },
  ];
}

// ---- records ----

/** A row shaped as fetch-store.ts `metaFor` writes it, with the helpers the middleware derives. */
export function messageRow(sortKeys: RendererData['sortKeys'] | null, i: number, id: string, size: number, uidl: string, now: number): Record<string, unknown> {
  const names = ['Ada Lovelace', 'Grace Hopper', 'Émile Zola', 'Zhang Wei', 'Alan Turing'];
  const subjects = ['Quarterly figures', 'Re: lunch on Friday?', 'Fwd: the contract (signed)', 'Invoice 2024-117', 'Minutes of the meeting'];
  const name = names[i % names.length] as string;
  const from = { name, address: `${name.split(' ')[0]?.toLowerCase() ?? 'someone'}@example.com` };
  const subject = `${subjects[i % subjects.length] as string} #${i}`;
  const date = Date.UTC(2024, 0, 1) + i * 97_000;
  return {
    id,
    accountId: ACCOUNT,
    folder: 'inbox',
    messageId: `<${i}.bench@example.com>`,
    inReplyTo: null,
    references: [],
    from,
    to: [],
    cc: [],
    replyTo: [],
    subject,
    date,
    receivedAt: now,
    size,
    hasAttachments: false,
    snippet: '',
    unread: true,
    starred: false,
    partial: false,
    uidl,
    unreadFlag: 1,
    ...(sortKeys ? sortKeys({ from, subject }) : {}),
  };
}
