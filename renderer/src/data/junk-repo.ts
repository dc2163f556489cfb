/**
 * The junk filter's memory (shared/junk/bayes.ts): word counts kept in one `junk` row, beside a
 * tiny revision row. Judging mail reads the revision once per batch and the counts only when
 * they changed since (a model is a few megabytes; a batch is a few milliseconds).
 *
 * Training is the person's act: "Junk" / "Not junk" (and moves into and out of Junk) train the
 * message's words, undoing an earlier opposite training, and file it, in one transaction with
 * the row's `junk.trained` mark, so a message is never counted twice.
 */
import { classify, countWords, emptyModel, train, trained, decisiveWords, type JunkModel, type JunkScore } from '../../../shared/junk/bayes';
import { addedSince, JUNK_TOKENS, junkTokens } from '../../../shared/junk/tokenize';
import { lazyHeaders } from '../../../shared/rules/headers';
import { getRawBytes } from './raw-store';
import type { FolderKey } from '../../../shared/model/message';
import { readStoredText, type StoredBody } from '../../../shared/model/stored-text';
import type { RuleLogEntry } from '../../../shared/model/rule';
import type { HeronDb } from './db';
import type { MessageRow } from './rows';

export type JunkRow =
  | {
      readonly id: 'model';
      readonly good: number;
      readonly junk: number;
      readonly words: Map<string, [number, number]>;
      /** The version of the words it was counted on (JUNK_TOKENS); absent on models from before there was one: 1. */
      readonly tokens?: number;
    }
  | { readonly id: 'revision'; readonly revision: number };

let cached: { revision: number; model: JunkModel } | null = null;

/** The model as stored (inside a transaction that names `junk`). */
export async function loadJunkModel(db: HeronDb): Promise<JunkModel> {
  const rev = await db.junk.get('revision');
  const revision = rev?.id === 'revision' ? rev.revision : 0;
  if (cached?.revision === revision) return cached.model;
  const row = await db.junk.get('model');
  const model = row?.id === 'model' ? { good: row.good, junk: row.junk, words: row.words } : emptyModel();
  cached = { revision, model };
  return model;
}

async function saveJunkModel(db: HeronDb, model: JunkModel): Promise<void> {
  const rev = await db.junk.get('revision');
  const revision = (rev?.id === 'revision' ? rev.revision : 0) + 1;
  await db.junk.bulkPut([
    { id: 'model', good: model.good, junk: model.junk, words: model.words, tokens: JUNK_TOKENS },
    { id: 'revision', revision },
  ]);
  cached = { revision, model };
}

function copyOf(model: JunkModel): JunkModel {
  return { good: model.good, junk: model.junk, words: new Map([...model.words].map(([w, c]) => [w, [c[0], c[1]] as [number, number]])) };
}

/** How many trained messages an upgrade reads at a time. */
const UPGRADE_BATCH = 200;

/**
 * Brings a model counted on older words up to JUNK_TOKENS (inside a transaction naming
 * `messages`, `bodies`, `rawChunks` and `junk`): each trained message still stored gains the
 * kinds of word added since, and what was counted for messages deleted since stays as it was.
 * Until it runs, an older model still judges (it knows no new words, which are no evidence).
 * Returns whether it changed the model.
 */
export async function upgradeJunkModel(db: HeronDb): Promise<boolean> {
  const row = await db.junk.get('model');
  if (row?.id !== 'model' || (row.tokens ?? 1) >= JUNK_TOKENS) return false;
  const isNew = addedSince(row.tokens ?? 1);
  const model = copyOf(row);
  const ids: string[] = [];
  await db.messages.each((m) => {
    if (m.junk?.trained !== undefined) ids.push(m.id);
  });
  for (let at = 0; at < ids.length; at += UPGRADE_BATCH) {
    const some = ids.slice(at, at + UPGRADE_BATCH);
    const [rows, bodies, raws] = await Promise.all([db.messages.bulkGet(some), db.bodies.bulkGet(some), getRawBytes(db, some)]);
    rows.forEach((m, i) => {
      const as = m?.junk?.trained;
      if (m && as) countWords(model, wordsOf(m, bodies[i], raws.get(m.id)).filter(isNew), as);
    });
  }
  await saveJunkModel(db, model);
  return true;
}

/** The words of a stored message, as the filter reads them. */
export function wordsOf(row: Pick<MessageRow, 'subject' | 'from'>, body: StoredBody | undefined, raw?: Uint8Array | null): string[] {
  // Text the store keeps as a span of the message's bytes is read from them.
  const text = body ? readStoredText(raw ?? undefined, body.text) : null;
  const html = body ? readStoredText(raw ?? undefined, body.html) : null;
  return junkTokens({
    subject: row.subject,
    from: row.from ? `${row.from.name} <${row.from.address}>` : '',
    text: text ?? '',
    html,
    ...(raw ? { header: lazyHeaders(() => raw) } : {}),
  });
}

/** The filter's judgement of one message, or null while it has not been trained both ways. */
export function judge(model: JunkModel, words: readonly string[]): JunkScore | null {
  return trained(model) ? classify(model, words) : null;
}

/** The rule-log entry that says why the filter judged a message as it did. */
export function junkLogEntry(messageId: string, score: JunkScore, at: number, id: string): RuleLogEntry {
  const words = decisiveWords(score);
  const percent = Math.round(score.score * 100);
  const did =
    score.verdict === 'junk'
      ? [`Moved to Junk (junk score ${percent} %)`]
      : score.verdict === 'unsure'
        ? [`Unsure whether this is junk (score ${percent} %): left where it was`]
        : [`Not junk (score ${percent} %)`];
  return { id, messageId, at, trigger: 'junk', ruleId: null, ruleName: 'Junk filter', did, ...(words.length > 0 ? { words } : {}) };
}

export function junkRepo(db: HeronDb) {
  /** Trains `ids` as `as`, moving them into Junk (junk) or out of it (good), with one log line each. */
  const mark = async (ids: readonly string[], as: 'junk' | 'good', now: number): Promise<void> => {
    await db.transaction('rw', [db.messages, db.bodies, db.rawChunks, db.junk, db.ruleLog], async () => {
      // Untraining must take away the words training added: the model first counts this version's.
      await upgradeJunkModel(db);
      const [rows, bodies, raws, stored] = await Promise.all([db.messages.bulkGet([...ids]), db.bodies.bulkGet([...ids]), getRawBytes(db, ids), loadJunkModel(db)]);
      // A copy: the cached model must not change if this transaction aborts.
      const model = copyOf(stored);
      const changed: MessageRow[] = [];
      const log: RuleLogEntry[] = [];
      rows.forEach((row, i) => {
        if (!row) return;
        const was = row.junk?.trained;
        if (was !== as) {
          const words = wordsOf(row, bodies[i], raws.get(row.id));
          if (was !== undefined) train(model, words, was, -1);
          train(model, words, as);
        }
        const folder: FolderKey = as === 'junk' ? 'junk' : row.folder === 'junk' ? (row.previousFolder && row.previousFolder !== 'junk' ? row.previousFolder : 'inbox') : row.folder;
        const moved = folder !== row.folder;
        changed.push({
          ...row,
          folder,
          ...(moved && as === 'junk' ? { previousFolder: row.folder } : {}),
          junk: { score: row.junk?.score ?? null, trained: as },
        });
        log.push({
          id: `${row.id}:junk:${now}`,
          messageId: row.id,
          at: now,
          trigger: 'junk',
          ruleId: null,
          ruleName: 'You',
          did: [as === 'junk' ? 'Marked as junk (the filter learned from it)' : 'Marked as not junk (the filter learned from it)', ...(moved ? [`Moved to ${as === 'junk' ? 'Junk' : folder === 'inbox' ? 'Inbox' : folder}`] : [])],
        });
      });
      await db.messages.bulkPut(changed);
      await db.ruleLog.bulkPut(log);
      await saveJunkModel(db, model);
    });
  };
  return {
    markJunk: (ids: readonly string[], now: number = Date.now()) => mark(ids, 'junk', now),
    markNotJunk: (ids: readonly string[], now: number = Date.now()) => mark(ids, 'good', now),
    /**
     * For moves made another way (drag and drop, "Move to…"): a message moved into Junk trains as
     * junk, one moved out of Junk as good. Call after the move, with where it went.
     */
    async trainOnMove(ids: readonly string[], from: string, to: string, now: number = Date.now()): Promise<void> {
      if (to === 'junk' && from !== 'junk') await mark(ids, 'junk', now);
      else if (from === 'junk' && to !== 'junk' && to !== 'trash') await mark(ids, 'good', now);
    },
    /** Upgrades a model counted on older words (the store worker does, once it opens the store). */
    upgrade: (): Promise<boolean> => db.transaction('rw', [db.messages, db.bodies, db.rawChunks, db.junk], () => upgradeJunkModel(db)),
    async counts(): Promise<{ good: number; junk: number }> {
      const model = await db.transaction('r', db.junk, () => loadJunkModel(db));
      return { good: model.good, junk: model.junk };
    },
  };
}
