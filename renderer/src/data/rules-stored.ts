/**
 * Rules on mail already stored (issue 19): run when the person asks, on a folder, and on a
 * message as it is filed in Sent. The same engine as on arrival (shared/rules/engine.ts); what
 * it decides is applied to the rows here, with the rule log, in the caller's transaction.
 *
 * A copy is a new row with its own copy of the bytes, body and parts; a POP3 server action is
 * remembered on the message's POP entry, and the next check carries it out (plan.ts).
 */
import type { FolderKey } from '../../../shared/model/message';
import { storedBodyText } from '../../../shared/model/body-text';
import type { PendingForward, Rule, RuleLogEntry } from '../../../shared/model/rule';
import { compileRules, runRules, type CompiledRule, type FolderNamer, type RuleMessage } from '../../../shared/rules/engine';
import { lazyHeaders } from '../../../shared/rules/headers';
import type { HeronDb } from './db';
import { changePopEntries } from './pop-store';
import { getRawBytes, newRawChunkId, putRawChunk } from './raw-store';
import type { MessageRow } from './rows';
import { fixedFolderName, folderNamer, pendingForwards, sortedFrom } from './rules-arrival';
import { recordRuleProblems } from './rules-repo';
import type { FolderRef } from './messages-repo';
import { folderCollection, DEFAULT_SORT } from './message-list-repo';

/** The tables applying rules to stored mail writes. */
export function storedRuleTables(db: HeronDb) {
  return [db.messages, db.bodies, db.rawChunks, db.attachments, db.rules, db.ruleLog, db.ruleForwards, db.popChunks, db.folders];
}

function needs(compiled: readonly CompiledRule[]): { headers: boolean; body: boolean } {
  const fields = compiled.flatMap((c) => c.rule.conditions.map((x) => x.field));
  return { headers: fields.includes('header'), body: fields.includes('body') };
}

/**
 * Runs `compiled` on these rows and applies what they say. Call inside a read-write transaction
 * naming `storedRuleTables`. Answers how many messages a rule matched.
 */
export async function applyRulesToRows(db: HeronDb, rows: readonly MessageRow[], compiled: readonly CompiledRule[], trigger: 'manual' | 'sending', now: number, names: FolderNamer = fixedFolderName): Promise<number> {
  if (rows.length === 0 || compiled.length === 0) return 0;
  const want = needs(compiled);
  const ids = rows.map((r) => r.id);
  // A body's text may be kept as a span of the message's bytes: body rules need the bytes too.
  const [raws, bodies] = await Promise.all([want.headers || want.body ? getRawBytes(db, ids) : new Map<string, Uint8Array>(), want.body ? db.bodies.bulkGet(ids) : []]);
  const changed: MessageRow[] = [];
  const log: RuleLogEntry[] = [];
  const problems = new Map<string, string>();
  const copies: Array<{ row: MessageRow; folder: FolderKey }> = [];
  const server = new Map<string, 'leave' | 'delete' | 'download'>();
  const forwards: PendingForward[] = [];
  let matched = 0;
  rows.forEach((row, i) => {
    const m: RuleMessage = {
      accountId: row.accountId,
      from: row.from,
      to: row.to,
      cc: row.cc,
      subject: row.subject,
      date: row.date,
      size: row.size,
      header: lazyHeaders(() => raws.get(row.id) ?? null),
      body: () => {
        const b = bodies[i];
        const raw = raws.get(row.id);
        return b ? storedBodyText(raw, b) : '';
      },
    };
    const run = runRules(compiled, m, names, now);
    run.log.forEach((l, k) => {
      log.push({ id: `${row.id}:${trigger}:${now}:${k}`, messageId: row.id, at: now, trigger, ruleId: l.ruleId, ruleName: l.ruleName, did: l.did, ...(l.error ? { error: l.error } : {}) });
      if (l.error) problems.set(l.ruleId, l.error);
    });
    if (run.log.some((l) => l.did.length > 0)) matched += 1;
    const e = run.effects;
    const sorted = sortedFrom(e, row.folder);
    const next: MessageRow = {
      ...row,
      folder: sorted.folder,
      ...(sorted.previousFolder ? { previousFolder: sorted.previousFolder } : {}),
      ...(sorted.unread !== undefined ? { unread: sorted.unread } : {}),
      ...(sorted.starred ? { starred: true } : {}),
      ...(sorted.tags ? { tags: [...new Set([...(row.tags ?? []), ...sorted.tags])] } : {}),
    };
    if (next.folder !== row.folder || next.unread !== row.unread || next.starred !== row.starred || next.tags !== row.tags) changed.push(next);
    // A copy carries the marks the rules gave (read, star, tags), not the move.
    for (const folder of e.copies) if (folder !== next.folder) copies.push({ row: { ...next, previousFolder: undefined }, folder: folder as FolderKey });
    if (e.server !== null && row.uidl !== null) server.set(row.id, e.server);
    forwards.push(...pendingForwards({ log }, next, e, trigger, now));
  });
  if (changed.length > 0) await db.messages.bulkPut(changed);
  if (log.length > 0) await db.ruleLog.bulkPut(log);
  if (forwards.length > 0) await db.ruleForwards.bulkPut(forwards);
  await recordRuleProblems(db, problems, now);
  if (copies.length > 0) await copyRows(db, copies);
  if (server.size > 0) {
    await changePopEntries(db, [...new Set(rows.map((r) => r.accountId))], [...server.keys()], (entry) => ({ ...entry, serverAction: server.get(entry.localId) ?? entry.serverAction }));
  }
  return matched;
}

/** New rows for copies, each with the bytes, body and parts of the message it copies. */
async function copyRows(db: HeronDb, copies: ReadonlyArray<{ row: MessageRow; folder: FolderKey }>): Promise<void> {
  const sources = copies.map((c) => c.row.id);
  const [raws, bodies, parts] = await Promise.all([getRawBytes(db, sources), db.bodies.bulkGet(sources), db.attachments.where('messageId').anyOf(sources).toArray()]);
  const chunk = newRawChunkId();
  const made = copies.map((c) => ({ ...c, id: `${c.row.id}.copy-${c.folder}-${Date.now().toString(36)}` }));
  await putRawChunk(
    db,
    chunk,
    made.flatMap((c) => {
      const bytes = raws.get(c.row.id);
      return bytes ? [{ id: c.id, bytes }] : [];
    }),
  );
  await db.messages.bulkAdd(made.map((c) => ({ ...c.row, id: c.id, folder: c.folder, uidl: null, rawChunk: raws.has(c.row.id) ? chunk : undefined })));
  await db.bodies.bulkPut(made.flatMap((c, i) => (bodies[i] ? [{ ...bodies[i], messageId: c.id }] : [])));
  await db.attachments.bulkPut(made.flatMap((c) => parts.filter((p) => p.messageId === c.row.id).map((p) => ({ ...p, id: p.id.replace(c.row.id, c.id), messageId: c.id }))));
}

/** The rules that run when the person asks (or only `ruleIds`), compiled. */
export function manualRules(rules: readonly Rule[], names: FolderNamer, ruleIds?: readonly string[]): CompiledRule[] {
  return compileRules(rules, names, (r) => (ruleIds ? ruleIds.includes(r.id) : r.triggers.manual));
}

const CHUNK = 500;

/**
 * "Run rules on this folder": the folder's messages a chunk at a time, each chunk one transaction.
 * Answers how many messages were looked at and how many a rule matched.
 */
export async function runRulesOnFolder(db: HeronDb, ref: FolderRef, ruleIds?: readonly string[], now: number = Date.now()): Promise<{ looked: number; matched: number }> {
  const names = folderNamer(await db.folders.toArray());
  const compiled = manualRules(await db.rules.toArray(), names, ruleIds);
  if (compiled.length === 0) return { looked: 0, matched: 0 };
  // Ids first: rules move messages out of the folder while it is walked.
  const ids = await folderCollection(db, ref, DEFAULT_SORT).primaryKeys();
  let matched = 0;
  for (let i = 0; i < ids.length; i += CHUNK) {
    const part = ids.slice(i, i + CHUNK);
    matched += await db.transaction('rw', storedRuleTables(db), async () => {
      const rows = (await db.messages.bulkGet(part)).filter((r): r is MessageRow => r !== undefined && r.folder === ref.folder);
      return applyRulesToRows(db, rows, compiled, 'manual', now, names);
    });
  }
  return { looked: ids.length, matched };
}

/** On sending: the rules for sent mail, on the Sent copy just filed. Inside the caller's transaction. */
export async function applySendingRules(db: HeronDb, row: MessageRow, now: number): Promise<void> {
  const names = folderNamer(await db.folders.toArray());
  const compiled = compileRules(await db.rules.toArray(), names, (r) => r.triggers.sending && (r.accountId === null || r.accountId === row.accountId));
  await applyRulesToRows(db, [row], compiled, 'sending', now, names);
}
