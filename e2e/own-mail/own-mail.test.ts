import 'fake-indexeddb/auto';
/**
 * Import, export, backup and restore through the real path: main's pipelines (electron/main/own)
 * over a real MessageChannel to the store worker's real code (renderer/src/data/store/serve.ts),
 * committing into the real Dexie store on fake-indexeddb, each message read by the fetch's parser.
 * Both layers are needed, which only e2e/ may import together.
 */
import { createHash, randomUUID } from 'node:crypto';
import { mkdtemp, readFile, rm, unlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Dexie } from 'dexie';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { PopStateEntry } from '../../shared/model/pop-state';
import { readMessage } from '../../electron/core/fetch/read-message';
import { messagesOf } from '../../electron/core/mbox/testing/read-all';
import { runBackup } from '../../electron/main/own/backup';
import { runExport } from '../../electron/main/own/exporter';
import { runImport, type ImportDeps } from '../../electron/main/own/importer';
import { runRestore } from '../../electron/main/own/restore';
import { INCOMPLETE_SUFFIX, runScheduledBackup, scheduledBackups, verifyBackup } from '../../electron/main/own/scheduled-backup';
import { StoreLink, type OwnMailStore } from '../../electron/main/store/link';
import { webStorePort } from '../../electron/main/store/web-port';
import { HeronDb } from '../../renderer/src/data/db';
import { ensureFolder } from '../../renderer/src/data/folders-repo';
import { messagesRepo } from '../../renderer/src/data/messages-repo';
import { rulesRepo } from '../../renderer/src/data/rules-repo';
import { newRule } from '../../renderer/src/features/rules/rule-draft';
import { addPopEntries } from '../../renderer/src/data/pop-store';
import { getRawBytes } from '../../renderer/src/data/raw-store';
import { serveStore } from '../../renderer/src/data/store/serve';
import { makeAccount } from '../../renderer/src/data/test-fixtures';
import { encodeRow } from '../../renderer/src/data/backup-codec';
import { DERIVED_TABLES, KEPT_TABLES, MESSAGE_TABLES, SNAPSHOT_TABLES, UNKEPT_TABLES } from '../../renderer/src/data/backup-tables';
import { SCHEMA } from '../../renderer/src/data/schema';

const T = Date.UTC(2026, 0, 5, 10, 0, 0);
let n = 0;
const opened: Array<{ db: HeronDb; channel: MessageChannel }> = [];
let dir: string;
const rejected: string[] = [];

beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'heron-own-'));
});
afterEach(async () => {
  expect(rejected.splice(0)).toEqual([]);
  for (const { db, channel } of opened.splice(0)) {
    channel.port1.close();
    channel.port2.close();
    db.close();
    await Dexie.delete(db.name);
  }
  await rm(dir, { recursive: true, force: true });
});

/** A fresh profile's store, and main's link to it over a real MessageChannel. */
async function profile(): Promise<{ db: HeronDb; link: StoreLink }> {
  n += 1;
  const db = new HeronDb(`heron-own-${process.pid}-${n}`);
  await db.open();
  const channel = new MessageChannel();
  const link = new StoreLink({ commitTimeoutMs: 10_000, requestTimeoutMs: 10_000, onRejected: (why) => rejected.push(why) });
  link.attach(webStorePort(channel.port1));
  serveStore(db, channel.port2, { now: () => T, log: { warn: () => undefined, error: () => undefined } });
  opened.push({ db, channel });
  return { db, link };
}

function deps(store: OwnMailStore, over: Partial<ImportDeps> = {}): ImportDeps {
  return { store, read: readMessage, newId: randomUUID, now: () => T, batchMessages: 2, ...over };
}

const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

/** Messages with From traps, CRLF, no Message-ID, and one without a final line end. */
function sampleMessages(): Buffer[] {
  return [
    Buffer.from('Message-ID: <one@own.test>\nFrom: Ann <ann@own.test>\nSubject: One\nDate: Mon, 5 Jan 2026 09:00:00 +0000\n\nFrom the desk of Ann\n>From quoted\n\nFrom here on, a trap\n'),
    Buffer.from('Message-ID: <two@own.test>\r\nFrom: Bob <bob@own.test>\r\nSubject: Two\r\n\r\nCRLF body\r\n'),
    Buffer.from('From: Cat <cat@own.test>\nSubject: No id three\n\nno Message-ID here\n'),
    Buffer.from('From: Dan <dan@own.test>\nSubject: No id four\n\nnor here\n'),
    Buffer.from('Message-ID: <five@own.test>\nFrom: Eve <eve@own.test>\nSubject: Five\n\n>>From twice quoted\nno final line end'),
  ];
}

/** The messages as an mboxrd file, as Heron's exporter writes it. */
async function mboxOf(messages: readonly Buffer[], name = 'in.mbox'): Promise<string> {
  const { mboxrdEntry } = await import('../../electron/core/mbox');
  const file = path.join(dir, name);
  await writeFile(file, Buffer.concat(messages.flatMap((m) => mboxrdEntry(m, { sender: 'x@own.test', date: T }))));
  return file;
}

async function storedShas(db: HeronDb): Promise<string[]> {
  const rows = await db.messages.toArray();
  const bytes = await getRawBytes(db, rows.map((r) => r.id));
  return [...bytes.values()].map(sha).sort();
}

describe('importing mail into the store', () => {
  it('stores every message byte for byte through the store worker, and a second import of the same file skips them all as duplicates, those without a Message-ID too', async () => {
    const { db, link } = await profile();
    await db.accounts.put(makeAccount('a1'));
    const messages = sampleMessages();
    const file = await mboxOf(messages);
    const first = await runImport(deps(link), { accountId: 'a1', source: { kind: 'mbox', file } });
    expect(first).toMatchObject({ imported: 5, duplicates: 0, cancelled: false, resumedAfter: 0 });
    expect(await storedShas(db)).toEqual(messages.map(sha).sort());
    const one = (await db.messages.toArray()).find((m) => m.subject === 'One');
    expect(one).toMatchObject({ accountId: 'a1', folder: 'inbox', unread: false, messageId: 'one@own.test' });
    expect((await messagesRepo(db).getBody(one!.id))?.text).toContain('From the desk of Ann');
    // Imported mail has no POP state: nothing here came from the account's server.
    expect(await db.popChunks.count()).toBe(0);

    const again = await runImport(deps(link), { accountId: 'a1', source: { kind: 'mbox', file } });
    // Same Message-ID and same bytes, or no Message-ID and the same bytes: duplicates, all five.
    expect(again).toMatchObject({ imported: 0, duplicates: 5 });
    expect(await db.messages.count()).toBe(5);
  });

  it('a message twice in one file is stored once; Takeout labels and Thunderbird flags give folder and state (a label is a folder of the person\'s own); expunged ones are skipped', async () => {
    const { db, link } = await profile();
    const messages = [
      Buffer.from('Message-ID: <g1@own.test>\nX-Gmail-Labels: Sent,Starred\nSubject: G sent\n\nsent\n'),
      Buffer.from('Message-ID: <g2@own.test>\nX-Gmail-Labels: Inbox,Unread,Work/Projects\nSubject: G work\n\nwork\n'),
      Buffer.from('Message-ID: <g2@own.test>\nX-Gmail-Labels: Inbox,Unread,Work/Projects\nSubject: G work\n\nwork\n'),
      Buffer.from('Message-ID: <t1@own.test>\nX-Mozilla-Status: 0009\nSubject: expunged\n\ngone\n'),
      Buffer.from('Message-ID: <t2@own.test>\nX-Mozilla-Status: 0004\nSubject: starred unread\n\nhi\n'),
    ];
    const file = await mboxOf(messages);
    const outcome = await runImport(deps(link, { batchMessages: 10 }), { accountId: 'a1', source: { kind: 'mbox', file } });
    expect(outcome).toMatchObject({ imported: 3, duplicates: 1, expunged: 1 });
    const rows = await db.messages.toArray();
    const bySubject = new Map(rows.map((r) => [r.subject, r]));
    expect(bySubject.get('G sent')).toMatchObject({ folder: 'sent', starred: true, unread: false });
    // The label is a folder of the person's own, made with its parent in the batch's commit.
    const folders = await db.folders.toArray();
    const work = folders.find((f) => f.name === 'Work');
    const projects = folders.find((f) => f.name === 'Projects');
    expect(work).toMatchObject({ accountId: 'a1', parentId: null });
    expect(projects).toMatchObject({ accountId: 'a1', parentId: work?.id });
    expect(folders).toHaveLength(2);
    expect(bySubject.get('G work')).toMatchObject({ folder: projects?.id, unread: true });
    expect(bySubject.get('G work')?.sourceFolder).toBeUndefined();
    expect(bySubject.get('starred unread')).toMatchObject({ folder: 'inbox', unread: true, starred: true });
  });

  it('imported mail keeps the place it had: rules on arrival do not run on it (they run on the next fetched mail)', async () => {
    const { db, link } = await profile();
    await db.accounts.put(makeAccount('a1'));
    await rulesRepo(db).save({
      ...newRule(1),
      name: 'Ann to Trash',
      conditions: [{ field: 'from', operator: 'contains', value: 'ann@own.test' }],
      actions: [{ kind: 'move', folderId: 'trash' }],
    });
    const outcome = await runImport(deps(link), { accountId: 'a1', source: { kind: 'mbox', file: await mboxOf(sampleMessages()) } });
    expect(outcome).toMatchObject({ imported: 5 });
    const rows = await db.messages.toArray();
    expect(rows.map((r) => r.folder)).toEqual(['inbox', 'inbox', 'inbox', 'inbox', 'inbox']);
    expect(await db.ruleLog.count()).toBe(0);
    // Each imported message still joins its conversation in the commit that stores it.
    expect(rows.every((r) => typeof r.threadId === 'string')).toBe(true);
  });

  it('an import stopped by a crash resumes after the last batch it committed: no message twice, not even those without a Message-ID', async () => {
    const { db, link } = await profile();
    const messages = sampleMessages();
    const file = await mboxOf(messages);
    let commits = 0;
    // The process dies as the third batch is on its way: the store never sees it.
    const crashing: OwnMailStore = {
      ask: link.ask.bind(link),
      commit: async (a, b, m) => {
        commits += 1;
        if (commits === 2) throw new Error('main died');
        return link.commit(a, b, m);
      },
    };
    await expect(runImport(deps(crashing), { accountId: 'a1', source: { kind: 'mbox', file } })).rejects.toThrow('main died');
    expect(await db.messages.count()).toBe(2);
    const resumed = await runImport(deps(link), { accountId: 'a1', source: { kind: 'mbox', file } });
    expect(resumed).toMatchObject({ imported: 5, resumedAfter: 2, duplicates: 0 });
    expect(await storedShas(db)).toEqual(messages.map(sha).sort());
  });

  it('cancelled, an import keeps what it committed and resumes after it next time', async () => {
    const { db, link } = await profile();
    const messages = sampleMessages();
    const file = await mboxOf(messages);
    const abort = new AbortController();
    let asked = 0;
    const cancelling: OwnMailStore = {
      ask: link.ask.bind(link),
      commit: async (a, b, m) => {
        if (++asked === 1) abort.abort();
        return link.commit(a, b, m);
      },
    };
    const cancelled = await runImport(deps(cancelling), { accountId: 'a1', source: { kind: 'mbox', file }, signal: abort.signal });
    expect(cancelled).toMatchObject({ cancelled: true, imported: 2 });
    expect(await db.messages.count()).toBe(2);
    const rest = await runImport(deps(link), { accountId: 'a1', source: { kind: 'mbox', file } });
    expect(rest).toMatchObject({ imported: 5, resumedAfter: 2 });
    expect(await storedShas(db)).toEqual(messages.map(sha).sort());
  });

  it("a message's Date is kept when its From line is older (regression: the Date was checked against the From line's date and dropped); without a Date it takes the From line's", async () => {
    const { db, link } = await profile();
    const { mboxrdEntry } = await import('../../electron/core/mbox');
    const fromLine = Date.UTC(2026, 2, 16, 10, 0, 0);
    const file = path.join(dir, 'dated.mbox');
    await writeFile(
      file,
      Buffer.concat([
        ...mboxrdEntry(Buffer.from('Message-ID: <d1@own.test>\nSubject: Dated\nDate: Thu, 19 Mar 2026 11:30:00 +0000\n\nx\n'), { sender: 'x@own.test', date: fromLine }),
        ...mboxrdEntry(Buffer.from('Message-ID: <d2@own.test>\nSubject: Undated\n\ny\n'), { sender: 'x@own.test', date: fromLine }),
      ]),
    );
    await runImport(deps(link, { now: () => Date.UTC(2026, 11, 7) }), { accountId: 'a1', source: { kind: 'mbox', file } });
    const rows = new Map((await db.messages.toArray()).map((r) => [r.subject, r]));
    expect(rows.get('Dated')).toMatchObject({ date: Date.UTC(2026, 2, 19, 11, 30, 0), receivedAt: fromLine });
    expect(rows.get('Undated')).toMatchObject({ date: fromLine, receivedAt: fromLine });
  });

  it('.eml files in a folder tree are imported into folders of the person\'s own named as their sub-folders; an empty file is listed, not imported', async () => {
    const { db, link } = await profile();
    const messages = sampleMessages();
    await writeFile(path.join(dir, 'a.eml'), messages[0]!);
    const { mkdir } = await import('node:fs/promises');
    await mkdir(path.join(dir, 'Work'));
    await writeFile(path.join(dir, 'Work', 'b.eml'), messages[1]!);
    await writeFile(path.join(dir, 'Work', 'empty.eml'), '');
    const outcome = await runImport(deps(link), { accountId: 'a1', source: { kind: 'eml', path: dir } });
    expect(outcome.imported).toBe(2);
    expect(outcome.unreadable).toEqual([{ file: path.join('Work', 'empty.eml'), reason: expect.stringContaining('empty') as string }]);
    const rows = await db.messages.toArray();
    const [work, ...others] = await db.folders.toArray();
    expect(others).toEqual([]);
    expect(work).toMatchObject({ accountId: 'a1', parentId: null, name: 'Work' });
    expect(rows.find((r) => r.subject === 'Two')?.folder).toBe(work?.id);
    expect(rows.find((r) => r.subject === 'One')?.folder).toBe('inbox');
    expect(await storedShas(db)).toEqual([messages[0]!, messages[1]!].map(sha).sort());
  });
});

describe('exporting, backing up and restoring', () => {
  async function filled() {
    const { db, link } = await profile();
    await db.accounts.put(makeAccount('a1'));
    const messages = sampleMessages();
    await runImport(deps(link), { accountId: 'a1', source: { kind: 'mbox', file: await mboxOf(messages) } });
    const rows = await db.messages.toArray();
    // As if fetched: POP state for two of them, one flag changed by the person.
    const entries: PopStateEntry[] = rows.slice(0, 2).map((r, i) => ({ accountId: 'a1', uidl: `U${i}`, localId: r.id, downloadedAt: T - 1000, status: 'stored', size: r.size }));
    await db.transaction('rw', db.popChunks, () => addPopEntries(db, 'a1', entries));
    // Fetched copies carry their UIDL; the person stars one and reads another.
    for (const [i, r] of rows.slice(0, 2).entries()) await db.messages.update(r.id, { uidl: `U${i}` });
    await db.messages.update(rows[0]!.id, { starred: true, unread: true });
    await db.messages.update(rows[1]!.id, { unread: false });
    await db.messages.update(rows[2]!.id, { unread: true });
    return { db, link, messages };
  }

  it('an mboxrd export reads back as exactly the stored bytes; a folder and a selection export only theirs; .eml export writes one file per message', async () => {
    const { db, link, messages } = await filled();
    const target = path.join(dir, 'all.mbox');
    expect(await runExport(link, { scope: { kind: 'all' }, format: 'mboxrd', target })).toMatchObject({ exported: 5 });
    expect((await messagesOf(await readFile(target))).map((m) => sha(m.bytes)).sort()).toEqual(messages.map(sha).sort());
    const one = (await db.messages.toArray())[0]!;
    const sel = path.join(dir, 'sel.mbox');
    await runExport(link, { scope: { kind: 'messages', ids: [one.id] }, format: 'mboxrd', target: sel });
    expect((await messagesOf(await readFile(sel))).map((m) => sha(m.bytes))).toEqual([sha((await getRawBytes(db, [one.id])).get(one.id)!)]);
    expect(await runExport(link, { scope: { kind: 'folder', accountId: 'a1', folder: 'sent' }, format: 'mboxrd', target: path.join(dir, 'sent.mbox') })).toMatchObject({ exported: 0 });
    const emlDir = await mkdtemp(path.join(dir, 'eml-'));
    expect(await runExport(link, { scope: { kind: 'all' }, format: 'eml', target: emlDir })).toMatchObject({ exported: 5 });
    const { readdir } = await import('node:fs/promises');
    const files = await readdir(emlDir);
    expect((await Promise.all(files.map((f) => readFile(path.join(emlDir, f))))).map(sha).sort()).toEqual(messages.map(sha).sort());
  });

  it('a backup restored into an empty profile gives the same messages (ids, bytes, flags), accounts and POP state', async () => {
    const { db, link } = await filled();
    const backup = await runBackup(link, { parent: dir, app: 'Heron test' }, () => T);
    expect(backup).toMatchObject({ messages: 5, accounts: 1, cancelled: false });
    const fresh = await profile();
    const outcome = await runRestore({ store: fresh.link, read: readMessage, now: () => T }, { folder: backup.folder });
    expect(outcome).toMatchObject({ restored: 5, accounts: 1, notRestoredCount: 0, storeDamaged: false });
    const strip = (rows: Array<{ id: string }>) => rows.map((r) => JSON.stringify(r)).sort();
    const meta = async (d: HeronDb) => (await d.messages.toArray()).map(({ rawChunk: _r, ...rest }) => ({ ...rest })).sort((a, b) => a.id.localeCompare(b.id));
    expect(await meta(fresh.db)).toEqual(await meta(db));
    expect(await storedShas(fresh.db)).toEqual(await storedShas(db));
    expect(strip(await fresh.db.accounts.toArray())).toEqual(strip(await db.accounts.toArray()));
    const pop = async (d: HeronDb) => (await d.popChunks.toArray()).flatMap((r) => r.entries).sort((a, b) => a.uidl.localeCompare(b.uidl));
    expect(await pop(fresh.db)).toEqual(await pop(db));
  });

  it("a message in a folder the person made is restored into that folder, which the backup keeps", async () => {
    const { db, link } = await filled();
    const folder = await ensureFolder(db, 'a1', ['Projects', 'Heron']);
    const moved = (await db.messages.toArray())[3]!;
    await db.messages.update(moved.id, { folder });
    const backup = await runBackup(link, { parent: dir, app: 'Heron test' }, () => T);
    const fresh = await profile();
    await runRestore({ store: fresh.link, read: readMessage, now: () => T }, { folder: backup.folder });
    expect((await fresh.db.messages.get(moved.id))?.folder).toBe(folder);
    expect(await fresh.db.folders.toArray()).toEqual(await db.folders.toArray());
  });

  it('a damaged backup restores every intact message and lists the damaged one, whose POP state is left out so Get mail brings it back', async () => {
    const { db, link } = await filled();
    const backup = await runBackup(link, { parent: dir, app: 'Heron test' }, () => T);
    const mbox = path.join(backup.folder, 'messages.mbox');
    const bytes = await readFile(mbox);
    const at = bytes.indexOf('CRLF body');
    bytes[at] = 'X'.charCodeAt(0);
    await writeFile(mbox, bytes);
    const fresh = await profile();
    const outcome = await runRestore({ store: fresh.link, read: readMessage, now: () => T }, { folder: backup.folder });
    expect(outcome).toMatchObject({ restored: 4, notRestoredCount: 1, notRestored: [{ subject: 'Two', reason: expect.stringContaining('SHA-256') as string }] });
    const two = (await db.messages.toArray()).find((m) => m.subject === 'Two')!;
    expect(await fresh.db.messages.get(two.id)).toBeUndefined();
    const entries = (await fresh.db.popChunks.toArray()).flatMap((r) => r.entries);
    expect(entries.map((e) => e.localId)).not.toContain(two.id);
  });

  it('a backup whose messages.mbox was cut short restores the messages before the cut and lists the rest as missing', async () => {
    const { link } = await filled();
    const backup = await runBackup(link, { parent: dir, app: 'Heron test' }, () => T);
    const mbox = path.join(backup.folder, 'messages.mbox');
    const lines = (await readFile(path.join(backup.folder, 'messages.jsonl'), 'utf8')).trim().split('\n').map((l) => JSON.parse(l) as { offset: number; subject: string });
    // Cut in the middle of the fourth message: three whole, one damaged, one missing.
    const cut = lines[4]!.offset - 6;
    await writeFile(mbox, (await readFile(mbox)).subarray(0, cut));
    const fresh = await profile();
    const outcome = await runRestore({ store: fresh.link, read: readMessage, now: () => T }, { folder: backup.folder });
    expect(outcome.restored).toBe(3);
    expect(outcome.notRestored).toEqual([
      { subject: lines[3]!.subject, reason: 'Its bytes in the backup are damaged (the SHA-256 does not match).' },
      { subject: lines[4]!.subject, reason: 'It is missing from messages.mbox (the file was cut short or damaged).' },
    ]);
    expect(await fresh.db.messages.count()).toBe(3);
  });

  it('a backup interrupted before its manifest is refused as incomplete, and a restore goes only into an empty profile', async () => {
    const { link } = await filled();
    const backup = await runBackup(link, { parent: dir, app: 'Heron test' }, () => T);
    await expect(runRestore({ store: link, read: readMessage }, { folder: backup.folder })).rejects.toThrow('only into an empty profile');
    await unlink(path.join(backup.folder, 'manifest.json'));
    const fresh = await profile();
    await expect(runRestore({ store: fresh.link, read: readMessage }, { folder: backup.folder })).rejects.toThrow('This backup is incomplete');
    expect(await fresh.db.messages.count()).toBe(0);
  });
});

describe('a backup keeps every table a person\'s data lives in', () => {
  const schemaTables = Object.keys(SCHEMA[SCHEMA.length - 1]!.stores).sort();
  const kept: readonly string[] = [...MESSAGE_TABLES, ...SNAPSHOT_TABLES, ...KEPT_TABLES];

  it('every table of the schema is either backed up, built again from what is, or left out on purpose — each exactly once', () => {
    const named = [...kept, ...Object.keys(DERIVED_TABLES), ...Object.keys(UNKEPT_TABLES)];
    expect(named.slice().sort()).toEqual(schemaTables);
    expect(new Set(named).size).toBe(named.length);
  });

  /** A profile where every kept table holds the person's data: rules, training, settings, a draft with an attachment… */
  async function lived() {
    const { db, link } = await profile();
    await db.accounts.put({
      ...makeAccount('a1'),
      identity: { name: 'Alice Example', address: 'a1@example.com', signature: 'Alice\n-- sent from Heron' },
      retention: { mode: 'keep', keepDays: 3, deleteWhenDeletedHere: false },
    });
    await runImport(deps(link), { accountId: 'a1', source: { kind: 'mbox', file: await mboxOf(sampleMessages()) } });
    const rows = await db.messages.toArray();
    const [first, second, third] = rows;
    const entries: PopStateEntry[] = rows.slice(0, 2).map((r, i) => ({ accountId: 'a1', uidl: `U${i}`, localId: r.id, downloadedAt: T - 1000, status: 'stored', size: r.size }));
    await db.transaction('rw', db.popChunks, () => addPopEntries(db, 'a1', entries));
    await db.popState.put({ accountId: 'a1', lastCheckStartedAt: T - 5000, lastCheckFinishedAt: T - 4000, lastError: null });
    const folder = await ensureFolder(db, 'a1', ['Projects']);
    await db.messages.update(first!.id, { folder, tags: ['heron', 'work'], starred: true, junk: { score: 0.02, trained: 'good' } });
    await db.messages.update(second!.id, { folder: 'trash', previousFolder: 'inbox', trashedAt: T - 60_000 });
    await db.messages.update(third!.id, { folder: 'junk', junk: { score: 0.97, trained: 'junk' } });
    await db.settings.bulkPut([{ key: 'listThreads', value: true }, { key: 'trashKeepDays', value: 7 }, { key: 'theme', value: 'dark' }]);
    await db.contacts.put({ id: 'c1', name: 'Bob', address: 'bob@own.test', lastUsedAt: T, timesUsed: 3 });
    const rule = { ...newRule(1), name: 'Ann to Projects', conditions: [{ field: 'from' as const, operator: 'contains' as const, value: 'ann@own.test' }], actions: [{ kind: 'move' as const, folderId: folder }] };
    await rulesRepo(db).save(rule);
    await db.ruleLog.put({ id: 'log1', messageId: first!.id, at: T, trigger: 'arrival', ruleId: rule.id, ruleName: rule.name, did: ['Moved to Projects'] });
    await db.junk.bulkPut([
      { id: 'model', good: 12, junk: 9, words: new Map<string, [number, number]>([['invoice', [3, 0]], ['viagra', [0, 7]], ['$heron', [1, 1]]]) },
      { id: 'revision', revision: 21 },
    ]);
    await db.threadEdits.put({ id: 'e1', kind: 'split', localId: second!.id, messageId: second!.messageId, at: T });
    await db.drafts.put({
      id: 'd1', accountId: 'a1', from: { name: 'Alice', address: 'a1@example.com' }, to: [{ name: '', address: 'bob@own.test' }], cc: [], bcc: [],
      subject: 'Half-written', text: 'Dear Bob,', html: null, plainTextMode: true, inReplyTo: null, references: [], updatedAt: T,
      attachments: [{ id: 'att1', filename: 'plan.bin', contentType: 'application/octet-stream', size: 4, blob: new Blob([new Uint8Array([0, 1, 254, 255])]) }],
      outboxId: null, sourceMessageId: null,
    });
    return { db, link };
  }

  /** JSON with every object's keys in order: the same row reads the same whatever order its fields were written in. */
  const canonical = (value: unknown): string =>
    JSON.stringify(value, (_k, v: unknown) => (v !== null && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => a.localeCompare(b))) : v));

  /** Each kept table's rows as data (blobs, maps and bytes included), sorted; messages without where their bytes sit, which differs by batch. */
  async function contents(db: HeronDb): Promise<Record<string, string[]>> {
    const out: Record<string, string[]> = {};
    for (const name of kept) {
      let rows: unknown[] = await db.table(name).toArray();
      if (name === 'messages') rows = (rows as Array<{ rawChunk?: string }>).map(({ rawChunk: _c, ...rest }) => rest);
      if (name === 'rawChunks') rows = await storedShas(db);
      if (name === 'popChunks') rows = (rows as Array<{ entries: PopStateEntry[] }>).flatMap((r) => r.entries);
      out[name] = ((await encodeRow(rows)) as unknown[]).map(canonical).sort();
    }
    return out;
  }

  it('restored into an empty profile, every kept table is back row for row: messages with tags, junk training, Trash and conversation; rules, the junk model, settings, signatures, retention, drafts', async () => {
    const { db, link } = await lived();
    const before = await contents(db);
    for (const name of kept) expect(before[name], `the test fills ${name}`).not.toEqual([]);
    const backup = await runBackup(link, { parent: dir, app: 'Heron test' }, () => T);
    const fresh = await profile();
    const outcome = await runRestore({ store: fresh.link, read: readMessage, now: () => T }, { folder: backup.folder });
    expect(outcome).toMatchObject({ restored: 5, accounts: 1, notRestoredCount: 0, storeDamaged: false, resumedAfter: 0 });
    const after = await contents(fresh.db);
    for (const name of kept) expect(after[name], name).toEqual(before[name]);
    // The junk filter judges with the restored training, and bodies come back from the bytes.
    expect((await fresh.db.junk.get('model')) as unknown).toEqual((await db.junk.get('model')) as unknown);
    expect(await fresh.db.bodies.count()).toBe(await db.bodies.count());
  });

  it('a restore killed after K messages resumes with the same backup and ends with exactly the backup\'s messages, none twice', async () => {
    const { db, link } = await lived();
    const backup = await runBackup(link, { parent: dir, app: 'Heron test' }, () => T);
    const fresh = await profile();
    let commits = 0;
    // Batches of two: the process dies as the second batch is on its way, after K = 2 messages.
    const crashing: OwnMailStore = {
      ask: fresh.link.ask.bind(fresh.link),
      commit: async (a, b, m) => {
        commits += 1;
        if (commits === 2) throw new Error('main died');
        return fresh.link.commit(a, b, m);
      },
    };
    await expect(runRestore({ store: crashing, read: readMessage, now: () => T, batchMessages: 2 }, { folder: backup.folder })).rejects.toThrow('main died');
    expect(await fresh.db.messages.count()).toBe(2);
    const again = await runRestore({ store: fresh.link, read: readMessage, now: () => T, batchMessages: 2 }, { folder: backup.folder });
    expect(again).toMatchObject({ restored: 5, resumedAfter: 2, notRestoredCount: 0, accounts: 1 });
    expect((await fresh.db.messages.toArray()).map((r) => r.id).sort()).toEqual((await db.messages.toArray()).map((r) => r.id).sort());
    expect(await storedShas(fresh.db)).toEqual(await storedShas(db));
    expect(await contents(fresh.db)).toEqual(await contents(db));
    // Whole now: the same backup again is refused, as is any other.
    await expect(runRestore({ store: fresh.link, read: readMessage }, { folder: backup.folder })).rejects.toThrow('This backup was already restored into this profile.');
  });
});

describe('scheduled backups on disk', () => {
  const HOUR_MS = 3_600_000;
  async function filledProfile() {
    const { db, link } = await profile();
    await db.accounts.put(makeAccount('a1'));
    await runImport(deps(link), { accountId: 'a1', source: { kind: 'mbox', file: await mboxOf(sampleMessages()) } });
    return { db, link };
  }

  it('each run is whole and verified under its final name; beyond "keep the last 2" the oldest go; a backup made by hand stays', async () => {
    const { link } = await filledProfile();
    const byHand = await runBackup(link, { parent: dir, app: 'Heron test' }, () => T);
    const made: string[] = [];
    for (let i = 0; i < 3; i += 1) {
      const at = T + i * 24 * HOUR_MS;
      const run = await runScheduledBackup(link, { parent: dir, keep: 2, app: 'Heron test', at }, () => at);
      expect(run.messages).toBe(5);
      await verifyBackup(run.folder);
      made.push(run.folder);
    }
    expect(await scheduledBackups(dir)).toEqual(made.slice(1));
    const { readdir } = await import('node:fs/promises');
    expect((await readdir(dir)).sort()).toEqual([path.basename(byHand.folder), 'in.mbox', ...made.slice(1).map((f) => path.basename(f))].sort());
  });

  it('a run that fails half-way is left under its temporary name, never counted, and prunes nothing: the good backup stays', async () => {
    const { link } = await filledProfile();
    const good = await runScheduledBackup(link, { parent: dir, keep: 1, app: 'Heron test', at: T }, () => T);
    // The window closes after the messages were written, before the rest of the store was read.
    const failing: OwnMailStore = {
      commit: link.commit.bind(link),
      ask: (async (request: Parameters<OwnMailStore['ask']>[0]) => {
        if (request.kind === 'snapshot') throw new Error('the window closed');
        return link.ask(request);
      }) as OwnMailStore['ask'],
    };
    const at = T + 24 * HOUR_MS;
    await expect(runScheduledBackup(failing, { parent: dir, keep: 1, app: 'Heron test', at }, () => at)).rejects.toThrow('could not be written');
    expect(await scheduledBackups(dir)).toEqual([good.folder]);
    await verifyBackup(good.folder);
    const { readdir } = await import('node:fs/promises');
    const left = (await readdir(dir)).filter((n) => n.endsWith(INCOMPLETE_SUFFIX));
    expect(left).toHaveLength(1);
    // The next run clears what the failed one left, and only then replaces the good one.
    const next = await runScheduledBackup(link, { parent: dir, keep: 1, app: 'Heron test', at: at + HOUR_MS }, () => at + HOUR_MS);
    expect(await scheduledBackups(dir)).toEqual([next.folder]);
    expect((await readdir(dir)).filter((n) => n.endsWith(INCOMPLETE_SUFFIX))).toEqual([]);
  });

  it('a backup that does not read back as written is refused by the check, with the file named', async () => {
    const { link } = await filledProfile();
    const run = await runScheduledBackup(link, { parent: dir, keep: 3, app: 'Heron test', at: T }, () => T);
    const mbox = path.join(run.folder, 'messages.mbox');
    const bytes = await readFile(mbox);
    bytes[bytes.length - 3] = bytes[bytes.length - 3]! ^ 1;
    await writeFile(mbox, bytes);
    await expect(verifyBackup(run.folder)).rejects.toThrow(`The backup in ${run.folder} did not read back as it was written (messages.mbox differs)`);
  });

  it('a folder that is gone gets a clear error, and nothing is written', async () => {
    const { link } = await filledProfile();
    const gone = path.join(dir, 'unplugged');
    await expect(runScheduledBackup(link, { parent: gone, keep: 3, app: 'Heron test', at: T }, () => T)).rejects.toThrow(`The backup folder is gone: ${gone}. Reconnect its disk, or choose another folder.`);
  });
});
