import { describe, expect, it } from 'vitest';
import type { FolderRow } from '../../data/rows';
import { folderNamer } from '../../data/rules-arrival';
import { brokenFolders, describeRule, newRule, problemLines, ruleProblems, withField } from './rule-draft';

describe('a rule being edited', () => {
  it('says in words why it cannot be saved', () => {
    const r = { ...newRule(1), name: ' ', triggers: { arrival: false, manual: false, sending: false }, conditions: [{ field: 'subject' as const, operator: 'matches' as const, value: '(' }], actions: [{ kind: 'move' as const, folderId: 'gone' }] };
    expect(ruleProblems(r)).toEqual([
      'Give the rule a name.',
      'Choose when the rule runs.',
      expect.stringMatching(/^A condition cannot work: "\(" is not a valid regular expression/),
      'An action cannot work: the folder it moves mail to no longer exists (it was deleted); choose another.',
    ]);
  });

  it('a field changed to a number field takes a number test and drops text', () => {
    expect(withField({ field: 'subject', operator: 'contains', value: 'x' }, 'size')).toEqual({ field: 'size', operator: 'greater-than', value: '' });
    expect(withField({ field: 'subject', operator: 'contains', value: 'x' }, 'header')).toEqual({ field: 'header', operator: 'contains', value: 'x', header: '' });
  });

  it('reads as a sentence in the list', () => {
    const r = { ...newRule(1), name: 'Bob', conditions: [{ field: 'from' as const, operator: 'is' as const, value: 'bob@test.domain' }], actions: [{ kind: 'star' as const }, { kind: 'move' as const, folderId: 'junk' }] };
    expect(describeRule(r)).toBe('If From is “bob@test.domain”: Star, Move to folder Junk');
    expect(ruleProblems(r)).toEqual([]);
  });
});

describe('a rule that forwards', () => {
  const base = { ...newRule(1), name: 'Invoices', conditions: [{ field: 'subject' as const, operator: 'contains' as const, value: 'invoice' }] };

  it('is saved only with addresses that are ones, each problem said once, in words', () => {
    expect(ruleProblems({ ...base, actions: [{ kind: 'forward', to: [], asAttachment: false }] })).toEqual(['Forward to: enter the address to forward to.']);
    expect(ruleProblems({ ...base, actions: [{ kind: 'forward', to: ['carol at home'], asAttachment: false }] })).toEqual([
      'Forward to: “carol at home” is not an email address: it needs a name, “@” and a domain, like alice@example.com.',
    ]);
    expect(ruleProblems({ ...base, actions: [{ kind: 'forward', to: ['carol@test.domain', 'dan@test.domain'], asAttachment: true }] })).toEqual([]);
  });

  it('reads as a sentence in the list, with how it forwards', () => {
    expect(describeRule({ ...base, actions: [{ kind: 'forward', to: ['carol@test.domain'], asAttachment: false }] })).toBe('If Subject contains “invoice”: Forward to carol@test.domain');
    expect(describeRule({ ...base, actions: [{ kind: 'forward', to: ['carol@test.domain'], asAttachment: true }] })).toBe('If Subject contains “invoice”: Forward to carol@test.domain (as an attachment)');
  });
});

describe('a rule that names a folder of the person’s own', () => {
  const receipts: FolderRow = { id: 'f:r', accountId: 'a1', parentId: null, name: 'Receipts', createdAt: 0 };
  const rule = { ...newRule(1), name: 'Shop', conditions: [{ field: 'from' as const, operator: 'is' as const, value: 'shop@test.domain' }], actions: [{ kind: 'copy' as const, folderId: 'f:r' }] };

  it('follows the folder when it is renamed (the rule keeps its id)', () => {
    expect(describeRule(rule, folderNamer([receipts]))).toBe('If From is “shop@test.domain”: Copy to folder Receipts');
    expect(describeRule(rule, folderNamer([{ ...receipts, name: 'Bills' }]))).toBe('If From is “shop@test.domain”: Copy to folder Bills');
    expect(brokenFolders(rule, folderNamer([{ ...receipts, name: 'Bills' }]))).toEqual([]);
  });

  it('says in words that it is broken when the folder is deleted', () => {
    expect(describeRule(rule, folderNamer([]))).toBe('If From is “shop@test.domain”: Copy to folder (a deleted folder)');
    expect(brokenFolders(rule, folderNamer([]))).toEqual(['The folder it copies mail to no longer exists (it was deleted); choose another.']);
  });

  it('says a deleted folder once, though mail that arrived met the same problem (regression: the list said it twice)', () => {
    const met = { ...rule, problem: { at: 1, message: 'Not done: the folder it copies mail to no longer exists (it was deleted); choose another.' } };
    expect(problemLines(met, folderNamer([]))).toEqual(['The folder it copies mail to no longer exists (it was deleted); choose another.']);
    const other = { ...rule, problem: { at: 1, message: 'This rule could not run: "(" is not a valid regular expression.' } };
    expect(problemLines(other, folderNamer([]))).toEqual(['The folder it copies mail to no longer exists (it was deleted); choose another.', 'This rule could not run: "(" is not a valid regular expression.']);
    expect(problemLines(met, folderNamer([receipts]))).toEqual(['Not done: the folder it copies mail to no longer exists (it was deleted); choose another.']);
  });
});
