import { describe, expect, it } from 'vitest';
import type { FolderRow } from '../rows';
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

describe('in: with the person’s own folders', () => {
  const T = 0;
  const folders: FolderRow[] = [
    { id: 'f:r1', accountId: 'a1', parentId: null, name: 'Receipts', createdAt: T },
    { id: 'f:r2', accountId: 'a2', parentId: null, name: 'Receipts', createdAt: T },
    { id: 'f:p', accountId: 'a1', parentId: null, name: 'Projects', createdAt: T },
    { id: 'f:h', accountId: 'a1', parentId: 'f:p', name: 'Heron', createdAt: T },
    { id: 'f:j', accountId: 'a1', parentId: 'f:p', name: 'Junk', createdAt: T },
  ];
  const inFolders = (q: string) => {
    const r = parseQuery(q, folders);
    return r.ok ? r.query.filters.folders : r.message;
  };

  it('takes a name or a path, whatever the case; a name in several accounts means each; a fixed folder comes first', () => {
    expect(inFolders('in:receipts')).toEqual(['f:r1', 'f:r2']);
    expect(inFolders('in:"Projects/Heron"')).toEqual(['f:h']);
    expect(inFolders('in:projects/heron')).toEqual(['f:h']);
    expect(inFolders('in:HERON')).toEqual(['f:h']);
    expect(inFolders('in:junk')).toEqual(['junk']);
    expect(inFolders('in:projects/junk')).toEqual(['f:j']);
    expect(inFolders('in:Inbox')).toEqual(['inbox']);
  });

  it('an unknown folder is named, with the person’s folders offered', () => {
    expect(inFolders('in:bills')).toBe('No folder is named “bills”. in: takes Inbox, Sent, Drafts, Outbox, Junk, Trash or one of your folders: Projects, Projects/Heron, Projects/Junk, Receipts.');
  });
});

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
      folders: ['sent'],
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
    expect(error('in:archive')).toBe('No folder is named “archive”. in: takes Inbox, Sent, Drafts, Outbox, Junk, Trash or a folder of your own by its name or path.');
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
