import { describe, expect, it } from 'vitest';
import { describeRule, newRule, ruleProblems, withField } from './rule-draft';

describe('a rule being edited', () => {
  it('says in words why it cannot be saved', () => {
    const r = { ...newRule(1), name: ' ', triggers: { arrival: false, manual: false, sending: false }, conditions: [{ field: 'subject' as const, operator: 'matches' as const, value: '(' }], actions: [{ kind: 'move' as const, folderId: 'gone' }] };
    expect(ruleProblems(r)).toEqual([
      'Give the rule a name.',
      'Choose when the rule runs.',
      expect.stringMatching(/^A condition cannot work: "\(" is not a valid regular expression/),
      'An action cannot work: the folder "gone" does not exist.',
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
