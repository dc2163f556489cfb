import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import type { FetchedMessage } from '../../../shared/model/fetched-message';
import { addedSince, JUNK_TOKENS } from '../../../shared/junk/tokenize';
import { commitFetched } from './fetch-store';
import { junkRepo, loadJunkModel, wordsOf, type JunkRow } from './junk-repo';
import { getRawBytes } from './raw-store';
import { testStores } from './test-fixtures';

const stores = testStores('heron-junk-repo');
afterEach(() => stores.closeAll());

const enc = new TextEncoder();
const NOW = Date.UTC(2026, 11, 8);
let seq = 0;

function fetched(from: string, subject: string, text: string, relay: string, charset: string): FetchedMessage {
  seq += 1;
  const raw = enc.encode(
    `Received: from mx (mx [${relay}]) by heron.test\r\nFrom: ${from}\r\nTo: alice@test.domain\r\nSubject: ${subject}\r\n` +
      `Content-Type: text/plain; charset=${charset}\r\nContent-Transfer-Encoding: 8bit\r\n\r\n${text}\r\n`,
  );
  return {
    id: `j${seq}`,
    uidl: `u${seq}`,
    size: raw.length,
    raw,
    partial: false,
    headers: { messageId: null, inReplyTo: null, references: [], from: { name: '', address: from }, to: [{ name: '', address: 'alice@test.domain' }], cc: [], replyTo: [], subject, date: NOW, size: raw.length, hasAttachments: false },
    receivedAt: NOW,
    content: { body: { text, html: null, warnings: [] }, attachments: [], hasAttachments: false, snippet: text.slice(0, 40) },
  };
}

const counted = (words: Map<string, [number, number]>) => JSON.stringify([...words].sort(([a], [b]) => a.localeCompare(b)));

describe('a junk model counted on older words', () => {
  it('is upgraded in place: stored messages gain the new words, and training of messages since deleted stays', async () => {
    const db = stores.open();
    const spam = [fetched('win@prize.example', 'You won a prize', 'Claim your free prize now', '203.0.113.9', 'windows-1251'), fetched('deals@pills.example', 'Cheap pills', 'Buy cheap pills now', '203.0.113.77', 'koi8-r')];
    const ham = [fetched('bob@test.domain', 'Quarterly report', 'The report is attached', '192.0.2.5', 'utf-8'), fetched('carol@test.domain', 'Meeting', 'See you at the meeting', '192.0.2.6', 'utf-8')];
    await commitFetched(db, 'acc', [...spam, ...ham], NOW);
    await junkRepo(db).markJunk(spam.map((m) => m.id), NOW);
    await junkRepo(db).markNotJunk(ham.map((m) => m.id), NOW);
    const trainedNow = (await db.junk.get('model')) as Extract<JunkRow, { id: 'model' }>;
    expect(trainedNow.tokens).toBe(JUNK_TOKENS);
    expect(trainedNow.words.get('received-ip:203.0')).toEqual([0, 2]);
    expect(trainedNow.words.get('charset:koi8-r')).toEqual([0, 1]);

    // The same training as a model from before the header words: no version, none of the words added since.
    const isNew = addedSince(1);
    const oldWords = new Map([...trainedNow.words].filter(([w]) => !isNew(w)));
    await db.junk.put({ id: 'model', good: 2, junk: 2, words: oldWords });
    await db.junk.put({ id: 'revision', revision: 99 });
    // One spam is deleted for good before the upgrade: what it taught stays counted.
    const gone = spam[1]!;
    const goneWords = wordsOf((await db.messages.get(gone.id))!, await db.bodies.get(gone.id), (await getRawBytes(db, [gone.id])).get(gone.id));
    await db.transaction('rw', [db.messages, db.bodies, db.rawChunks], async () => {
      await db.messages.delete(gone.id);
      await db.bodies.delete(gone.id);
    });

    // Before the upgrade the old model still loads and judges.
    const before = await db.transaction('r', db.junk, () => loadJunkModel(db));
    expect(before.words.get('cheap')).toEqual([0, 1]);

    expect(await junkRepo(db).upgrade()).toBe(true);
    const upgraded = (await db.junk.get('model')) as Extract<JunkRow, { id: 'model' }>;
    expect(upgraded.tokens).toBe(JUNK_TOKENS);
    expect({ good: upgraded.good, junk: upgraded.junk }).toEqual({ good: 2, junk: 2 });
    // Exactly the model trained on today's words, less the deleted message's new words.
    const expected = new Map([...trainedNow.words].map(([w, c]) => [w, [c[0], c[1]] as [number, number]]));
    for (const w of goneWords.filter(isNew)) {
      const c = expected.get(w)!;
      c[1] -= 1;
      if (c[0] === 0 && c[1] === 0) expected.delete(w);
    }
    expect(counted(upgraded.words)).toBe(counted(expected));
    expect(upgraded.words.get('cheap')).toEqual([0, 1]);
    expect(upgraded.words.get('received-ip:203.0')).toEqual([0, 1]);
    expect(upgraded.words.has('charset:koi8-r')).toBe(false);
    // Once is enough.
    expect(await junkRepo(db).upgrade()).toBe(false);
  });

  it('a message trained on older words untrains exactly: Not junk after the words changed takes away only its own counts', async () => {
    const db = stores.open();
    const spam = fetched('win@prize.example', 'You won a prize', 'Claim your free prize now', '203.0.113.9', 'windows-1251');
    const more = fetched('deals@prize.example', 'Another prize', 'Claim another prize', '203.0.113.10', 'windows-1251');
    const ham = fetched('bob@test.domain', 'Quarterly report', 'The report is attached', '192.0.2.5', 'utf-8');
    await commitFetched(db, 'acc', [spam, more, ham], NOW);
    await junkRepo(db).markJunk([spam.id], NOW);
    await junkRepo(db).markNotJunk([ham.id], NOW);
    const row = (await db.junk.get('model')) as Extract<JunkRow, { id: 'model' }>;
    const isNew = addedSince(1);
    await db.junk.put({ id: 'model', good: row.good, junk: row.junk, words: new Map([...row.words].filter(([w]) => !isNew(w))) });
    await db.junk.put({ id: 'revision', revision: 7 });

    // The person goes on training before the store worker's upgrade ran, then changes their mind.
    await junkRepo(db).markJunk([more.id], NOW);
    await junkRepo(db).markNotJunk([spam.id], NOW);
    const after = (await db.junk.get('model')) as Extract<JunkRow, { id: 'model' }>;
    expect({ good: after.good, junk: after.junk, tokens: after.tokens }).toEqual({ good: 2, junk: 1, tokens: JUNK_TOKENS });
    // The relay's network: the message still in Junk keeps counting as junk, the one taken out as good.
    expect(after.words.get('received-ip:203.0.113')).toEqual([1, 1]);
    expect(after.words.get('charset:windows-1251')).toEqual([1, 1]);
  });
});
