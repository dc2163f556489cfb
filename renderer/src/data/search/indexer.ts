/**
 * Keeps the search index in step with the store, in the store worker: it reads the queue of
 * changed message rows (change-log.ts), indexes new messages, follows moves, flags and deletes,
 * and removes what it handled in the same transaction that writes the index. Term postings go to
 * the open segment (one row per term and segment, rewritten as the segment fills). A run writes
 * once the queue is empty or a segment's worth of messages is waiting, so a rebuild writes each
 * row about once, and a fetch's few messages are findable as soon as they are handled.
 */
import { Dexie, type Table } from 'dexie';
import { isRawSpan, readStoredText } from '../../../../shared/model/stored-text';
import { getRawBytes } from '../raw-store';
import type { HeronDb } from '../db';
import type { DraftRow, MessageRow } from '../rows';
import { ALL_ROWS } from './change-log';
import { draftAsMessage, draftContent, draftDocId, draftIdOf, isDraftDoc, isIndexedDraft } from './draft-docs';
import { docTerms, type SearchSource } from './doc-terms';
import { BLOCK, DocTable } from './doc-table';
import { ATTACHED, INDEX_FORMAT, PARTIAL, STARRED, UNREAD, type SearchMetaRow, type SearchPositionsRow, type SearchTermRow } from './index-rows';
import { packKey, segmentRows } from './packs';
import { PostingBuilder } from './postings';

/** Documents per segment: the open one's postings are held in memory while it fills. */
export const SEG_DOCS = 8192;
/**
 * Documents per segment while a backlog is worked off (a rebuild, a first start, a large import):
 * IndexedDB's cost is per row, and a larger segment holds the long tail of words in far fewer rows.
 * The segment is written once, when full, so no row is rewritten as it grows.
 */
export const BULK_SEG_DOCS = 65_536;
/** Queue rows read per step. */
export const BATCH = 2_000;
/** Message contents held for the indexer after a commit, so it need not read them back. */
const MAX_HINTS = 2_000;

export function flagsOf(row: MessageRow): number {
  return (row.unread ? UNREAD : 0) | (row.starred ? STARRED : 0) | (row.hasAttachments ? ATTACHED : 0) | (row.partial ? PARTIAL : 0);
}

export type ContentOf = Pick<SearchSource, 'text' | 'html' | 'attachmentNames'>;

/**
 * Rows by primary key, in the order given. Ids that are exactly a run of the table's keys (a
 * rebuild queues every message in key order) are read as one range — one request instead of one
 * per row.
 */
export async function byKeys<T>(table: Table<T, string>, ids: readonly string[]): Promise<(T | undefined)[]> {
  const sorted = ids.length > 1 && ids.every((id, i) => i === 0 || (ids[i - 1] as string) < id);
  if (sorted) {
    const rows = await table.where(':id').between(ids[0] as string, ids[ids.length - 1] as string, true, true).toArray();
    const keyPath = table.schema.primKey.keyPath as string;
    if (rows.length === ids.length && rows.every((r, i) => Dexie.getByKeyPath(r as object, keyPath) === ids[i])) return rows;
  }
  return table.bulkGet([...ids]);
}

export class SearchIndexer {
  private docs: DocTable | null = null;
  private seg = 0;
  private segDocs = 0;
  private open = new Map<string, PostingBuilder>();
  /** The open segment's terms by pack (packs.ts). */
  private openPacks = new Map<string, string[]>();
  private hints = new Map<string, ContentOf>();
  private running: Promise<void> | null = null;
  private again = false;
  /** The last queue row handled (in memory; the queue keeps it until the next write). */
  private cursor = 0;
  /** Handled, not yet written: rows of closed segments, terms of the open one, document blocks. */
  private pendingRows: SearchTermRow[] = [];
  private pendingPositions: SearchPositionsRow[] = [];
  private pendingTerms = new Set<string>();
  private pendingBlocks = new Set<number>();
  private pendingDocs = 0;

  private readonly segDocsLimit: number;
  private readonly bulkSegDocs: number;
  private readonly batch: number;
  /** Whether the last step found more queued than one batch. */
  private backlog = false;
  /** Set while a rebuild drops the index: no step runs meanwhile. */
  private dropping: Promise<void> | null = null;
  private progress: { total: number; onProgress(indexed: number, total: number): void } | null = null;

  constructor(
    private readonly db: HeronDb,
    sizes: { readonly segDocs?: number; readonly bulkSegDocs?: number; readonly batch?: number } = {},
  ) {
    this.segDocsLimit = sizes.segDocs ?? SEG_DOCS;
    this.bulkSegDocs = sizes.bulkSegDocs ?? BULK_SEG_DOCS;
    this.batch = sizes.batch ?? BATCH;
  }

  /** The open segment's size limit: larger while a backlog is worked off. */
  private limit(): number {
    return this.backlog ? this.bulkSegDocs : this.segDocsLimit;
  }

  /** Whether the indexer has room for more content in memory; beyond it, it reads what it indexes back from the store. */
  get wantsContent(): boolean {
    return this.hints.size < MAX_HINTS;
  }

  /** Content known in memory for messages just committed (the fetch's parse), used once. */
  offer(id: string, content: ContentOf): void {
    if (this.hints.size >= MAX_HINTS) this.hints.clear();
    this.hints.set(id, content);
  }

  /** The documents, caught up with every change committed before the call. */
  async current(): Promise<DocTable> {
    await this.catchUp();
    return this.docs ?? (await this.load());
  }

  /** Handles everything queued; one run at a time (a call during a run makes it go round again). */
  catchUp(): Promise<void> {
    if (this.running) {
      this.again = true;
      return this.running;
    }
    const run = async () => {
      if (this.dropping) await this.dropping;
      do {
        this.again = false;
        while (await this.step()) {
          /* until the queue is empty */
        }
      } while (this.again);
    };
    this.running = run().finally(() => {
      this.running = null;
    });
    return this.running;
  }

  /** Whether a rebuild is under way (searches are answered again when it ends). */
  get rebuilding(): boolean {
    return this.progress !== null;
  }

  /**
   * Drops the index and queues every stored message and draft again (the index is derived data);
   * `onProgress` hears how many are indexed after each batch. Mail written meanwhile is queued
   * behind, so the index it ends with is the store's.
   */
  async rebuild(onProgress: (indexed: number, total: number) => void = () => undefined): Promise<number> {
    if (this.progress) throw new Error('The search index is already being rebuilt.');
    const db = this.db;
    // Set before the first await: a search or a second rebuild arriving meanwhile sees it.
    const progress = { total: 0, onProgress };
    this.progress = progress;
    try {
      progress.total = (await db.messages.count()) + (await db.drafts.count());
      while (this.running) await this.running;
      this.dropping = db
        .transaction('rw', [db.searchTerms, db.searchPositions, db.searchDocs, db.searchMeta, db.searchChanges], async () => {
          await Promise.all([db.searchTerms.clear(), db.searchPositions.clear(), db.searchDocs.clear(), db.searchMeta.clear(), db.searchChanges.clear()]);
        })
        .then(() => this.reset());
      try {
        await this.dropping;
      } finally {
        this.dropping = null;
      }
      await this.catchUp();
      const indexed = this.docs?.latest.size ?? 0;
      onProgress(indexed, Math.max(progress.total, indexed));
      return indexed;
    } finally {
      this.progress = null;
    }
  }

  /** An index written in an older row shape is dropped: it is built again from the stored messages. */
  private async dropOtherFormat(): Promise<void> {
    const db = this.db;
    await db.transaction('rw', [db.searchTerms, db.searchPositions, db.searchDocs, db.searchMeta, db.searchChanges], async () => {
      const meta = await db.searchMeta.get('state');
      if (!meta || meta.format === INDEX_FORMAT) return;
      await Promise.all([db.searchTerms.clear(), db.searchPositions.clear(), db.searchDocs.clear(), db.searchMeta.clear(), db.searchChanges.clear()]);
    });
  }

  /** Queues every stored message: an index that was never written (or was dropped) starts from the store. */
  private async queueAll(): Promise<void> {
    const db = this.db;
    await db.transaction('rw', [db.messages, db.drafts, db.searchMeta, db.searchChanges], async () => {
      if (await db.searchMeta.get('state')) return;
      const ids = await db.messages.toCollection().primaryKeys();
      const drafts = (await db.drafts.toArray()).filter(isIndexedDraft).map((d) => draftDocId(d.id));
      await db.searchChanges.bulkAdd([...ids, ...drafts].map((id) => ({ id })));
      await db.searchMeta.put({ key: 'state', nextDoc: 0, seg: -1, format: INDEX_FORMAT });
    });
  }

  private reset(): void {
    this.docs = null;
    this.open = new Map();
    this.openPacks = new Map();
    this.cursor = 0;
    this.pendingRows = [];
    this.pendingPositions = [];
    this.pendingTerms = new Set();
    this.pendingBlocks = new Set();
    this.pendingDocs = 0;
  }

  /** Writes what was handled and removes its queue rows, in one transaction. */
  private async flush(): Promise<void> {
    const db = this.db;
    const docs = this.docs;
    if (!docs) return;
    const positions = this.pendingPositions;
    const rows = [...this.pendingRows, ...segmentRows(this.seg, this.open, this.openPacks, this.pendingTerms, positions)];
    const written = [...this.pendingTerms].map((t) => this.open.get(t) as PostingBuilder);
    const blocks = [...this.pendingBlocks].map((b) => docs.block(b));
    const meta: SearchMetaRow = { key: 'state', nextDoc: docs.size, seg: this.seg, format: INDEX_FORMAT };
    const upTo = this.cursor;
    await db.transaction('rw', [db.searchTerms, db.searchPositions, db.searchDocs, db.searchMeta, db.searchChanges], async () => {
      await Promise.all([
        rows.length > 0 ? db.searchTerms.bulkPut(rows) : undefined,
        positions.length > 0 ? db.searchPositions.bulkPut(positions) : undefined,
        blocks.length > 0 ? db.searchDocs.bulkPut(blocks) : undefined,
        db.searchMeta.put(meta),
        db.searchChanges.where(':id').belowOrEqual(upTo).delete(),
      ]);
    });
    docs.postings.clear();
    for (const b of written) b.pending = false;
    this.pendingRows = [];
    this.pendingPositions = [];
    this.pendingTerms = new Set();
    this.pendingBlocks = new Set();
    this.pendingDocs = 0;
  }

  private async load(): Promise<DocTable> {
    await this.dropOtherFormat();
    if (!(await this.db.searchMeta.get('state'))) await this.queueAll();
    const [meta, rows] = await Promise.all([this.db.searchMeta.get('state'), this.db.searchDocs.toArray()]);
    const docs = DocTable.from(rows);
    this.docs = docs;
    this.cursor = 0;
    // A new process opens a new segment: the open one's postings were only in the old one's memory.
    this.seg = (meta?.seg ?? -1) + 1;
    this.segDocs = 0;
    this.open = new Map();
    this.openPacks = new Map();
    return docs;
  }

  private async contents(rows: readonly MessageRow[]): Promise<Map<string, ContentOf>> {
    const out = new Map<string, ContentOf>();
    const missing: string[] = [];
    for (const r of rows) {
      const hint = this.hints.get(r.id);
      if (hint) {
        out.set(r.id, hint);
        this.hints.delete(r.id);
      } else missing.push(r.id);
    }
    if (missing.length === 0) return out;
    // Parts are looked up only for messages with attachments: each id costs the cursor a step.
    const attached = rows.filter((r) => r.hasAttachments && missing.includes(r.id)).map((r) => r.id);
    const [bodies, parts] = await Promise.all([byKeys(this.db.bodies, missing), attached.length > 0 ? this.db.attachments.where('messageId').anyOf(attached).toArray() : []]);
    const names = new Map<string, string[]>();
    for (const p of parts) (names.get(p.messageId) ?? names.set(p.messageId, []).get(p.messageId))?.push(p.filename);
    // Text the store keeps as a run of the message's bytes is read from those bytes.
    const spanned = missing.filter((_, i) => isRawSpan(bodies[i]?.text) || isRawSpan(bodies[i]?.html));
    const raws = spanned.length > 0 ? await getRawBytes(this.db, spanned) : new Map<string, Uint8Array>();
    missing.forEach((id, i) => {
      const b = bodies[i];
      const raw = raws.get(id);
      out.set(id, { text: readStoredText(raw, b?.text ?? null), html: readStoredText(raw, b?.html ?? null), attachmentNames: names.get(id) ?? [] });
    });
    return out;
  }

  /** The rows of `ids`, in order: messages, and drafts (draft-docs.ts) read as rows of the Drafts folder. */
  private async rowsOf(ids: readonly string[]): Promise<(MessageRow | undefined)[]> {
    const draftIds = ids.filter(isDraftDoc);
    if (draftIds.length === 0) return byKeys(this.db.messages, ids);
    const messageIds = ids.filter((id) => !isDraftDoc(id));
    const [messages, drafts] = await Promise.all([byKeys(this.db.messages, messageIds), this.db.drafts.bulkGet(draftIds.map(draftIdOf))]);
    const byId = new Map<string, MessageRow | undefined>(messageIds.map((id, i) => [id, messages[i]]));
    drafts.forEach((d: DraftRow | undefined, i) => {
      if (!isIndexedDraft(d)) return;
      const row = draftAsMessage(d);
      byId.set(draftIds[i] as string, row);
      this.offer(row.id, draftContent(d));
    });
    return ids.map((id) => byId.get(id));
  }

  /** One batch of the queue, written when due; false when the queue was empty (and all is written). */
  private async step(): Promise<boolean> {
    const db = this.db;
    try {
      const docs = this.docs ?? (await this.load());
      const changes = await db.searchChanges.where(':id').above(this.cursor).limit(this.batch).toArray();
      if (changes.length === 0) {
        if (this.cursor > 0 || this.pendingDocs > 0) await this.flush();
        this.cursor = 0;
        // Content left over is of messages gone before they were indexed.
        this.hints.clear();
        return false;
      }
      this.cursor = changes.at(-1)?.seq as number;
      this.backlog = changes.length === this.batch;
      const ids = [...new Set(changes.map((c) => c.id).filter((id) => id !== ALL_ROWS))];
      const rows = await this.rowsOf(ids);
      const touchedBlocks = this.pendingBlocks;
      const touchedTerms = this.pendingTerms;
      const fresh: MessageRow[] = [];
      ids.forEach((id, i) => {
        const row = rows[i];
        const n = docs.latest.get(id);
        if (!row) {
          if (n !== undefined) {
            docs.gone(n);
            touchedBlocks.add(Math.floor(n / BLOCK));
          }
          return;
        }
        const flags = flagsOf(row);
        // A headers-only copy completed (or anything it was indexed without), or a draft edited, is indexed again.
        if (n === undefined || isDraftDoc(id) || ((docs.flags[n] as number) & (PARTIAL | ATTACHED)) !== (flags & (PARTIAL | ATTACHED))) {
          fresh.push(row);
          return;
        }
        docs.flags[n] = flags;
        docs.folders[n] = row.folder;
        touchedBlocks.add(Math.floor(n / BLOCK));
      });
      if (changes.some((c) => c.id === ALL_ROWS)) {
        const stored = new Set(await db.messages.toCollection().primaryKeys());
        const drafts = new Set((await db.drafts.toArray()).filter(isIndexedDraft).map((d) => draftDocId(d.id)));
        for (const [id, n] of [...docs.latest]) {
          if (stored.has(id) || drafts.has(id)) continue;
          docs.gone(n);
          touchedBlocks.add(Math.floor(n / BLOCK));
        }
      }
      const content = await this.contents(fresh);
      for (const row of fresh) {
        if (this.segDocs >= this.limit()) {
          // The full segment's rows go out with the next write; the next segment starts empty.
          for (const r of segmentRows(this.seg, this.open, this.openPacks, touchedTerms, this.pendingPositions)) this.pendingRows.push(r);
          touchedTerms.clear();
          this.open = new Map();
          this.openPacks = new Map();
          this.seg += 1;
          this.segDocs = 0;
        }
        const old = docs.latest.get(row.id);
        if (old !== undefined) touchedBlocks.add(Math.floor(old / BLOCK));
        const n = docs.add(row.id, row.date, row.accountId, row.folder, flagsOf(row));
        this.segDocs += 1;
        this.pendingDocs += 1;
        touchedBlocks.add(Math.floor(n / BLOCK));
        const c = content.get(row.id);
        const terms = docTerms({ ...row, text: c?.text ?? null, html: c?.html ?? null, attachmentNames: c?.attachmentNames ?? [] });
        for (const [t, at] of terms) {
          let b = this.open.get(t);
          if (!b) {
            this.open.set(t, (b = new PostingBuilder()));
            const key = packKey(t);
            const pack = this.openPacks.get(key);
            if (pack) pack.push(t);
            else this.openPacks.set(key, [t]);
          }
          b.add(n, at);
          // A flag on the list instead of a set lookup per word: this loop runs for every word of every message.
          if (!b.pending) {
            b.pending = true;
            touchedTerms.add(t);
          }
        }
      }
      if (this.pendingDocs >= this.limit()) await this.flush();
      this.progress?.onProgress(docs.latest.size, Math.max(this.progress.total, docs.latest.size));
      return true;
    } catch (error) {
      // What is in memory may be ahead of what was stored: read it all again next time.
      this.reset();
      throw error;
    }
  }
}
