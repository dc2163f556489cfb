/**
 * Rules and the junk filter on arriving mail (issue 19), run by the store worker inside the
 * batch's commit transaction (fetch-store.ts): a message is filed, marked and logged in the same
 * strict commit that stores it, so there is never a moment when it sits in the Inbox unsorted,
 * and a crash leaves it either not stored or stored and sorted.
 *
 * Order, as in Thunderbird: rules marked "before junk", then the junk filter (unless such a rule
 * filed the message or stopped processing), then the other rules on what the filter left alone.
 * What each did goes to the message's rule log; a broken rule's reason goes there too, and on
 * the rule (rules-repo.ts `recordRuleProblems`).
 */
import { storedBodyText } from '../../../shared/model/body-text';
import type { FetchedMessage } from '../../../shared/model/fetched-message';
import { FIXED_FOLDER_NAMES, isCustomFolder, LOCAL_FOLDERS, type FolderKey, type LocalFolder } from '../../../shared/model/message';
import { pathOf } from './folders-repo';
import type { FolderRow } from './rows';
import type { PendingForward, Rule, RuleLogEntry } from '../../../shared/model/rule';
import { compileRules, FORWARDING, noEffects, runRules, type CompiledRule, type FolderNamer, type RuleEffects, type RuleMessage } from '../../../shared/rules/engine';
import { lazyHeaders } from '../../../shared/rules/headers';
import type { HeronDb } from './db';
import { judge, junkLogEntry, loadJunkModel, wordsOf } from './junk-repo';

/** What a POP3 server action asks of the fetch, by local id. */
export type ServerAction = 'leave' | 'delete' | 'download';

/** How one message's row differs from what it would be without rules. */
export interface Sorted {
  readonly folder: FolderKey;
  readonly previousFolder?: FolderKey;
  readonly unread?: boolean;
  readonly starred?: boolean;
  readonly tags?: readonly string[];
  readonly junkScore?: number;
}

export interface ArrivalOutcome {
  readonly sorted: ReadonlyMap<string, Sorted>;
  /** Copies a rule asked for: the message under a new id, and its folder. */
  readonly copies: ReadonlyArray<{ readonly message: FetchedMessage; readonly folder: FolderKey; readonly source: string }>;
  readonly log: RuleLogEntry[];
  readonly server: ReadonlyMap<string, ServerAction>;
  /** Problems by rule id. */
  readonly problems: ReadonlyMap<string, string>;
  /** Forwards to put in the Outbox once the batch is committed (written in the same transaction). */
  readonly forwards: readonly PendingForward[];
}

export const NOTHING_SORTED: ArrivalOutcome = { sorted: new Map(), copies: [], log: [], server: new Map(), problems: new Map(), forwards: [] };

/** The fixed folders by id. */
export const fixedFolderName: FolderNamer = (id) => (LOCAL_FOLDERS.includes(id as LocalFolder) ? FIXED_FOLDER_NAMES[id as LocalFolder] : null);

/** The fixed folders and the person's own, by id; a rule naming a folder that is gone is broken. */
export function folderNamer(folders: readonly FolderRow[]): FolderNamer {
  const ids = new Set(folders.map((f) => f.id));
  return (id) => fixedFolderName(id) ?? (isCustomFolder(id) && ids.has(id) ? pathOf(folders, id).join(' / ') : null);
}

/** A fetched message as the engine reads it. */
export function fetchedRuleMessage(m: FetchedMessage, accountId: string): RuleMessage {
  const h = m.headers;
  return {
    accountId,
    from: h.from,
    to: h.to,
    cc: h.cc,
    subject: h.subject,
    date: Number.isFinite(h.date) ? h.date : m.receivedAt,
    size: m.size,
    header: lazyHeaders(() => m.raw),
    body: () => (m.content ? storedBodyText(m.raw, m.content.body) : ''),
  };
}

function fetchedWords(m: FetchedMessage): string[] {
  return wordsOf({ subject: m.headers.subject, from: m.headers.from }, m.content?.body, m.raw);
}

let logSeq = 0;
function logId(messageId: string, at: number): string {
  logSeq = (logSeq + 1) % 1_000_000;
  return `${messageId}:${at}:${logSeq}`;
}

/** Log lines and problems from one run of rules. */
function record(out: { log: RuleLogEntry[]; problems: Map<string, string> }, messageId: string, lines: ReturnType<typeof runRules>['log'], at: number, trigger: RuleLogEntry['trigger']): void {
  for (const l of lines) {
    out.log.push({ id: logId(messageId, at), messageId, at, trigger, ruleId: l.ruleId, ruleName: l.ruleName, did: l.did, ...(l.error ? { error: l.error } : {}) });
    if (l.error) out.problems.set(l.ruleId, l.error);
  }
}

/**
 * The forwards rules asked for on one message, to wait in `ruleForwards` until the window puts
 * them in the Outbox; none for mail in Junk (a spammer's mail is never sent on), which the log says.
 */
export function pendingForwards(
  out: { log: RuleLogEntry[] },
  message: { readonly id: string; readonly accountId: string; readonly folder: FolderKey },
  e: RuleEffects,
  trigger: PendingForward['trigger'],
  now: number,
): PendingForward[] {
  if (e.forwards.length === 0) return [];
  if (message.folder === 'junk') {
    // The rule's line said it would forward; it will not, and the log says so instead.
    out.log.forEach((l, i) => {
      if (l.messageId === message.id && l.did.some(isForwarding)) out.log[i] = { ...l, did: l.did.filter((d) => !isForwarding(d)) };
    });
    for (const f of e.forwards) out.log.push({ id: logId(message.id, now), messageId: message.id, at: now, trigger, ruleId: f.ruleId, ruleName: f.ruleName, did: [`Not forwarded to ${f.to.join(', ')}: the message is in Junk`] });
    return [];
  }
  return e.forwards.map((f) => ({ id: `fwd-${crypto.randomUUID()}`, messageId: message.id, accountId: message.accountId, to: f.to, asAttachment: f.asAttachment, ruleId: f.ruleId, ruleName: f.ruleName, trigger, at: now }));
}

const isForwarding = (did: string) => did.startsWith(FORWARDING);

/** The row a message gets from rule effects, starting in `base`. */
export function sortedFrom(e: RuleEffects, base: FolderKey): Sorted {
  let folder = (e.folder as FolderKey | null) ?? base;
  let previousFolder: FolderKey | undefined;
  if (e.trash && folder !== 'trash') {
    previousFolder = folder;
    folder = 'trash';
  }
  // Restoring from Trash, or "Not junk", puts it back where it was.
  if ((folder === 'trash' || folder === 'junk') && previousFolder === undefined && base !== folder) previousFolder = base;
  return {
    folder,
    ...(previousFolder ? { previousFolder } : {}),
    ...(e.unread !== null ? { unread: e.unread } : {}),
    ...(e.starred ? { starred: true } : {}),
    ...(e.tags.length > 0 ? { tags: e.tags } : {}),
  };
}

/** Runs before-junk rules, the filter and after-junk rules on fresh messages. Inside a transaction naming rules, junk and ruleLog. */
export async function sortArrivals(db: HeronDb, accountId: string, messages: readonly FetchedMessage[], now: number): Promise<ArrivalOutcome> {
  const [rules, model] = await Promise.all([db.rules.toArray(), loadJunkModel(db)]);
  const arrival = (r: Rule) => r.triggers.arrival && (r.accountId === null || r.accountId === accountId);
  // The person's folders are read only when a rule names one.
  const names = rules.some((r) => r.actions.some((a) => 'folderId' in a && isCustomFolder(a.folderId))) ? folderNamer(await db.folders.toArray()) : fixedFolderName;
  const before: CompiledRule[] = compileRules(rules, names, (r) => arrival(r) && r.junkPhase === 'before');
  const after: CompiledRule[] = compileRules(rules, names, (r) => arrival(r) && r.junkPhase !== 'before');
  const judging = model.good > 0 && model.junk > 0;
  if (before.length === 0 && after.length === 0 && !judging) return NOTHING_SORTED;

  const out = { log: [] as RuleLogEntry[], problems: new Map<string, string>() };
  const sorted = new Map<string, Sorted>();
  const copies: Array<{ message: FetchedMessage; folder: FolderKey; source: string }> = [];
  const server = new Map<string, ServerAction>();
  const forwards: PendingForward[] = [];
  for (const m of messages) {
    const rm = fetchedRuleMessage(m, accountId);
    const effects = noEffects();
    const first = runRules(before, rm, names, now, effects);
    record(out, m.id, first.log, now, 'arrival');
    let stopped = first.stopped;
    let junkScore: number | undefined;
    // A message a before-junk rule filed or stopped on is the person's call, not the filter's.
    // Words only for a filter that can judge: with rules in place, an untrained filter would otherwise read every body.
    if (judging && !stopped && effects.folder === null && !effects.trash) {
      const score = judge(model, fetchedWords(m));
      if (score) {
        junkScore = score.score;
        if (score.verdict !== 'good') out.log.push(junkLogEntry(m.id, score, now, logId(m.id, now)));
        if (score.verdict === 'junk') {
          effects.folder = 'junk';
          stopped = true; // mail the filter sent to Junk is left alone by the rules after it
        }
      }
    }
    if (!stopped) record(out, m.id, runRules(after, rm, names, now, effects).log, now, 'arrival');
    const row = sortedFrom(effects, 'inbox');
    const changed = row.folder !== 'inbox' || Object.keys(row).length > 1 || junkScore !== undefined;
    if (changed) sorted.set(m.id, { ...row, ...(junkScore !== undefined ? { junkScore } : {}) });
    for (const folder of effects.copies) {
      if (folder !== row.folder) copies.push({ message: { ...m, id: `${m.id}.copy-${folder}`, uidl: null, replaces: false }, folder: folder as FolderKey, source: m.id });
    }
    if (effects.server !== null && m.uidl !== null) server.set(m.id, effects.server);
    forwards.push(...pendingForwards(out, { id: m.id, accountId, folder: row.folder }, effects, 'arrival', now));
  }
  return { sorted, copies, log: out.log, server, problems: out.problems, forwards };
}
