/**
 * Thunderbird's message filters (`msgFilterRules.dat`) as Heron rules. The file is lines of
 * `attribute="value"` (nsMsgFilterList: a backslash escapes `"` and `\` inside a value); a filter
 * starts at `name`, then `enabled`, `type` (a bit set: 1 on arrival, 16 manual, 32 after the junk
 * filter, 64 after sending, 128 archiving, 256 periodic), any number of `action` each followed
 * by its `actionValue` when it has one, and one `condition`:
 * `AND (subject,contains,foo) AND ("X-Spam-Flag",is,YES)` — or `ALL`. A term value with a
 * parenthesis, comma or quote is itself quoted.
 *
 * Nothing is guessed: a filter whose condition Heron cannot evaluate the same way is not
 * imported, and the report says why; an action Heron has no counterpart for is named.
 */
import type { Rule, RuleAction, RuleCondition, RuleField, RuleOperator } from '../model/rule';

export interface ImportedRules {
  readonly rules: Rule[];
  /** Filters not imported, and why. */
  readonly skipped: Array<{ readonly name: string; readonly reason: string }>;
  /** Filters imported without some of their actions, and which. */
  readonly partly: Array<{ readonly name: string; readonly reason: string }>;
}

/** Finds the Heron folder for a Thunderbird folder URI's last segment ("Junk", "Archives/2024"); null when there is none. */
export type FolderFinder = (path: string) => string | null;

interface RawFilter {
  name: string;
  enabled: boolean;
  type: number;
  actions: Array<{ action: string; value: string | null }>;
  condition: string | null;
}

const TYPE_INBOX = 1;
const TYPE_MANUAL = 16;
const TYPE_POST_PLUGIN = 32;
const TYPE_POST_OUTGOING = 64;

/** `attr="value"` lines, unescaped. */
function* attributes(text: string): Generator<[string, string, number]> {
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? '';
    if (line.trim() === '') continue;
    const m = /^([A-Za-z]+)="(.*)"\s*$/.exec(line);
    if (!m) throw new Error(`line ${i + 1} is not attribute="value": ${line.slice(0, 80)}`);
    yield [m[1] ?? '', (m[2] ?? '').replace(/\\(["\\])/g, '$1'), i + 1];
  }
}

function readFilters(text: string): RawFilter[] {
  const filters: RawFilter[] = [];
  let current: RawFilter | null = null;
  for (const [attr, value, line] of attributes(text)) {
    switch (attr) {
      case 'version':
      case 'logging':
        continue;
      case 'name':
        current = { name: value, enabled: true, type: TYPE_INBOX | TYPE_MANUAL, actions: [], condition: null };
        filters.push(current);
        continue;
    }
    if (current === null) throw new Error(`line ${line}: "${attr}" comes before any filter's name`);
    switch (attr) {
      case 'enabled':
        current.enabled = value === 'yes';
        break;
      case 'type':
        current.type = Number.parseInt(value, 10) || 0;
        break;
      case 'action':
        current.actions.push({ action: value, value: null });
        break;
      case 'actionValue': {
        const last = current.actions[current.actions.length - 1];
        if (last) last.value = value;
        break;
      }
      case 'condition':
        current.condition = value;
        break;
      default:
        // Newer Thunderbirds add attributes (customId, description); they do not change what a filter does.
        break;
    }
  }
  return filters;
}

interface Term {
  readonly attribute: string;
  readonly operator: string;
  readonly value: string;
  readonly join: 'AND' | 'OR';
}

/** `AND (a,op,v) OR ("X-H",is,"a,b")`: each term with the word before it. */
function readTerms(condition: string): Term[] | 'all' {
  const s = condition.trim();
  if (s === 'ALL') return 'all';
  const terms: Term[] = [];
  let i = 0;
  const fail = (why: string): never => {
    throw new Error(`its condition cannot be read (${why}): ${condition.slice(0, 120)}`);
  };
  const skipSpace = () => {
    while (s[i] === ' ') i++;
  };
  const field = (stop: string): string => {
    skipSpace();
    if (s[i] === '"') {
      i++;
      let out = '';
      while (i < s.length && s[i] !== '"') {
        if (s[i] === '\\' && i + 1 < s.length) i++;
        out += s[i];
        i++;
      }
      if (s[i] !== '"') fail('an unclosed quote');
      i++;
      return out;
    }
    const start = i;
    while (i < s.length && !stop.includes(s[i] ?? '')) i++;
    return s.slice(start, i);
  };
  while (i < s.length) {
    skipSpace();
    const word = /^(AND|OR)\s*/.exec(s.slice(i));
    if (!word) return fail('expected AND or OR');
    i += word[0].length;
    if (s[i] !== '(') fail('expected "("');
    i++;
    const attribute = field(',');
    if (s[i] !== ',') fail('expected "," after the attribute');
    i++;
    const operator = field(',');
    if (s[i] !== ',') fail('expected "," after the operator');
    i++;
    const value = field(')');
    if (s[i] !== ')') fail('expected ")"');
    i++;
    terms.push({ attribute: attribute.trim(), operator: operator.trim(), value, join: word[1] === 'OR' ? 'OR' : 'AND' });
    skipSpace();
  }
  if (terms.length === 0) fail('no terms');
  return terms;
}

const FIELDS: Readonly<Record<string, RuleField>> = {
  subject: 'subject',
  from: 'from',
  to: 'to',
  cc: 'cc',
  'to or cc': 'recipients',
  'all addresses': 'recipients',
  body: 'body',
  size: 'size',
  'age in days': 'age',
};

const OPERATORS: Readonly<Record<string, RuleOperator>> = {
  contains: 'contains',
  "doesn't contain": 'not-contains',
  is: 'is',
  "isn't": 'is-not',
  'begins with': 'begins-with',
  'ends with': 'ends-with',
  'is greater than': 'greater-than',
  'is less than': 'less-than',
  matches: 'matches',
};

function conditionOf(t: Term): RuleCondition | string {
  const custom = !(t.attribute.toLowerCase() in FIELDS);
  // A custom header is written quoted, or as a bare name Thunderbird does not know; the known
  // attributes it has and Heron has not (date, priority, status, tag, junk status) are refused.
  const unsupported = ['date', 'priority', 'status', 'tag', 'junk status', 'junk percent', 'junk score origin', 'has attachment status', 'label', 'folder flag', 'keywords'];
  if (custom && unsupported.includes(t.attribute.toLowerCase())) return `its condition on "${t.attribute}" has no counterpart in Heron's rules`;
  const operator = OPERATORS[t.operator];
  if (operator === undefined) return `its condition "${t.attribute} ${t.operator}" has no counterpart in Heron's rules`;
  if (custom) return { field: 'header', header: t.attribute, operator, value: t.value };
  const field = FIELDS[t.attribute.toLowerCase()] as RuleField;
  const numeric = field === 'size' || field === 'age';
  if (numeric !== (operator === 'greater-than' || operator === 'less-than')) return `its condition "${t.attribute} ${t.operator}" has no counterpart in Heron's rules`;
  return { field, operator, value: t.value };
}

const FIXED: Readonly<Record<string, string>> = { inbox: 'inbox', sent: 'sent', drafts: 'drafts', junk: 'junk', spam: 'junk', trash: 'trash', 'deleted items': 'trash' };

/** The folder path of a Thunderbird folder URI: mailbox://nobody@Local%20Folders/Lists/Heron → "Lists/Heron". */
export function folderPathOf(uri: string): string {
  const m = /^[a-z]+:\/\/[^/]*\/(.*)$/i.exec(uri);
  const path = m?.[1] ?? uri;
  try {
    return decodeURIComponent(path);
  } catch {
    return path;
  }
}

/** The fixed folders by their usual names; custom folders through `find` (when Heron has them). */
export function fixedFolderFinder(find: FolderFinder = () => null): FolderFinder {
  return (path) => FIXED[path.toLowerCase()] ?? find(path);
}

/**
 * An action as a Heron action, or why not. `essential`:
 * without it the filter would do something else than the person meant (mail it moves would
 * stay in the Inbox marked read), so the filter is not imported at all.
 */
function actionOf(a: { action: string; value: string | null }, findFolder: FolderFinder): RuleAction | { skip: string; essential: boolean } {
  switch (a.action) {
    case 'Move to folder':
    case 'Copy to folder': {
      const path = folderPathOf(a.value ?? '');
      const folderId = findFolder(path);
      if (folderId === null) return { skip: `it files mail in the folder "${path}", which does not exist in Heron (create it, then import again)`, essential: true };
      return { kind: a.action === 'Move to folder' ? 'move' : 'copy', folderId };
    }
    case 'Mark read':
      return { kind: 'mark-read' };
    case 'Mark unread':
      return { kind: 'mark-unread' };
    case 'Mark flagged':
      return { kind: 'star' };
    case 'AddTag':
      return a.value ? { kind: 'tag', tag: a.value.replace(/^\$label\d$/, (l) => TB_LABELS[l] ?? l) } : { skip: 'a tag without a name', essential: false };
    case 'Delete':
      return { kind: 'delete' };
    case 'Forward': {
      // Thunderbird forwards as the person's forward setting says, which the file does not hold: inline (with the attachments) here, changed in the rule editor.
      const to = (a.value ?? '').trim();
      if (to === '') return { skip: 'it forwards mail to no address', essential: true };
      return { kind: 'forward', to: [to], asAttachment: false };
    }
    case 'Stop execution':
      return { kind: 'stop' };
    case 'Delete from Pop3 server':
      return { kind: 'server-delete' };
    case 'Leave on Pop3 server':
      return { kind: 'server-leave' };
    case 'Fetch body from Pop3Server':
      return { kind: 'server-download' };
    case 'Change priority':
    case 'JunkScore':
    case 'Label':
      // Bookkeeping with no counterpart here: the filter still does what else it says (and the report names it).
      return { skip: `"${a.action}${a.value ? ` ${a.value}` : ''}" (Heron has no counterpart)`, essential: false };
    default:
      return { skip: `it does "${a.action}", which Heron's rules cannot do`, essential: true };
  }
}

/** Thunderbird's five built-in tags, by keyword. */
const TB_LABELS: Readonly<Record<string, string>> = { $label1: 'Important', $label2: 'Work', $label3: 'Personal', $label4: 'To Do', $label5: 'Later' };

/**
 * Reads a msgFilterRules.dat. `newId` names each rule; `accountId` binds them to the account the
 * file came with (null: every account). Throws only when the file is not a filter file at all.
 */
export function importThunderbirdFilters(text: string, options: { newId: () => string; accountId: string | null; findFolder?: FolderFinder }): ImportedRules {
  const findFolder = options.findFolder ?? fixedFolderFinder();
  if (!/^version="\d+"/m.test(text)) throw new Error('This is not a Thunderbird filter file (msgFilterRules.dat): it has no version line.');
  const out: ImportedRules = { rules: [], skipped: [], partly: [] };
  readFilters(text).forEach((f, index) => {
    const name = f.name || `(unnamed filter ${index + 1})`;
    if ((f.type & (TYPE_INBOX | TYPE_MANUAL | TYPE_POST_PLUGIN | TYPE_POST_OUTGOING)) === 0) {
      out.skipped.push({ name, reason: 'it runs only when archiving or periodically, which Heron does not do' });
      return;
    }
    let terms: Term[] | 'all';
    try {
      if (f.condition === null) throw new Error('it has no condition');
      terms = readTerms(f.condition);
    } catch (error) {
      out.skipped.push({ name, reason: error instanceof Error ? error.message : String(error) });
      return;
    }
    let conditions: RuleCondition[];
    let match: Rule['match'] = 'all';
    if (terms === 'all') {
      conditions = [];
      match = 'every';
    } else {
      const read = terms.map(conditionOf);
      const refused = read.find((c): c is string => typeof c === 'string');
      if (refused !== undefined) {
        out.skipped.push({ name, reason: refused });
        return;
      }
      conditions = read as RuleCondition[];
      // Thunderbird writes one join for the whole list (the first term's word is the filter's).
      match = terms.slice(1).some((t) => t.join === 'OR') || terms[0]?.join === 'OR' ? 'any' : 'all';
    }
    const actions: RuleAction[] = [];
    const missing: string[] = [];
    let essential: string | null = null;
    for (const a of f.actions) {
      const r = actionOf(a, findFolder);
      if ('skip' in r) {
        missing.push(r.skip);
        if (r.essential) essential ??= r.skip;
      } else actions.push(r);
    }
    if (essential !== null || actions.length === 0) {
      out.skipped.push({ name, reason: essential ?? missing[0] ?? 'it does nothing Heron can do' });
      return;
    }
    if (missing.length > 0) out.partly.push({ name, reason: `left out: ${missing.join('; ')}` });
    out.rules.push({
      id: options.newId(),
      name,
      enabled: f.enabled,
      order: index + 1,
      accountId: options.accountId,
      triggers: { arrival: (f.type & (TYPE_INBOX | TYPE_POST_PLUGIN)) !== 0, manual: (f.type & TYPE_MANUAL) !== 0, sending: (f.type & TYPE_POST_OUTGOING) !== 0 },
      junkPhase: (f.type & TYPE_POST_PLUGIN) !== 0 && (f.type & TYPE_INBOX) === 0 ? 'after' : 'before',
      match,
      conditions,
      actions,
    });
  });
  return out;
}
