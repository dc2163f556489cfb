/**
 * The rule engine: pure. Rules are compiled once (regular expressions built, folders checked),
 * then each message is run through them in order and the engine says what to do with it — the
 * store applies that (renderer/src/data/rules-apply.ts) — and what each rule did, for the
 * message's rule log. Headers and body are asked for lazily: a rule on the sender never makes
 * the engine read the body.
 *
 * A broken rule (a regular expression that does not compile, a folder that does not exist, a
 * tag without a name) is never skipped in silence: each message it met gets a log
 * entry saying why it could not run, and the caller records the problem on the rule.
 */
import type { Address } from '../model/message';
import { isNumberField, type Rule, type RuleAction, type RuleCondition } from '../model/rule';
import { forwardRefusal } from './forward';

/** What the engine may read of a message. */
export interface RuleMessage {
  readonly accountId: string;
  readonly from: Address | null;
  readonly to: readonly Address[];
  readonly cc: readonly Address[];
  readonly subject: string;
  /** Epoch ms. */
  readonly date: number;
  /** Octets. */
  readonly size: number;
  /** Every value of a header, unfolded and decoded (empty when absent). */
  header(name: string): readonly string[];
  /** The message's text. */
  body(): string;
}

/** What the rules say to do with one message, applied by the store in the order given. */
export interface RuleEffects {
  /** The folder to file it in; null = where it would go anyway. */
  folder: string | null;
  /** Extra copies, by folder id. */
  copies: string[];
  unread: boolean | null;
  starred: boolean;
  tags: string[];
  /** Moved to Trash (after any move). */
  trash: boolean;
  /** The last POP3 server action a rule asked for. */
  server: 'leave' | 'delete' | 'download' | null;
  /** Forwards the rules asked for, done once the message is stored (never for mail sent automatically). */
  forwards: ForwardRequest[];
}

export interface ForwardRequest {
  readonly ruleId: string;
  readonly ruleName: string;
  readonly to: readonly string[];
  readonly asAttachment: boolean;
}

export interface RuleLogLine {
  readonly ruleId: string;
  readonly ruleName: string;
  readonly did: string[];
  readonly error?: string;
}

export interface RuleRun {
  readonly effects: RuleEffects;
  readonly log: RuleLogLine[];
  /** A rule said "stop processing". */
  readonly stopped: boolean;
}

/** Names a folder by id, or null when there is no such folder (fixed folders today; custom ones when they land). */
export type FolderNamer = (folderId: string) => string | null;

type Test = (m: RuleMessage, now: number) => boolean;

export interface CompiledRule {
  readonly rule: Rule;
  /** Why the rule cannot be evaluated at all (a condition is broken); null when it can. */
  readonly broken: string | null;
  /** Why some action cannot be done (the others still are). */
  readonly actionProblems: ReadonlyMap<RuleAction, string>;
  readonly test: Test;
}

const DAY_MS = 86_400_000;

function addressText(a: Address): string {
  return a.name ? `${a.name} <${a.address}>` : a.address;
}

/** The texts a condition compares: for an address field, each address with its name. */
function valuesOf(c: RuleCondition, m: RuleMessage): readonly string[] {
  switch (c.field) {
    case 'from':
      return m.from ? [addressText(m.from)] : [];
    case 'to':
      return m.to.map(addressText);
    case 'cc':
      return m.cc.map(addressText);
    case 'recipients':
      return [...m.to, ...m.cc].map(addressText);
    case 'subject':
      return [m.subject];
    case 'header':
      return m.header(c.header ?? '');
    case 'body':
      return [m.body()];
    case 'account':
      return [m.accountId];
    case 'size':
    case 'age':
      return [];
  }
}

function compileCondition(c: RuleCondition): Test {
  if (isNumberField(c.field)) {
    const n = Number(c.value.trim());
    if (c.value.trim() === '' || !Number.isFinite(n)) throw new Error(`"${c.value}" is not a number`);
    if (c.operator !== 'greater-than' && c.operator !== 'less-than') throw new Error(`${c.field} can only be compared as greater or less than`);
    const greater = c.operator === 'greater-than';
    if (c.field === 'size') {
      const bytes = n * 1024; // Thunderbird's unit: KB
      return (m) => (greater ? m.size > bytes : m.size < bytes);
    }
    return (m, now) => {
      const days = (now - m.date) / DAY_MS;
      return greater ? days > n : days < n;
    };
  }
  if (c.field === 'header' && (c.header ?? '').trim() === '') throw new Error('the header has no name');
  const needle = c.value.toLowerCase();
  const any = (pred: (v: string) => boolean): Test => (m) => valuesOf(c, m).some((v) => pred(v.toLowerCase()));
  switch (c.operator) {
    case 'contains':
      return any((v) => v.includes(needle));
    case 'not-contains':
      return (m, now) => !any((v) => v.includes(needle))(m, now);
    case 'is':
      // An address field "is" the address, whatever name goes with it.
      return c.field === 'from' || c.field === 'to' || c.field === 'cc' || c.field === 'recipients'
        ? (m) => addressesOf(c, m).some((a) => a === needle) || valuesOf(c, m).some((v) => v.toLowerCase() === needle)
        : any((v) => v === needle);
    case 'is-not':
      return (m, now) => !compileCondition({ ...c, operator: 'is' })(m, now);
    case 'begins-with':
      return any((v) => v.startsWith(needle));
    case 'ends-with':
      return c.field === 'from' || c.field === 'to' || c.field === 'cc' || c.field === 'recipients'
        ? (m) => addressesOf(c, m).some((a) => a.endsWith(needle)) || valuesOf(c, m).some((v) => v.toLowerCase().endsWith(needle))
        : any((v) => v.endsWith(needle));
    case 'matches': {
      let re: RegExp;
      try {
        re = new RegExp(c.value, 'iu');
      } catch (error) {
        throw new Error(`"${c.value}" is not a valid regular expression (${error instanceof Error ? error.message : String(error)})`);
      }
      return (m) => valuesOf(c, m).some((v) => re.test(v));
    }
    case 'exists':
      return (m) => valuesOf(c, m).length > 0;
    case 'not-exists':
      return (m) => valuesOf(c, m).length === 0;
    case 'greater-than':
    case 'less-than':
      throw new Error(`${c.field} cannot be compared as a number`);
  }
}

function addressesOf(c: RuleCondition, m: RuleMessage): string[] {
  const list = c.field === 'from' ? (m.from ? [m.from] : []) : c.field === 'to' ? m.to : c.field === 'cc' ? m.cc : [...m.to, ...m.cc];
  return list.map((a) => a.address.toLowerCase());
}

function actionProblem(a: RuleAction, folderName: FolderNamer): string | null {
  switch (a.kind) {
    case 'move':
    case 'copy':
      return folderName(a.folderId) === null ? `the folder it ${a.kind === 'move' ? 'moves' : 'copies'} mail to no longer exists (it was deleted); choose another` : null;
    case 'tag':
      return a.tag.trim() === '' ? 'the tag has no name' : null;
    case 'forward': {
      if (a.to.length === 0) return 'it forwards to no address';
      const bad = a.to.find((x) => !/^[^\s@<>,;"]+@[^\s@<>,;"]+\.[^\s@<>,;"]+$/.test(x));
      return bad === undefined ? null : `"${bad}" is not an email address to forward to`;
    }
    default:
      return null;
  }
}

export function compileRule(rule: Rule, folderName: FolderNamer): CompiledRule {
  const actionProblems = new Map<RuleAction, string>();
  for (const a of rule.actions) {
    const p = actionProblem(a, folderName);
    if (p !== null) actionProblems.set(a, p);
  }
  try {
    if (rule.match === 'every') return { rule, broken: null, actionProblems, test: () => true };
    if (rule.conditions.length === 0) throw new Error('it has no conditions');
    const tests = rule.conditions.map(compileCondition);
    const test: Test = rule.match === 'all' ? (m, now) => tests.every((t) => t(m, now)) : (m, now) => tests.some((t) => t(m, now));
    return { rule, broken: null, actionProblems, test };
  } catch (error) {
    return { rule, broken: error instanceof Error ? error.message : String(error), actionProblems, test: () => false };
  }
}

/** The enabled rules for one trigger, in order, compiled. */
export function compileRules(rules: readonly Rule[], folderName: FolderNamer, pick: (r: Rule) => boolean = () => true): CompiledRule[] {
  return rules
    .filter((r) => r.enabled && pick(r))
    .slice()
    .sort((a, b) => a.order - b.order || a.id.localeCompare(b.id))
    .map((r) => compileRule(r, folderName));
}

/** How the log says a rule asked for a forward (rules-arrival.ts takes it back for mail in Junk). */
export const FORWARDING = 'Forwarding to ';

export function noEffects(): RuleEffects {
  return { folder: null, copies: [], unread: null, starred: false, tags: [], trash: false, server: null, forwards: [] };
}

function describe(a: RuleAction, folderName: FolderNamer): string {
  switch (a.kind) {
    case 'move':
      return `Moved to ${folderName(a.folderId) ?? a.folderId}`;
    case 'copy':
      return `Copied to ${folderName(a.folderId) ?? a.folderId}`;
    case 'mark-read':
      return 'Marked read';
    case 'mark-unread':
      return 'Marked unread';
    case 'star':
      return 'Starred';
    case 'tag':
      return `Tagged "${a.tag}"`;
    case 'delete':
      return 'Deleted (to Trash)';
    case 'stop':
      return 'Stopped processing further rules';
    case 'server-leave':
      return 'Left on the server';
    case 'server-delete':
      return 'Deleted from the server once stored';
    case 'server-download':
      return 'Downloaded whole from the server';
    case 'forward':
      return `${FORWARDING}${a.to.join(', ')}${a.asAttachment ? ' as an attachment' : ''} (through the Outbox)`;
  }
}

/**
 * Runs compiled rules on one message, starting from `effects` (what earlier rules said), and
 * answers what they say. The message's account filters rules bound to another account.
 */
export function runRules(
  compiled: readonly CompiledRule[],
  m: RuleMessage,
  folderName: FolderNamer,
  now: number,
  effects: RuleEffects = noEffects(),
): RuleRun {
  const log: RuleLogLine[] = [];
  for (const c of compiled) {
    if (c.rule.accountId !== null && c.rule.accountId !== m.accountId) continue;
    if (c.broken !== null) {
      log.push({ ruleId: c.rule.id, ruleName: c.rule.name, did: [], error: `This rule could not run: ${c.broken}.` });
      continue;
    }
    let matched: boolean;
    try {
      matched = c.test(m, now);
    } catch (error) {
      log.push({ ruleId: c.rule.id, ruleName: c.rule.name, did: [], error: `This rule could not run: ${error instanceof Error ? error.message : String(error)}.` });
      continue;
    }
    if (!matched) continue;
    const did: string[] = [];
    const problems: string[] = [];
    let stop = false;
    for (const a of c.rule.actions) {
      const problem = c.actionProblems.get(a);
      if (problem !== undefined) {
        problems.push(problem);
        continue;
      }
      if (a.kind === 'forward') {
        // The loop guard: asked only of a rule that matched and forwards, so other rules never read headers for it.
        const refusal = forwardRefusal(m);
        if (refusal !== null) {
          did.push(`Not forwarded: ${refusal}`);
          continue;
        }
        effects.forwards.push({ ruleId: c.rule.id, ruleName: c.rule.name, to: a.to, asAttachment: a.asAttachment });
      }
      apply(effects, a);
      did.push(describe(a, folderName));
      if (a.kind === 'stop') stop = true;
    }
    log.push({ ruleId: c.rule.id, ruleName: c.rule.name, did, ...(problems.length > 0 ? { error: `Not done: ${problems.join('; ')}.` } : {}) });
    if (stop) return { effects, log, stopped: true };
  }
  return { effects, log, stopped: false };
}

function apply(e: RuleEffects, a: RuleAction): void {
  switch (a.kind) {
    case 'move':
      e.folder = a.folderId;
      return;
    case 'copy':
      if (!e.copies.includes(a.folderId)) e.copies.push(a.folderId);
      return;
    case 'mark-read':
      e.unread = false;
      return;
    case 'mark-unread':
      e.unread = true;
      return;
    case 'star':
      e.starred = true;
      return;
    case 'tag':
      if (!e.tags.includes(a.tag.trim())) e.tags.push(a.tag.trim());
      return;
    case 'delete':
      e.trash = true;
      return;
    case 'stop':
    case 'forward':
      return;
    case 'server-leave':
      e.server = 'leave';
      return;
    case 'server-delete':
      e.server = 'delete';
      return;
    case 'server-download':
      e.server = 'download';
      return;
  }
}
