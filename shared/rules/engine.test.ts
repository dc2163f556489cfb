import { describe, expect, it } from 'vitest';
import type { Rule, RuleAction, RuleCondition } from '../model/rule';
import { compileRules, runRules, type RuleMessage } from './engine';

const NOW = Date.UTC(2026, 11, 7);
const folders: Record<string, string> = { inbox: 'Inbox', junk: 'Junk', trash: 'Trash', sent: 'Sent' };
const folderName = (id: string): string | null => folders[id] ?? null;

function message(over: Partial<RuleMessage> & { headers?: Record<string, string[]>; text?: string } = {}): RuleMessage & { bodyReads: number } {
  const m = {
    accountId: 'acc-1',
    from: { name: 'Bob Bäcker', address: 'bob@test.domain' },
    to: [{ name: 'Alice', address: 'alice@test.domain' }],
    cc: [],
    subject: 'Quarterly report',
    date: NOW - 3 * 86_400_000,
    size: 20_000,
    bodyReads: 0,
    header(name: string) {
      return over.headers?.[name.toLowerCase()] ?? [];
    },
    body() {
      m.bodyReads += 1;
      return over.text ?? 'Hello Alice, the numbers are in.';
    },
    ...over,
  };
  return m;
}

let n = 0;
function rule(conditions: RuleCondition[], actions: RuleAction[], over: Partial<Rule> = {}): Rule {
  n += 1;
  return {
    id: `r${n}`,
    name: `Rule ${n}`,
    enabled: true,
    order: n,
    accountId: null,
    triggers: { arrival: true, manual: true, sending: false },
    junkPhase: 'after',
    match: 'all',
    conditions,
    actions,
    ...over,
  };
}

function run(rules: Rule[], m: RuleMessage = message()) {
  return runRules(compileRules(rules, folderName), m, folderName, NOW);
}

describe('conditions', () => {
  it('matches the sender by address whatever its display name, case-insensitively', () => {
    const r = run([rule([{ field: 'from', operator: 'is', value: 'BOB@test.domain' }], [{ kind: 'star' }, { kind: 'mark-read' }])]);
    expect(r.effects.starred).toBe(true);
    expect(r.effects.unread).toBe(false);
    expect(r.log).toEqual([{ ruleId: expect.any(String), ruleName: expect.any(String), did: ['Starred', 'Marked read'] }]);
  });

  it('matches the display name with contains, recipients across To and Cc, and domains with ends-with', () => {
    const m = message({ cc: [{ name: '', address: 'list@lists.example.org' }] });
    expect(run([rule([{ field: 'from', operator: 'contains', value: 'bäcker' }], [{ kind: 'star' }])], m).effects.starred).toBe(true);
    expect(run([rule([{ field: 'recipients', operator: 'is', value: 'list@lists.example.org' }], [{ kind: 'star' }])], m).effects.starred).toBe(true);
    expect(run([rule([{ field: 'to', operator: 'is', value: 'list@lists.example.org' }], [{ kind: 'star' }])], m).effects.starred).toBe(false);
    expect(run([rule([{ field: 'cc', operator: 'ends-with', value: '@lists.example.org' }], [{ kind: 'star' }])], m).effects.starred).toBe(true);
  });

  it('reads any header by name, every occurrence, and tells exists from not-exists', () => {
    const m = message({ headers: { 'list-id': ['Heron dev <dev.heron.example>'], received: ['from a', 'from relay.bad.example'] } });
    expect(run([rule([{ field: 'header', header: 'List-Id', operator: 'contains', value: 'dev.heron' }], [{ kind: 'tag', tag: 'dev' }])], m).effects.tags).toEqual(['dev']);
    expect(run([rule([{ field: 'header', header: 'Received', operator: 'contains', value: 'bad.example' }], [{ kind: 'star' }])], m).effects.starred).toBe(true);
    expect(run([rule([{ field: 'header', header: 'X-Spam-Flag', operator: 'exists', value: '' }], [{ kind: 'star' }])], m).effects.starred).toBe(false);
    expect(run([rule([{ field: 'header', header: 'X-Spam-Flag', operator: 'not-exists', value: '' }], [{ kind: 'star' }])], m).effects.starred).toBe(true);
  });

  it('compares size in KB and age in days from the message date', () => {
    const m = message({ size: 300 * 1024 });
    expect(run([rule([{ field: 'size', operator: 'greater-than', value: '200' }], [{ kind: 'star' }])], m).effects.starred).toBe(true);
    expect(run([rule([{ field: 'size', operator: 'less-than', value: '200' }], [{ kind: 'star' }])], m).effects.starred).toBe(false);
    expect(run([rule([{ field: 'age', operator: 'greater-than', value: '2' }], [{ kind: 'star' }])]).effects.starred).toBe(true);
    expect(run([rule([{ field: 'age', operator: 'greater-than', value: '4' }], [{ kind: 'star' }])]).effects.starred).toBe(false);
  });

  it('matches regular expressions, the account, and all versus any', () => {
    const subject: RuleCondition = { field: 'subject', operator: 'matches', value: '^quarterly\\s+rep' };
    const account: RuleCondition = { field: 'account', operator: 'is', value: 'acc-2' };
    expect(run([rule([subject, account], [{ kind: 'star' }], { match: 'all' })]).effects.starred).toBe(false);
    expect(run([rule([subject, account], [{ kind: 'star' }], { match: 'any' })]).effects.starred).toBe(true);
  });

  it('reads the body only when a rule asks for it, and only once the header conditions passed', () => {
    const m = message({ text: 'Click here to claim your prize' });
    const r = run([rule([{ field: 'subject', operator: 'contains', value: 'invoice' }, { field: 'body', operator: 'contains', value: 'prize' }], [{ kind: 'star' }])], m);
    expect(r.effects.starred).toBe(false);
    expect(m.bodyReads).toBe(0);
    run([rule([{ field: 'body', operator: 'contains', value: 'PRIZE' }], [{ kind: 'star' }])], m);
    expect(m.bodyReads).toBe(1);
  });

  it('a rule bound to another account does not run', () => {
    expect(run([rule([{ field: 'subject', operator: 'contains', value: 'report' }], [{ kind: 'star' }], { accountId: 'acc-2' })]).effects.starred).toBe(false);
  });
});

describe('actions and order', () => {
  it('runs rules in order; stop processing ends the list for that message', () => {
    const any: RuleCondition = { field: 'subject', operator: 'contains', value: 'report' };
    const r = run([
      rule([any], [{ kind: 'move', folderId: 'junk' }], { order: 2 }),
      rule([any], [{ kind: 'tag', tag: 'work' }, { kind: 'stop' }], { order: 1 }),
    ]);
    expect(r.effects).toMatchObject({ folder: null, tags: ['work'] });
    expect(r.stopped).toBe(true);
    expect(r.log.map((l) => l.did)).toEqual([['Tagged "work"', 'Stopped processing further rules']]);
  });

  it('collects copies, delete and the last server action', () => {
    const any: RuleCondition = { field: 'subject', operator: 'contains', value: 'report' };
    const r = run([
      rule([any], [{ kind: 'copy', folderId: 'sent' }, { kind: 'server-leave' }]),
      rule([any], [{ kind: 'delete' }, { kind: 'server-delete' }]),
    ]);
    expect(r.effects).toEqual({
      folder: null,
      copies: ['sent'],
      unread: null,
      starred: false,
      tags: [],
      trash: true,
      server: 'delete',
      forwards: [],
    });
  });

  it('"every message" matches whatever the message (Thunderbird\'s "Match all messages")', () => {
    expect(run([rule([], [{ kind: 'tag', tag: 'all' }], { match: 'every' })]).effects.tags).toEqual(['all']);
  });

  it('skips disabled rules', () => {
    expect(run([rule([{ field: 'subject', operator: 'contains', value: 'report' }], [{ kind: 'star' }], { enabled: false })]).log).toEqual([]);
  });
});

describe('a broken rule is reported, never skipped in silence', () => {
  it('a regular expression that does not compile: every message gets the reason, the next rules still run', () => {
    const r = run([
      rule([{ field: 'subject', operator: 'matches', value: '(unclosed' }], [{ kind: 'star' }], { name: 'Bad regex' }),
      rule([{ field: 'subject', operator: 'contains', value: 'report' }], [{ kind: 'mark-read' }], { name: 'Good' }),
    ]);
    expect(r.log[0]).toMatchObject({ ruleName: 'Bad regex', did: [] });
    expect(r.log[0]?.error).toMatch(/^This rule could not run: "\(unclosed" is not a valid regular expression/);
    expect(r.log[1]).toMatchObject({ ruleName: 'Good', did: ['Marked read'] });
    expect(r.effects.unread).toBe(false);
  });

  it('a folder that does not exist and a tag without a name: the other actions run, the log says what was not done', () => {
    const r = run([
      rule([{ field: 'subject', operator: 'contains', value: 'report' }], [
        { kind: 'move', folderId: 'folder-gone' },
        { kind: 'star' },
        { kind: 'tag', tag: ' ' },
      ]),
    ]);
    expect(r.effects.folder).toBeNull();
    expect(r.effects.starred).toBe(true);
    expect(r.log[0]).toMatchObject({ did: ['Starred'], error: 'Not done: the folder it moves mail to no longer exists (it was deleted); choose another; the tag has no name.' });
  });

  it('a number that is not one, a header without a name and a rule without conditions', () => {
    const r = run([
      rule([{ field: 'size', operator: 'greater-than', value: 'big' }], [{ kind: 'star' }]),
      rule([{ field: 'header', header: ' ', operator: 'contains', value: 'x' }], [{ kind: 'star' }]),
      rule([], [{ kind: 'star' }]),
    ]);
    expect(r.log.map((l) => l.error)).toEqual([
      'This rule could not run: "big" is not a number.',
      'This rule could not run: the header has no name.',
      'This rule could not run: it has no conditions.',
    ]);
  });
});

describe('forward', () => {
  const fwd = (to: string[], asAttachment = false): RuleAction => ({ kind: 'forward', to, asAttachment });

  it('asks for a forward per matching rule, with its addresses and mode, and says so in the log', () => {
    const r = run([rule([{ field: 'subject', operator: 'contains', value: 'report' }], [fwd(['carol@test.domain', 'dan@test.domain'], true), { kind: 'star' }], { id: 'f', name: 'To Carol' })]);
    expect(r.effects.forwards).toEqual([{ ruleId: 'f', ruleName: 'To Carol', to: ['carol@test.domain', 'dan@test.domain'], asAttachment: true }]);
    expect(r.log[0]?.did).toEqual(['Forwarding to carol@test.domain, dan@test.domain as an attachment (through the Outbox)', 'Starred']);
  });

  it('refuses mail sent automatically: the other actions still run, and the rule is not broken', () => {
    const r = run([rule([{ field: 'subject', operator: 'contains', value: 'report' }], [fwd(['carol@test.domain']), { kind: 'star' }])], message({ headers: { 'auto-submitted': ['auto-replied'] } }));
    expect(r.effects.forwards).toEqual([]);
    expect(r.effects.starred).toBe(true);
    expect(r.log[0]).toEqual({ ruleId: expect.any(String), ruleName: expect.any(String), did: ['Not forwarded: it was sent automatically (Auto-Submitted: auto-replied)', 'Starred'] });
  });

  it('a forward without an address, or to something that is not one, is a broken action, said in words', () => {
    const r = run([rule([{ field: 'subject', operator: 'contains', value: 'report' }], [fwd([]), fwd(['carol at home']), { kind: 'star' }])]);
    expect(r.effects.forwards).toEqual([]);
    expect(r.log[0]).toMatchObject({ did: ['Starred'], error: 'Not done: it forwards to no address; "carol at home" is not an email address to forward to.' });
  });
});
