import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import type { FetchedMessage } from '../../../../shared/model/fetched-message';
import type { Address } from '../../../../shared/model/message';
import { deleteForever, emptyTrash } from '../delete-forever';
import { ensureFolder } from '../folders-repo';
import type { HeronDb } from '../db';
import { commitFetched } from '../fetch-store';
import { messageListRepo } from '../message-list-repo';
import { moveMessages, restoreFromTrash } from '../move-messages';
import { makeAccount, testStores } from '../test-fixtures';
import { SearchIndexer } from './indexer';
import { INDEX_FORMAT } from './index-rows';
import { packKey, PACK_MAX, unpack } from './packs';
import { decodePostings } from './postings';
import { draftsRepo } from '../drafts-repo';
import type { DraftRow } from '../rows';
import type { DocTable } from './doc-table';
import { unpack as unpackRow } from './packs';
import { runSearch, type SearchOrder, type SearchScope } from './run-search';

const stores = testStores('heron-search');
afterEach(() => stores.closeAll());

const ALL: SearchScope = { accountId: null, folder: null };
const DAY = 86_400_000;
const T0 = Date.UTC(2024, 0, 10);

interface Mail {
  readonly id: string;
  readonly subject?: string;
  readonly text?: string;
  readonly html?: string;
  readonly from?: Address;
  readonly to?: Address[];
  readonly day?: number;
  readonly attachment?: string;
  readonly partial?: boolean;
}

function fetched(m: Mail): FetchedMessage {
  const raw = new TextEncoder().encode(`Subject: ${m.subject ?? ''}\r\n\r\n${m.text ?? ''}\r\n`);
  const date = T0 + (m.day ?? 0) * DAY;
  return {
    id: m.id,
    uidl: `U-${m.id}`,
    size: raw.byteLength,
    raw,
    partial: m.partial ?? false,
    receivedAt: date,
    headers: {
      messageId: `<${m.id}@x>`,
      inReplyTo: null,
      references: [],
      from: m.from ?? { name: 'Bob Builder', address: 'bob@example.com' },
      to: m.to ?? [{ name: 'Alice', address: 'alice@example.org' }],
      cc: [],
      replyTo: [],
      subject: m.subject ?? '',
      date,
      size: raw.byteLength,
      hasAttachments: m.attachment !== undefined,
    },
    ...(m.partial
      ? {}
      : {
          content: {
            body: { text: m.text ?? null, html: m.html ?? null, warnings: [] },
            attachments: m.attachment
              ? [{ meta: { filename: m.attachment, contentType: 'application/pdf', size: 3, contentId: null, inline: false, omitted: false }, content: new Uint8Array([1, 2, 3]) }]
              : [],
            hasAttachments: m.attachment !== undefined,
            snippet: '',
          },
        }),
  };
}

async function setup(mail: Mail[], accountId = 'a1'): Promise<{ db: HeronDb; indexer: SearchIndexer }> {
  const db = stores.open();
  await db.accounts.put(makeAccount(accountId));
  if (mail.length > 0) await commitFetched(db, accountId, mail.map(fetched));
  return { db, indexer: new SearchIndexer(db) };
}

async function find(db: HeronDb, indexer: SearchIndexer, query: string, scope: SearchScope = ALL, order: SearchOrder = 'newest'): Promise<readonly string[] | string> {
  const answer = await runSearch(db, await indexer.current(), { query, scope, order });
  return answer.ok ? answer.ids : answer.message;
}

const MAIL: Mail[] = [
  { id: 'm1', subject: 'Your Résumé', text: 'Please find my CV attached.', day: 1, attachment: 'CV-2024.pdf' },
  { id: 'm2', subject: 'Lunch', text: 'Shall we meet at the café on Thursday?', day: 2, from: { name: 'Zoë Quinn', address: 'zoe@quinn.dev' } },
  { id: 'm3', subject: '会议纪要', text: '明天下午三点开会。\n> resume the quarterly report please', day: 3 },
  { id: 'm4', subject: 'Quarterly report', text: 'The quarterly numbers are in. Report attached.', day: 4, to: [{ name: 'Team', address: 'team@example.com' }] },
  { id: 'm5', subject: 'Re: report', text: 'This report is not quarterly, it is monthly.', day: 5 },
];

function draft(id: string, subject: string, text: string): DraftRow {
  return {
    id,
    accountId: 'a1',
    from: { name: 'Alice', address: 'alice@example.org' },
    to: [{ name: 'Carol', address: 'carol@example.net' }],
    cc: [],
    bcc: [],
    subject,
    text,
    html: null,
    plainTextMode: true,
    attachments: [],
    inReplyTo: null,
    references: [],
    updatedAt: T0 + 8 * DAY,
    outboxId: null,
    sourceMessageId: null,
  };
}

/** Every term's live documents, as message ids in ascending order: what the index answers, whatever its segments and packs. */
async function postingsByTerm(db: HeronDb, docs: DocTable): Promise<Record<string, string[]>> {
  const out: Record<string, string[]> = {};
  const add = (term: string, bytes: Uint8Array) => {
    for (const n of decodePostings(bytes)) {
      if (!docs.latest.has(docs.ids[n] as string) || docs.latest.get(docs.ids[n] as string) !== n) continue;
      (out[term] ??= []).push(docs.ids[n] as string);
    }
  };
  for (const row of await db.searchTerms.toArray()) {
    if (row.terms) for (const [t, d] of unpackRow(row, () => true)) add(t, d);
    else add(row.term, row.docs);
  }
  for (const t of Object.keys(out)) out[t] = (out[t] as string[]).sort();
  return Object.fromEntries(Object.entries(out).sort(([a], [b]) => (a < b ? -1 : 1)));
}

describe('search over the real commit path', () => {
  it('finds words in subject, body, people and attachment names, folded, newest first', async () => {
    const { db, indexer } = await setup(MAIL);
    expect(await find(db, indexer, 'resume')).toEqual(['m3', 'm1']);
    expect(await find(db, indexer, 'RÉSUMÉ')).toEqual(['m3', 'm1']);
    expect(await find(db, indexer, 'cafe')).toEqual(['m2']);
    expect(await find(db, indexer, 'cv-2024')).toEqual(['m1']);
    expect(await find(db, indexer, '会议')).toEqual(['m3']);
    expect(await find(db, indexer, '开会')).toEqual(['m3']);
    expect(await find(db, indexer, 'quinn.dev')).toEqual(['m2']);
  });

  it('reads the operators', async () => {
    const { db, indexer } = await setup(MAIL);
    expect(await find(db, indexer, 'from:zoe')).toEqual(['m2']);
    expect(await find(db, indexer, 'from:zoe@quinn.dev')).toEqual(['m2']);
    expect(await find(db, indexer, 'from:quinn.dev')).toEqual(['m2']);
    expect(await find(db, indexer, 'from:bob quarterly')).toEqual(['m5', 'm4', 'm3']);
    expect(await find(db, indexer, 'to:team@example.com')).toEqual(['m4']);
    expect(await find(db, indexer, 'subject:report')).toEqual(['m5', 'm4']);
    expect(await find(db, indexer, '"quarterly report"')).toEqual(['m4', 'm3']);
    expect(await find(db, indexer, '"report quarterly"')).toEqual([]);
    expect(await find(db, indexer, 'quart*')).toEqual(['m5', 'm4', 'm3']);
    expect(await find(db, indexer, 'has:attachment')).toEqual(['m1']);
    expect(await find(db, indexer, `after:2024-01-13 before:2024-01-15`)).toEqual(['m4', 'm3']);
    expect(await find(db, indexer, 'is:unread report')).toEqual(['m5', 'm4', 'm3']);
    expect(await find(db, indexer, 'account:nobody')).toBe('No account’s name or address contains “nobody”.');
    expect(await find(db, indexer, 'account:a1@example.com lunch')).toEqual(['m2']);
    expect(await find(db, indexer, 'label:x')).toContain('does not know the operator');
  });

  it('in: finds mail in the person’s own folders by name or path, case aside, and names an unknown one', async () => {
    const { db, indexer } = await setup(MAIL);
    const heron = await ensureFolder(db, 'a1', 'Projects/Heron');
    await moveMessages(db, ['m4'], heron);
    await moveMessages(db, ['m5'], await ensureFolder(db, 'a1', 'Receipts'));
    expect(await find(db, indexer, 'report in:"projects/heron"')).toEqual(['m4']);
    expect(await find(db, indexer, 'in:HERON')).toEqual(['m4']);
    expect(await find(db, indexer, 'report in:receipts')).toEqual(['m5']);
    expect(await find(db, indexer, 'report in:inbox')).toEqual(['m3']);
    expect(await find(db, indexer, 'in:bills')).toBe('No folder is named “bills”. in: takes Inbox, Sent, Drafts, Outbox, Junk, Trash or one of your folders: Projects, Projects/Heron, Receipts.');
  });

  it('ranks by relevance: the word in the subject first', async () => {
    const { db, indexer } = await setup(MAIL);
    expect(await find(db, indexer, 'report', ALL, 'newest')).toEqual(['m5', 'm4', 'm3']);
    expect((await find(db, indexer, 'quarterly report', ALL, 'relevance')).slice(0, 1)).toEqual(['m4']);
  });

  it('follows a message that arrives, is moved, flagged, deleted for good and expunged', async () => {
    const { db, indexer } = await setup(MAIL);
    expect(await find(db, indexer, 'zebra')).toEqual([]);
    await commitFetched(db, 'a1', [fetched({ id: 'm6', subject: 'A zebra', day: 6 })]);
    expect(await find(db, indexer, 'zebra')).toEqual(['m6']);

    const list = messageListRepo(db);
    await moveMessages(db, ['m6'], 'trash');
    expect(await find(db, indexer, 'zebra', { accountId: null, folder: 'inbox' })).toEqual([]);
    expect(await find(db, indexer, 'zebra in:trash')).toEqual(['m6']);
    await restoreFromTrash(db, ['m6']);
    expect(await find(db, indexer, 'zebra', { accountId: 'a1', folder: 'inbox' })).toEqual(['m6']);

    await list.setUnread(['m4'], false);
    await list.setStarred(['m5'], true);
    expect(await find(db, indexer, 'report is:unread')).toEqual(['m5', 'm3']);
    expect(await find(db, indexer, 'is:read')).toEqual(['m4']);
    expect(await find(db, indexer, 'is:starred')).toEqual(['m5']);

    await deleteForever(db, ['m2']);
    expect(await find(db, indexer, 'cafe')).toEqual([]);
    await moveMessages(db, ['m1', 'm3'], 'trash');
    await emptyTrash(db, null);
    expect(await find(db, indexer, 'resume')).toEqual([]);
    expect(await find(db, indexer, '')).toEqual(['m6', 'm5', 'm4']);
  });

  it('a headers-only copy, once completed, is found by its body', async () => {
    const { db, indexer } = await setup([{ id: 'big', subject: 'Scans', partial: true }]);
    expect(await find(db, indexer, 'scans')).toEqual(['big']);
    expect(await find(db, indexer, 'blueprint')).toEqual([]);
    await commitFetched(db, 'a1', [{ ...fetched({ id: 'big', subject: 'Scans', text: 'the blueprint', attachment: 'plan.pdf' }), replaces: true }]);
    expect(await find(db, indexer, 'blueprint')).toEqual(['big']);
    expect(await find(db, indexer, 'scans')).toEqual(['big']);
  });

  it('rebuilds from the stored messages to the same answers', async () => {
    const { db, indexer } = await setup(MAIL);
    const before = await Promise.all(['resume', 'from:zoe', '"quarterly report"', 'has:attachment', '会议'].map((q) => find(db, indexer, q)));
    await indexer.rebuild();
    expect(await db.searchChanges.count()).toBe(0);
    const after = await Promise.all(['resume', 'from:zoe', '"quarterly report"', 'has:attachment', '会议'].map((q) => find(db, indexer, q)));
    expect(after).toEqual(before);
    // A fresh process (new indexer) reads the rebuilt index back.
    expect(await find(db, new SearchIndexer(db), 'cv')).toEqual(['m1']);
  });

  it('rebuild gives the same postings as incremental indexing, term by term, drafts included', async () => {
    const { db } = await setup([]);
    const indexer = new SearchIndexer(db, { segDocs: 4, bulkSegDocs: 8, batch: 3 });
    // Incremental: mail in small commits (each indexed as it lands), moved, flagged and deleted between them.
    for (let i = 0; i < MAIL.length; i += 2) {
      await commitFetched(db, 'a1', MAIL.slice(i, i + 2).map(fetched));
      await indexer.catchUp();
    }
    await commitFetched(db, 'a1', [fetched({ id: 'm6', subject: 'Budget plan', text: 'the plan is the plan', day: 6, attachment: 'plan.xlsx' })]);
    await draftsRepo(db).save(draft('d1', 'Offsite agenda', 'bring the kayak'));
    await indexer.catchUp();
    await moveMessages(db, ['m2'], 'trash');
    await messageListRepo(db).setStarred(['m4'], true);
    await deleteForever(db, ['m5']);
    await indexer.catchUp();
    const incremental = await postingsByTerm(db, await indexer.current());
    const progress: Array<[number, number]> = [];
    expect(await indexer.rebuild((done, total) => progress.push([done, total]))).toBe(6);
    expect(progress.at(-1)).toEqual([6, 6]);
    expect(await postingsByTerm(db, await indexer.current())).toEqual(incremental);
    expect(Object.keys(incremental)).toContain('kayak');
    expect(await find(db, indexer, 'is:starred')).toEqual(['m4']);
    expect(await find(db, indexer, 'in:trash')).toEqual(['m2']);
    expect(await find(db, indexer, 'monthly')).toEqual([]);
  });

  it('a saved draft is found by its words and in:drafts, follows its edits, and leaves when sent or discarded', async () => {
    const { db, indexer } = await setup(MAIL);
    const drafts = draftsRepo(db);
    await drafts.save(draft('d1', 'Offsite agenda', 'Bring the kayak and the quarterly report.'));
    expect(await find(db, indexer, 'kayak')).toEqual(['draft:d1']);
    expect(await find(db, indexer, 'in:drafts')).toEqual(['draft:d1']);
    expect(await find(db, indexer, 'offsite in:drafts')).toEqual(['draft:d1']);
    expect(await find(db, indexer, 'to:carol')).toEqual(['draft:d1']);
    expect(await find(db, indexer, 'quarterly report', { accountId: 'a1', folder: 'inbox' })).toEqual(['m5', 'm4', 'm3']);
    // Edited: the new words are found, the old ones no longer.
    await drafts.save({ ...draft('d1', 'Offsite agenda', 'Bring the canoe.'), updatedAt: T0 + 9 * DAY });
    expect(await find(db, indexer, 'canoe')).toEqual(['draft:d1']);
    expect(await find(db, indexer, 'kayak')).toEqual([]);
    // Sent: queued in the Outbox it is no draft; once in Sent the draft row goes.
    const row = (await drafts.get('d1')) as DraftRow;
    await db.drafts.put({ ...row, outboxId: 'o1' });
    expect(await find(db, indexer, 'canoe')).toEqual([]);
    await db.drafts.delete('d1');
    expect(await find(db, indexer, 'in:drafts')).toEqual([]);
    // Discarded.
    await drafts.save(draft('d2', 'Second thoughts', 'a zeppelin'));
    expect(await find(db, indexer, 'zeppelin')).toEqual(['draft:d2']);
    expect(await drafts.discard('d2')).toBe(true);
    expect(await find(db, indexer, 'zeppelin')).toEqual([]);
    // A fresh start reads the drafts back from the index.
    await drafts.save(draft('d3', 'Later', 'the walrus'));
    await indexer.catchUp();
    expect(await find(db, new SearchIndexer(db), 'walrus in:drafts')).toEqual(['draft:d3']);
  });

  it('a store whose messages were written before any index existed is indexed from the stored text at the first start', async () => {
    const { db } = await setup(MAIL);
    await db.searchChanges.clear();
    expect(await db.searchMeta.count()).toBe(0);
    const first = new SearchIndexer(db);
    expect(await find(db, first, 'resume')).toEqual(['m3', 'm1']);
    expect(await find(db, first, 'from:zoe')).toEqual(['m2']);
    // Once written, a later start does not queue them again.
    expect(await db.searchChanges.count()).toBe(0);
    expect((await new SearchIndexer(db).current()).size).toBe(5);
    expect(await db.searchChanges.count()).toBe(0);
  });

  it('resumes after a crash: a batch whose index write failed is indexed by the next start, once', async () => {
    const { db, indexer } = await setup(MAIL);
    await indexer.catchUp();
    await commitFetched(db, 'a1', [fetched({ id: 'm7', subject: 'Walrus', day: 7 }), fetched({ id: 'm8', subject: 'Walrus again', day: 8 })]);
    // The crash: the index write aborts after the messages were committed.
    const original = db.searchTerms.bulkPut.bind(db.searchTerms);
    db.searchTerms.bulkPut = (() => Promise.reject(new Error('power cut'))) as unknown as typeof db.searchTerms.bulkPut;
    await expect(indexer.catchUp()).rejects.toThrow('power cut');
    db.searchTerms.bulkPut = original;
    expect(await db.searchChanges.count()).toBe(2);
    const restarted = new SearchIndexer(db);
    expect(await find(db, restarted, 'walrus')).toEqual(['m8', 'm7']);
    expect(await db.searchChanges.count()).toBe(0);
    expect((await restarted.current()).size).toBe(7);
    // The old segment's rows stay valid beside the new process's segment.
    expect(await find(db, restarted, 'resume')).toEqual(['m3', 'm1']);
  });

  it('spans segments: a backlog fills larger segments, mail after it closes them at the usual size, postings come back in order', async () => {
    const { db } = await setup([]);
    const indexer = new SearchIndexer(db, { segDocs: 30, bulkSegDocs: 100, batch: 20 });
    const id = (i: number) => `s${String(i).padStart(5, '0')}`;
    const mail = (from: number, n: number) => Array.from({ length: n }, (_, k) => fetched({ id: id(from + k), subject: (from + k) % 2 === 0 ? 'even kiwi' : 'odd', text: `number n${from + k}`, day: (from + k) / 100 }));
    await commitFetched(db, 'a1', mail(0, 250));
    // Where the word is in each segment: its own row, or its pack (packs.ts) while it has few documents there.
    const segsOf = async (term: string) => {
      const own = (await db.searchTerms.where('[term+seg]').between([term, 0], [term, 999]).toArray()).map((r) => [r.seg, decodePostings(r.docs).length]);
      const packs = await db.searchTerms.where('[term+seg]').between([packKey(term), 0], [packKey(term), 999]).toArray();
      const packed = packs.flatMap((p) => unpack(p, (t) => t === term).map(([, d]) => [p.seg, decodePostings(d).length]));
      return [...own, ...packed].sort((x, y) => (x[0] as number) - (y[0] as number));
    };
    // A backlog fills segments of 100 documents (50 of them with kiwi), not of 30.
    expect(await find(db, indexer, 'kiwi')).toHaveLength(125);
    expect(await segsOf('kiwi')).toEqual([[0, 50], [1, 50], [2, 25]]);
    await commitFetched(db, 'a1', mail(250, 5));
    // Outside a backlog the open segment (50 documents) is past 30: it closes and a new one starts.
    expect(await find(db, indexer, 'kiwi')).toHaveLength(128);
    expect(await segsOf('kiwi')).toEqual([[0, 50], [1, 50], [2, 25], [3, 3]]);
    await commitFetched(db, 'a1', mail(255, 30));
    const hits = await find(db, indexer, 'kiwi');
    expect(hits).toHaveLength(143);
    expect(hits[0]).toBe(id(284));
    expect(hits.at(-1)).toBe(id(0));
    expect(await find(db, indexer, 'n284')).toEqual([id(284)]);
    expect(await find(db, indexer, 'n0')).toEqual([id(0)]);
    // The 30 that follow fill it to 30 and start the next.
    expect(await segsOf('kiwi')).toEqual([[0, 50], [1, 50], [2, 25], [3, 15], [4, 3]]);
    // A phrase of words in their own rows reads their positions from the rows apart, in every segment.
    expect(await db.searchPositions.where('[term+seg]').between(['kiwi', 0], ['kiwi', 999]).count()).toBe(3);
    const phrase = await find(db, indexer, '"even kiwi"');
    expect(phrase).toHaveLength(143);
    expect(phrase[0]).toBe(id(284));
    expect(await find(db, indexer, '"kiwi even"')).toEqual([]);
  });

  it("matches a phrase by its words' positions in the index, never across fields, without reading the stored text", async () => {
    const { db, indexer } = await setup([...MAIL, { id: 'm6', subject: 'Budget', text: 'review the plan. the plan is the plan', day: 6 }]);
    await indexer.catchUp();
    const reading = () => Promise.reject(new Error('the phrase read the stored text'));
    db.bodies.bulkGet = reading as unknown as typeof db.bodies.bulkGet;
    db.bodies.get = reading as unknown as typeof db.bodies.get;
    expect(await find(db, indexer, '"quarterly report"')).toEqual(['m4', 'm3']);
    // The last word of one field and the first of the next are not a run (the recipient's address ends in org).
    expect(await find(db, indexer, '"budget review"')).toEqual([]);
    expect(await find(db, indexer, '"org review"')).toEqual([]);
    expect(await find(db, indexer, '"example org"')).toEqual(['m6', 'm5', 'm3', 'm2', 'm1']);
    expect(await find(db, indexer, '"the plan is the plan"')).toEqual(['m6']);
    expect(await find(db, indexer, '"plan review"')).toEqual([]);
    expect(await find(db, indexer, '"it is monthly"')).toEqual(['m5']);
    expect(await find(db, indexer, '"下午三点"')).toEqual(['m3']);
    expect(await find(db, indexer, 'subject:"quarterly report"')).toEqual(['m4']);
    expect(await find(db, indexer, '"quarterly report" numbers')).toEqual(['m4']);
  });

  it('keeps rare words in packs: a word outgrowing its pack moves to a row of its own once, prefixes read both', async () => {
    const { db, indexer } = await setup([]);
    const id = (i: number) => `p${String(i).padStart(3, '0')}`;
    // One message at a time, so the open segment's rows are written again after each.
    for (let i = 0; i < PACK_MAX + 4; i++) {
      await commitFetched(db, 'a1', [fetched({ id: id(i), subject: `note ${i}`, text: i === 0 ? 'zebrafish once' : 'zebra again', day: i })]);
      expect(await find(db, indexer, 'zebra')).toHaveLength(i);
    }
    const own = await db.searchTerms.where('[term+seg]').between(['zebra', 0], ['zebra', 999]).toArray();
    expect(own.map((r) => decodePostings(r.docs).length)).toEqual([PACK_MAX + 3]);
    const pack = await db.searchTerms.get([packKey('zebra'), own[0]?.seg as number]);
    expect(pack?.terms).toEqual(['zebrafish']);
    expect((await find(db, indexer, 'zebra*')).length).toBe(PACK_MAX + 4);
    expect(await find(db, indexer, 'zebrafish')).toEqual([id(0)]);
    expect(await find(db, indexer, 'zeb*')).toHaveLength(PACK_MAX + 4);
    expect(await find(db, indexer, 'ze*')).toHaveLength(PACK_MAX + 4);
  });

  it('an index written in an older row shape is dropped and built again from the stored messages at start', async () => {
    const { db } = await setup(MAIL);
    // The old shape: no format in its state, and a row the new shape would never write.
    await db.searchMeta.put({ key: 'state', nextDoc: 5, seg: 0 });
    await db.searchTerms.put({ term: 'resume', seg: 0, docs: new Uint8Array([0]) } as never);
    const indexer = new SearchIndexer(db);
    expect(await find(db, indexer, 'resume')).toEqual(['m3', 'm1']);
    expect((await db.searchMeta.get('state'))?.format).toBe(INDEX_FORMAT);
    expect((await indexer.current()).size).toBe(5);
  });
});

describe('byKeys', () => {
  it('reads a run of keys as one range, and falls back to keys one by one when the run has gaps or strangers', async () => {
    const { db } = await setup(MAIL);
    const { byKeys } = await import('./indexer');
    expect((await byKeys(db.messages, ['m1', 'm2', 'm3'])).map((r) => r?.id)).toEqual(['m1', 'm2', 'm3']);
    // m2 sits between m1 and m3: the range would bring it, so the rows are read by key.
    expect((await byKeys(db.messages, ['m1', 'm3'])).map((r) => r?.id)).toEqual(['m1', 'm3']);
    expect((await byKeys(db.messages, ['m1', 'gone', 'm5'])).map((r) => r?.id)).toEqual(['m1', undefined, 'm5']);
    expect((await byKeys(db.bodies, ['m4', 'm5'])).map((r) => r?.messageId)).toEqual(['m4', 'm5']);
  });
});
