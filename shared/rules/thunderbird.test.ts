import { describe, expect, it } from 'vitest';
import { compileRules, runRules, type RuleMessage } from './engine';
import SAMPLE from './testing/msgFilterRules.dat?raw';
import { fixedFolderFinder, folderPathOf, importThunderbirdFilters } from './thunderbird';

function load(text = SAMPLE) {
  let n = 0;
  return importThunderbirdFilters(text, { newId: () => `tb-${(n += 1)}`, accountId: 'acc-1' });
}

describe("Thunderbird's msgFilterRules.dat", () => {
  it('imports what Heron can do the same way, in order, with their switches and triggers', () => {
    const r = load();
    expect(r.rules.map((x) => [x.name, x.enabled, x.match, x.junkPhase, x.triggers])).toEqual([
      ['Heron dev list', true, 'all', 'before', { arrival: true, manual: true, sending: false }],
      ['Boss is important', true, 'any', 'before', { arrival: true, manual: false, sending: false }],
      ['Big attachments stay on the server', false, 'all', 'before', { arrival: true, manual: false, sending: false }],
      ['Newsletters, "weekly"', true, 'all', 'after', { arrival: true, manual: true, sending: false }],
      ['Sent copies', true, 'every', 'before', { arrival: false, manual: false, sending: true }],
      ['Junk words', true, 'all', 'after', { arrival: true, manual: false, sending: false }],
    ]);
    const [dev, boss, big, news, sent] = r.rules;
    expect(dev?.conditions).toEqual([{ field: 'header', header: 'List-Id', operator: 'contains', value: 'dev.heron.example' }]);
    expect(dev?.actions).toEqual([{ kind: 'move', folderId: 'trash' }, { kind: 'mark-read' }]);
    expect(boss?.conditions).toEqual([
      { field: 'from', operator: 'is', value: 'boss@test.domain' },
      { field: 'from', operator: 'ends-with', value: '@board.test.domain' },
    ]);
    expect(boss?.actions).toEqual([{ kind: 'star' }, { kind: 'tag', tag: 'Important' }, { kind: 'stop' }]);
    expect(big?.conditions).toEqual([{ field: 'size', operator: 'greater-than', value: '5000' }]);
    expect(big?.actions).toEqual([{ kind: 'server-leave' }]);
    expect(news?.conditions).toEqual([
      { field: 'subject', operator: 'contains', value: '[weekly, digest]' },
      { field: 'recipients', operator: 'not-contains', value: 'alice@test.domain' },
    ]);
    expect(news?.actions).toEqual([{ kind: 'server-delete' }]);
    expect(sent?.conditions).toEqual([]);
    expect(sent?.actions).toEqual([{ kind: 'copy', folderId: 'sent' }]);
    expect(r.rules.every((x) => x.accountId === 'acc-1')).toBe(true);
  });

  it('says which filters were not imported and why', () => {
    expect(load().skipped).toEqual([
      { name: 'Old invoices', reason: 'it files mail in the folder "Invoices/2024", which does not exist in Heron (create it, then import again)' },
      { name: 'Last week', reason: `its condition on "date" has no counterpart in Heron's rules` },
      { name: 'Auto reply', reason: `it does "Reply", which Heron's rules cannot do` },
      { name: 'Priority mail', reason: `its condition on "priority" has no counterpart in Heron's rules` },
      { name: 'Archive run', reason: 'it runs only when archiving or periodically, which Heron does not do' },
    ]);
    expect(load().partly).toEqual([
      { name: 'Big attachments stay on the server', reason: 'left out: "Change priority Lowest" (Heron has no counterpart)' },
      { name: 'Newsletters, "weekly"', reason: 'left out: "Label 4" (Heron has no counterpart)' },
      { name: 'Junk words', reason: 'left out: "JunkScore 100" (Heron has no counterpart)' },
    ]);
  });

  it('a quoted value with parentheses, and a custom header, read exactly', () => {
    const junk = load().rules.find((x) => x.name === 'Junk words');
    expect(junk?.conditions).toEqual([
      { field: 'body', operator: 'contains', value: 'unsubscribe (now)' },
      { field: 'header', header: 'X-Spam-Flag', operator: 'is', value: 'YES' },
    ]);
    expect(junk?.actions).toEqual([{ kind: 'move', folderId: 'junk' }]);
    expect(junk?.junkPhase).toBe('after');
  });

  it('custom folders resolve once Heron has them', () => {
    const r = importThunderbirdFilters(SAMPLE, { newId: () => 'x', accountId: null, findFolder: fixedFolderFinder((p) => (p === 'Invoices/2024' ? 'folder-42' : null)) });
    expect(r.rules.find((x) => x.name === 'Old invoices')?.actions).toEqual([{ kind: 'move', folderId: 'folder-42' }]);
  });

  it('an imported rule runs in the engine as it did in Thunderbird', () => {
    const rules = load().rules;
    const names = (id: string) => ({ inbox: 'Inbox', trash: 'Trash', junk: 'Junk', sent: 'Sent' })[id] ?? null;
    const m: RuleMessage = {
      accountId: 'acc-1',
      from: { name: 'The Board', address: 'chair@board.test.domain' },
      to: [],
      cc: [],
      subject: 'Minutes',
      date: 0,
      size: 100,
      header: () => [],
      body: () => '',
    };
    const run = runRules(compileRules(rules, names, (r) => r.triggers.arrival), m, names, 0);
    expect(run.effects).toMatchObject({ starred: true, tags: ['Important'] });
    expect(run.stopped).toBe(true);
  });

  it('a file that is not a filter file, and a line that is not attribute="value", are refused with the reason', () => {
    expect(() => load('hello')).toThrow('This is not a Thunderbird filter file (msgFilterRules.dat): it has no version line.');
    expect(() => load('version="9"\nname="x"\nthis is broken\n')).toThrow('line 3 is not attribute="value": this is broken');
  });

  it('reads folder URIs of local, POP and IMAP folders', () => {
    expect(folderPathOf('mailbox://nobody@Local%20Folders/Lists/Heron%20dev')).toBe('Lists/Heron dev');
    expect(folderPathOf('imap://alice@mail.test.domain/INBOX')).toBe('INBOX');
  });

  it('imports "Forward" with its address, inline; one without an address is refused', () => {
    const text = [
      'version="9"',
      'logging="no"',
      'name="Invoices to the accountant"',
      'enabled="yes"',
      'type="17"',
      'action="Forward"',
      'actionValue="accountant@test.domain"',
      'action="Mark read"',
      'condition="AND (subject,contains,invoice)"',
      'name="Forward nowhere"',
      'enabled="yes"',
      'type="1"',
      'action="Forward"',
      'actionValue=""',
      'condition="AND (subject,contains,x)"',
      '',
    ].join('\n');
    const r = load(text);
    expect(r.rules.map((x) => [x.name, x.actions])).toEqual([['Invoices to the accountant', [{ kind: 'forward', to: ['accountant@test.domain'], asAttachment: false }, { kind: 'mark-read' }]]]);
    expect(r.skipped).toEqual([{ name: 'Forward nowhere', reason: 'it forwards mail to no address' }]);
  });
});
