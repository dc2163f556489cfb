/** A rule being edited: a new one's defaults, and what keeps it from being saved. */
import { compileRule, type FolderNamer } from '../../../../shared/rules/engine';
import { FIELD_NAMES, isNumberField, type Rule, type RuleAction, type RuleActionKind, type RuleCondition, type RuleField, type RuleOperator } from '../../../../shared/model/rule';
import { fixedFolderName } from '../../data/rules-arrival';
import { addressError } from '../compose/addresses';

export function newRule(order: number): Rule {
  return {
    id: crypto.randomUUID(),
    name: '',
    enabled: true,
    order,
    accountId: null,
    triggers: { arrival: true, manual: true, sending: false },
    junkPhase: 'after',
    match: 'all',
    conditions: [{ field: 'from', operator: 'contains', value: '' }],
    actions: [{ kind: 'move', folderId: 'inbox' }],
  };
}

export const TEXT_OPERATORS: ReadonlyArray<[RuleOperator, string]> = [
  ['contains', 'contains'],
  ['not-contains', 'does not contain'],
  ['is', 'is'],
  ['is-not', 'is not'],
  ['begins-with', 'begins with'],
  ['ends-with', 'ends with'],
  ['matches', 'matches the regular expression'],
  ['exists', 'exists'],
  ['not-exists', 'does not exist'],
];

export const NUMBER_OPERATORS: ReadonlyArray<[RuleOperator, string]> = [
  ['greater-than', 'is greater than'],
  ['less-than', 'is less than'],
];

export function operatorsFor(field: RuleField): ReadonlyArray<[RuleOperator, string]> {
  return isNumberField(field) ? NUMBER_OPERATORS : TEXT_OPERATORS;
}

/** A condition whose field changed keeps what still makes sense. */
export function withField(c: RuleCondition, field: RuleField): RuleCondition {
  const ops = operatorsFor(field).map(([o]) => o);
  return { field, operator: ops.includes(c.operator) ? c.operator : (ops[0] as RuleOperator), value: isNumberField(field) === isNumberField(c.field) ? c.value : '', ...(field === 'header' ? { header: c.header ?? '' } : {}) };
}

export const ACTION_NAMES: ReadonlyArray<[RuleActionKind, string]> = [
  ['move', 'Move to folder'],
  ['copy', 'Copy to folder'],
  ['mark-read', 'Mark read'],
  ['mark-unread', 'Mark unread'],
  ['star', 'Star'],
  ['tag', 'Tag'],
  ['delete', 'Delete (to Trash)'],
  ['forward', 'Forward to'],
  ['stop', 'Stop processing further rules'],
  ['server-leave', 'Leave on the POP3 server'],
  ['server-delete', 'Delete from the POP3 server (once stored)'],
  ['server-download', 'Download the whole message from the POP3 server'],
];

export function actionOfKind(kind: RuleActionKind, was: RuleAction): RuleAction {
  switch (kind) {
    case 'move':
    case 'copy':
      return { kind, folderId: 'folderId' in was ? was.folderId : 'inbox' };
    case 'tag':
      return { kind, tag: 'tag' in was ? was.tag : '' };
    case 'forward':
      return { kind, to: 'to' in was ? was.to : [], asAttachment: 'asAttachment' in was ? was.asAttachment : false };
    default:
      return { kind };
  }
}

/** Why this rule cannot be saved as it is, in words; empty when it can. */
export function ruleProblems(rule: Rule, names: FolderNamer = fixedFolderName): string[] {
  const problems: string[] = [];
  if (rule.name.trim() === '') problems.push('Give the rule a name.');
  if (!rule.triggers.arrival && !rule.triggers.manual && !rule.triggers.sending) problems.push('Choose when the rule runs.');
  if (rule.actions.length === 0) problems.push('Add at least one action.');
  const compiled = compileRule(rule, names);
  if (compiled.broken !== null) problems.push(`A condition cannot work: ${compiled.broken}.`);
  for (const [a, p] of compiled.actionProblems) if (a.kind !== 'forward') problems.push(`An action cannot work: ${p}.`);
  // The engine's check of addresses is coarse; the editor says exactly what is wrong with one, as Compose does.
  for (const a of rule.actions) {
    if (a.kind !== 'forward') continue;
    if (a.to.length === 0) problems.push('Forward to: enter the address to forward to.');
    for (const to of a.to) {
      const why = addressError(to);
      if (why !== null) problems.push(`Forward to: ${why}`);
    }
  }
  return problems;
}

/** A rule whose folder was deleted is kept, and says so in the list until it is edited. */
export function brokenFolders(rule: Rule, names: FolderNamer): string[] {
  return [...compileRule(rule, names).actionProblems.values()].map((p) => `${p.charAt(0).toUpperCase()}${p.slice(1)}.`);
}

/**
 * What the list says is wrong with a rule: what keeps it from running now, and the last problem it
 * met — unless that only repeats the first (a deleted folder is both), so nothing is said twice.
 */
export function problemLines(rule: Rule, names: FolderNamer): string[] {
  const now = brokenFolders(rule, names);
  const met = rule.problem?.message;
  if (met === undefined) return now;
  const repeats = now.length > 0 && now.every((p) => met.toLowerCase().includes(p.toLowerCase().replace(/\.$/, '')));
  return repeats ? now : [...now, met];
}

/** One line that says what a rule does, for the list. */
export function describeRule(rule: Rule, names: FolderNamer = fixedFolderName): string {
  const cond = rule.conditions
    .map((c) => {
      const field = c.field === 'header' ? (c.header ?? 'header') : FIELD_NAMES[c.field];
      const test = [...TEXT_OPERATORS, ...NUMBER_OPERATORS].find(([o]) => o === c.operator)?.[1] ?? c.operator;
      return `${field} ${test}${c.operator === 'exists' || c.operator === 'not-exists' ? '' : ` “${c.value}”`}`;
    })
    .join(rule.match === 'all' ? ' and ' : ' or ');
  const acts = rule.actions.map((a) => (ACTION_NAMES.find(([k]) => k === a.kind)?.[1] ?? a.kind) + ('folderId' in a ? ` ${names(a.folderId) ?? '(a deleted folder)'}` : 'tag' in a ? ` “${a.tag}”` : a.kind === 'forward' ? ` ${a.to.join(', ')}${a.asAttachment ? ' (as an attachment)' : ''}` : '')).join(', ');
  return rule.match === 'every' ? `Every message: ${acts}` : `If ${cond}: ${acts}`;
}
