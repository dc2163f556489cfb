/**
 * The search index's documents, held in memory by the one process that writes the index (the
 * store worker): a message's id, date, account, folder and flags by document number, so a query
 * filters and orders thousands of candidates without reading a row. Stored in blocks of BLOCK.
 */
import { GONE, type SearchDocsRow } from './index-rows';
import { PostingCache } from './posting-cache';

export const BLOCK = 1024;

export class DocTable {
  readonly ids: string[] = [];
  readonly dates: number[] = [];
  readonly accounts: string[] = [];
  readonly folders: string[] = [];
  readonly flags: number[] = [];
  /** The live document of each message id (a message indexed again gets a new number). */
  readonly latest = new Map<string, number>();
  /** Postings read for queries; emptied whenever the index's rows are written (indexer.ts). */
  readonly postings = new PostingCache();

  get size(): number {
    return this.ids.length;
  }

  static from(rows: readonly SearchDocsRow[]): DocTable {
    const t = new DocTable();
    for (const r of [...rows].sort((a, b) => a.block - b.block)) {
      r.ids.forEach((id, i) => {
        const n = t.ids.length;
        t.ids.push(id);
        t.dates.push(r.dates[i] ?? 0);
        t.accounts.push(r.accounts[i] ?? '');
        t.folders.push(r.folders[i] ?? '');
        const flags = r.flags[i] ?? GONE;
        t.flags.push(flags);
        if (!(flags & GONE)) t.latest.set(id, n);
      });
    }
    return t;
  }

  /** Adds a document; the message's older document, if any, is marked gone. Returns its number. */
  add(id: string, date: number, account: string, folder: string, flags: number): number {
    const n = this.ids.length;
    const before = this.latest.get(id);
    if (before !== undefined) this.flags[before] = (this.flags[before] as number) | GONE;
    this.ids.push(id);
    this.dates.push(date);
    this.accounts.push(account);
    this.folders.push(folder);
    this.flags.push(flags);
    this.latest.set(id, n);
    return n;
  }

  gone(n: number): void {
    this.flags[n] = (this.flags[n] as number) | GONE;
    const id = this.ids[n] as string;
    if (this.latest.get(id) === n) this.latest.delete(id);
  }

  block(block: number): SearchDocsRow {
    const start = block * BLOCK;
    const end = Math.min(this.size, start + BLOCK);
    return {
      block,
      ids: this.ids.slice(start, end),
      dates: this.dates.slice(start, end),
      accounts: this.accounts.slice(start, end),
      folders: this.folders.slice(start, end),
      flags: this.flags.slice(start, end),
    };
  }
}
