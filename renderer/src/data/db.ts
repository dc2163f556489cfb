/**
 * The renderer's database: the only code that opens IndexedDB (STYLE.md layout). Opened with
 * strict durability so a committed transaction is on disk before Heron tells main it may delete
 * the message from the server (no mail is ever lost).
 */
import { Dexie, type Table } from 'dexie';
import type {
  AccountRow,
  StoredAttachmentRow,
  BodyRow,
  ContactRow,
  DraftRow,
  FolderRow,
  ImportRow,
  MessageRow,
  OutboxRow,
  PopChunkRow,
  RawChunkRow,
  PopStateRow,
  SettingRow,
  ThreadEditRow,
  ThreadKeyRow,
} from './rows';
import type { Rule, RuleLogEntry, PendingForward } from '../../../shared/model/rule';
import type { JunkRow } from './junk-repo';
import { folderCountsMiddleware, type FolderCountRow } from './folder-counts';
import { declareSchema, SCHEMA, type SchemaVersion } from './schema';
import { searchChangesMiddleware, type SearchChangeRow } from './search/change-log';
import type { SearchDocsRow, SearchMetaRow, SearchPositionsRow, SearchTermRow } from './search/index-rows';

export const DB_NAME = 'heron';

export class HeronDb extends Dexie {
  declare readonly accounts: Table<AccountRow, string>;
  declare readonly messages: Table<MessageRow, string>;
  declare readonly bodies: Table<BodyRow, string>;
  declare readonly attachments: Table<StoredAttachmentRow, string>;
  declare readonly popState: Table<PopStateRow, string>;
  declare readonly popChunks: Table<PopChunkRow, string>;
  declare readonly outbox: Table<OutboxRow, string>;
  declare readonly drafts: Table<DraftRow, string>;
  declare readonly contacts: Table<ContactRow, string>;
  declare readonly settings: Table<SettingRow, string>;
  declare readonly folderCounts: Table<FolderCountRow, [string, string]>;
  declare readonly rawChunks: Table<RawChunkRow, string>;
  declare readonly imports: Table<ImportRow, string>;
  declare readonly rules: Table<Rule, string>;
  declare readonly ruleLog: Table<RuleLogEntry, string>;
  declare readonly ruleForwards: Table<PendingForward, string>;
  declare readonly junk: Table<JunkRow, string>;
  declare readonly folders: Table<FolderRow, string>;
  declare readonly threadEdits: Table<ThreadEditRow, string>;
  declare readonly threadIndex: Table<ThreadKeyRow, string>;
  declare readonly searchTerms: Table<SearchTermRow, [string, number]>;
  declare readonly searchPositions: Table<SearchPositionsRow, [string, number]>;
  declare readonly searchDocs: Table<SearchDocsRow, number>;
  declare readonly searchChanges: Table<SearchChangeRow, number>;
  declare readonly searchMeta: Table<SearchMetaRow, string>;

  /** `schema`: the versions to declare (a test adds one to prove an upgrade). */
  constructor(name: string = DB_NAME, schema: readonly SchemaVersion[] = SCHEMA) {
    super(name, { chromeTransactionDurability: 'strict' });
    declareSchema(this, schema[schema.length - 1]?.version, schema);
    // Folder counters and the rows' index helpers change with every message write, in its
    // transaction (folder-counts.ts).
    this.use(folderCountsMiddleware);
    // Every message write queues its id for the search index, in its transaction (search/change-log.ts).
    this.use(searchChangesMiddleware);
  }
}

let shared: HeronDb | null = null;

/** The app's one database instance (tests make their own with a unique name). */
export function getDb(): HeronDb {
  shared ??= new HeronDb();
  return shared;
}
