import { describe, expect, it } from 'vitest';
import { parseDay, parseQuery } from './query';

const ok = (q: string) => {
  const r = parseQuery(q);
  if (!r.ok) throw new Error(r.message);
  return r.query;
};
const error = (q: string) => {
  const r = parseQuery(q);
  if (r.ok) throw new Error(`parsed: ${q}`);
  return r.message;
};

describe('parseQuery', () => {
  it('reads words, a phrase, a prefix and the field operators', () => {
    expect(ok('Résumé "quarterly REPORT" inv* from:ada@example.org to:bob subject:"budget plan"').clauses).toEqual([
      { kind: 'words', field: 'any', terms: ['resume'] },
      { kind: 'phrase', field: 'any', terms: ['quarterly', 'report'] },
      { kind: 'prefix', field: 'any', terms: ['inv'] },
      { kind: 'words', field: 'from', terms: ['ada@example.org'] },
      { kind: 'words', field: 'to', terms: ['bob'] },
      { kind: 'phrase', field: 'subject', terms: ['budget', 'plan'] },
    ]);
  });

  it('reads the filters', () => {
    expect(ok('has:attachment is:unread is:starred in:Sent account:Work after:2024-01 before:2024-03-31').filters).toEqual({
      hasAttachment: true,
      unread: true,
      starred: true,
      folder: 'sent',
      account: 'work',
      after: new Date(2024, 0, 1).getTime(),
      before: new Date(2024, 2, 31).getTime(),
    });
    expect(ok('is:read').filters).toEqual({ unread: false });
  });

  it('an unclosed quote is a message, not an exception', () => {
    expect(error('invoice "quarterly report')).toBe('The quote in “"quarterly report” is not closed: add a closing " or remove the opening one.');
    expect(error('subject:"budget')).toContain('is not closed');
    expect(error('ab"c')).toContain('is not closed');
  });

  it('an unknown operator names the ones Heron knows', () => {
    expect(error('label:work')).toBe(
      'Heron does not know the operator “label:”. It knows from: to: subject: has:attachment is:unread is:read is:starred before: after: in: account: — or put the words in quotes to search for them as written.',
    );
    expect(ok('"label:work"').clauses).toEqual([{ kind: 'phrase', field: 'any', terms: ['label', 'work'] }]);
  });

  it('bad values say what is expected', () => {
    expect(error('before:yesterday')).toBe('before: needs a date like 2024-03-31 (or 2024-03, or 2024), not “yesterday”.');
    expect(error('after:2024-02-31')).toContain('after: needs a date');
    expect(error('in:archive')).toBe('in: takes a folder: inbox, sent, drafts, outbox, junk, trash — not “archive”.');
    expect(error('is:important')).toBe('is: takes unread, read or starred, not “important”.');
    expect(error('has:link')).toBe('has: takes “attachment” (has:attachment), not “link”.');
    expect(error('from:')).toBe('from: needs something after it, e.g. from:ada@example.org.');
    expect(error('a*')).toBe('A prefix needs at least 2 letters before the *, e.g. repor*.');
    expect(error('*')).toContain('A prefix needs');
  });

  it('times and links are words, not operators; punctuation alone is nothing', () => {
    expect(ok('10:30 https://example.org/x').clauses.map((c) => c.terms)).toEqual([['10', '30'], ['https', 'example', 'org', 'x']]);
    expect(ok('  ---  ').clauses).toEqual([]);
    expect(ok('').clauses).toEqual([]);
  });

  it('never throws on any input', () => {
    for (const q of ['"', '""', ':', 'from:"', '"a" "b', 'x:y:z', '\u0000', '*'.repeat(100), 'from:*', 'before:', 'in:', '東京*', '🙂 "🙂"'])
      expect(() => parseQuery(q)).not.toThrow();
  });

  it('highlights the words, and a phrase whole', () => {
    expect(ok('Résumé "quarterly report" from:ada').highlight).toEqual(['resume', 'quarterly report', 'ada']);
  });

  it('reads a day, a month or a year', () => {
    expect(parseDay('2024')).toBe(new Date(2024, 0, 1).getTime());
    expect(parseDay('2024/3/5')).toBe(new Date(2024, 2, 5).getTime());
    expect(parseDay('2024-13')).toBeNull();
  });
});
