/// <reference lib="webworker" />
/**
 * bench:search's worker (bundled by search.ts and started by the bench page): it fills a store
 * the way fetches leave it (commitFetched, the app's own code), then times Heron's index where
 * the app runs it — a worker — and, on the same stored text, a linear scan.
 */
import { Dexie } from 'dexie';
import type { FetchedMessage } from '../../shared/model/fetched-message';
import { isRawSpan, type StoredText } from '../../shared/model/stored-text';
import { getRawBytes } from '../../renderer/src/data/raw-store';
import { HeronDb } from '../../renderer/src/data/db';
import { commitFetched } from '../../renderer/src/data/fetch-store';
import { DEFAULT_SORT, folderCollection } from '../../renderer/src/data/message-list-repo';
import { bodyText, storedBodyText } from '../../shared/model/body-text';
import { MAX_INDEXED_TEXT } from '../../renderer/src/data/search/doc-terms';
import { SearchIndexer } from '../../renderer/src/data/search/indexer';
import { runSearch, type QueryStages, type SearchOrder } from '../../renderer/src/data/search/run-search';
import { fold } from '../../renderer/src/data/search/tokenize';
import { benchMail } from './search-corpus';

const NAME = 'heron-bench-search';
const ACCOUNT = 'bench';
const enc = new TextEncoder();
let db: HeronDb | null = null;
let indexer: SearchIndexer | null = null;

function fetchedOf(i: number, total: number): FetchedMessage {
  const m = benchMail(i, total);
  const raw = enc.encode(
    `From: ${m.from.name} <${m.from.address}>\r\nTo: ${m.to.map((t) => `${t.name} <${t.address}>`).join(', ')}\r\nSubject: ${m.subject}\r\nDate: ${new Date(m.date).toUTCString()}\r\nMessage-ID: <${m.id}@bench>\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n${m.text.replace(/\n/g, '\r\n')}\r\n`,
  );
  return {
    id: m.id,
    uidl: m.id,
    size: raw.byteLength,
    raw,
    partial: false,
    receivedAt: m.date,
    headers: { messageId: `${m.id}@bench`, inReplyTo: null, references: [], from: m.from, to: m.to, cc: [], replyTo: [], subject: m.subject, date: m.date, size: raw.byteLength, hasAttachments: m.attachments.length > 0 },
    content: {
      body: { text: m.text, html: null, warnings: [] },
      attachments: m.attachments.map((filename) => ({ meta: { filename, contentType: 'application/octet-stream', size: 4, contentId: null, inline: false, omitted: false }, content: new Uint8Array(4) })),
      hasAttachments: m.attachments.length > 0,
      snippet: m.text.slice(0, 120),
    },
  };
}

async function usage(): Promise<number> {
  return (await navigator.storage.estimate()).usage ?? 0;
}

async function seed(total: number): Promise<{ ms: number; rawBytes: number }> {
  await Dexie.delete(NAME);
  db = new HeronDb(NAME);
  await db.open();
  await db.accounts.put({ id: ACCOUNT, label: 'Bench', identity: { name: 'Bench', address: 'bench@example.org' } } as never);
  const t = performance.now();
  let rawBytes = 0;
  for (let i = 0; i < total; i += 500) {
    const batch = Array.from({ length: Math.min(500, total - i) }, (_, k) => fetchedOf(i + k, total));
    rawBytes += batch.reduce((n, m) => n + m.raw.byteLength, 0);
    await commitFetched(db, ACCOUNT, batch);
  }
  // The queue the commits filled is the index's to build, timed apart.
  await db.searchChanges.clear();
  return { ms: performance.now() - t, rawBytes };
}

async function build(): Promise<{ ms: number; termRows: number; termBytes: number; docBytes: number; usageDelta: number }> {
  const d = db as HeronDb;
  const before = await usage();
  indexer = new SearchIndexer(d);
  const t = performance.now();
  // A store without an index is indexed from its stored text at the first start (rebuild() would
  // do that, then drop it and build it a second time).
  await indexer.current();
  const ms = performance.now() - t;
  let termRows = 0;
  let termBytes = 0;
  await d.searchTerms.each((r) => {
    termRows += 1;
    termBytes += r.term.length + 4 + r.docs.byteLength + (r.pos?.byteLength ?? 0) + (r.terms ?? []).reduce((n, t) => n + t.length, 0) + ((r.ends?.length ?? 0) + (r.posEnds?.length ?? 0)) * 4;
  });
  // A term's own positions are in rows apart; they count in the index's size (not in its row count).
  await d.searchPositions.each((r) => {
    termBytes += r.term.length + 4 + r.pos.byteLength;
  });
  let docBytes = 0;
  await d.searchDocs.each((r) => {
    docBytes += r.ids.reduce((n, id) => n + id.length, 0) + r.dates.length * 8 + r.accounts.reduce((n, a) => n + a.length, 0) + r.folders.reduce((n, f) => n + f.length, 0) + r.flags.length;
  });
  return { ms, termRows, termBytes, docBytes, usageDelta: (await usage()) - before };
}

async function queries(list: readonly string[], order: SearchOrder): Promise<{ timed: Array<{ ms: number; hits: number }>; stages: QueryStages & { catchUp: number } }> {
  const d = db as HeronDb;
  const out: Array<{ ms: number; hits: number }> = [];
  const stages = { catchUp: 0, postings: 0, filter: 0, order: 0, ids: 0 };
  for (const query of list) {
    const t = performance.now();
    const docs = await (indexer as SearchIndexer).current();
    stages.catchUp += performance.now() - t;
    const answer = await runSearch(d, docs, { query, scope: { accountId: null, folder: null }, order }, stages);
    const top = answer.ok ? answer.ids.slice(0, 50) : [];
    out.push({ ms: performance.now() - t, hits: answer.ok ? answer.ids.length : -1 });
    void top;
  }
  return { timed: out, stages };
}

/** A client without an index: every stored text read and searched (newest first needs them all). */
async function linear(words: readonly string[]): Promise<Array<{ ms: number; hits: number }>> {
  const d = db as HeronDb;
  const out: Array<{ ms: number; hits: number }> = [];
  for (const w of words) {
    const needle = fold(w);
    const t = performance.now();
    let hits = 0;
    // Text kept as a run of the message's bytes is read from those bytes, as the reader does.
    const spanned: Array<{ id: string; text: StoredText; html: StoredText }> = [];
    await d.bodies.each((b) => {
      if (isRawSpan(b.text) || isRawSpan(b.html)) spanned.push({ id: b.messageId, text: b.text, html: b.html });
      else if (fold(bodyText({ text: b.text as string | null, html: b.html as string | null }, MAX_INDEXED_TEXT)).includes(needle)) hits += 1;
    });
    const raws = await getRawBytes(d, spanned.map((b) => b.id));
    for (const b of spanned) {
      const raw = raws.get(b.id);
      if (fold(storedBodyText(raw, b, MAX_INDEXED_TEXT)).includes(needle)) hits += 1;
    }
    out.push({ ms: performance.now() - t, hits });
  }
  return out;
}

/** The first sort of the folder by subject and by sender, on a connection of its own (nothing cached). */
async function firstSorts(): Promise<Record<string, number>> {
  const fresh = new HeronDb(NAME);
  await fresh.open();
  const out: Record<string, number> = {};
  for (const key of ['subject', 'from'] as const) {
    const t = performance.now();
    await folderCollection(fresh, { accountId: null, folder: 'inbox' }, { key, dir: 'asc' }).limit(50).toArray();
    out[key] = performance.now() - t;
  }
  const t = performance.now();
  await folderCollection(fresh, { accountId: null, folder: 'inbox' }, DEFAULT_SORT).limit(50).toArray();
  out.date = performance.now() - t;
  fresh.close();
  return out;
}

self.addEventListener('message', (event: MessageEvent<{ id: number; cmd: string; args: unknown[] }>) => {
  const { id, cmd, args } = event.data;
  const run = async (): Promise<unknown> => {
    switch (cmd) {
      case 'seed':
        return seed(args[0] as number);
      case 'build':
        return build();
      case 'queries':
        return queries(args[0] as string[], args[1] as SearchOrder);
      case 'linear':
        return linear(args[0] as string[]);
      case 'sorts':
        return firstSorts();
      default:
        throw new Error(`unknown ${cmd}`);
    }
  };
  run().then(
    (value) => self.postMessage({ id, ok: true, value }),
    (error: unknown) => self.postMessage({ id, ok: false, error: String(error instanceof Error ? error.stack : error) }),
  );
});
