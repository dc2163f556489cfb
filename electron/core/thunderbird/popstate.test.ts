import { describe, expect, it } from 'vitest';
import { planFetch, type FetchPolicy } from '../fetch/plan';
import { retentionOf, type ThunderbirdServer } from './accounts';
import { linesFor, parsePopstate, popStateEntries } from './popstate';
import { DAY_S, POPSTATE, TREE_NOW } from './testing/profile-tree';

const nowS = TREE_NOW / 1000;
const DAY_MS = DAY_S * 1000;

describe('popstate.dat', () => {
  const state = parsePopstate(POPSTATE);

  it('reads sections, statuses and dates; a bad line is counted, a line without a date has none', () => {
    expect(state.sections.map((s) => [s.host, s.user, s.lines.length])).toEqual([
      ['pop.old-host.example.com', 'alice', 1],
      ['pop.example.com', 'alice', 7],
    ]);
    expect(state.unreadable).toBe(1);
    expect(linesFor(state, 'POP.example.com', 'alice')).toEqual([
      { flag: 'k', uidl: 'UIDL-1', downloadedAt: (nowS - 20 * DAY_S) * 1000 },
      { flag: 'k', uidl: 'UIDL-3', downloadedAt: (nowS - 13 * DAY_S) * 1000 },
      { flag: 'k', uidl: 'UIDL-4', downloadedAt: (nowS - 2 * DAY_S) * 1000 },
      { flag: 'd', uidl: 'UIDL-2', downloadedAt: (nowS - 5 * DAY_S) * 1000 },
      { flag: 'b', uidl: 'UIDL-BIG', downloadedAt: (nowS - 1 * DAY_S) * 1000 },
      { flag: 'f', uidl: 'UIDL-WANTED', downloadedAt: (nowS - 3 * DAY_S) * 1000 },
      { flag: 'k', uidl: 'UIDL-NODATE', downloadedAt: null },
    ]);
  });

  it('a host with no section of its own gets every section\'s lines, as Thunderbird reads the file', () => {
    expect(linesFor(state, 'renamed.example.com', 'alice').map((l) => l.uidl)).toEqual(['UIDL-OLD', 'UIDL-1', 'UIDL-3', 'UIDL-4', 'UIDL-2', 'UIDL-BIG', 'UIDL-WANTED', 'UIDL-NODATE']);
    expect(parsePopstate('*host user name with spaces\nk U 1\n').sections[0]?.user).toBe('user name with spaces');
  });

  it('becomes Heron\'s POP state with Thunderbird\'s dates', () => {
    const entries = popStateEntries(linesFor(state, 'pop.example.com', 'alice'), { accountId: 'acc', localIdFor: (u) => `tb:${u}`, sizeFor: (u) => (u === 'UIDL-1' ? 1234 : undefined), now: TREE_NOW });
    expect(entries.map((e) => [e.uidl, e.status, e.downloadedAt, e.size, e.localId])).toEqual([
      ['UIDL-1', 'stored', TREE_NOW - 20 * DAY_MS, 1234, 'tb:UIDL-1'],
      ['UIDL-3', 'stored', TREE_NOW - 13 * DAY_MS, 0, 'tb:UIDL-3'],
      ['UIDL-4', 'stored', TREE_NOW - 2 * DAY_MS, 0, 'tb:UIDL-4'],
      ['UIDL-2', 'deleted-here', TREE_NOW - 5 * DAY_MS, 0, 'tb:UIDL-2'],
      ['UIDL-BIG', 'headers-only', TREE_NOW - 1 * DAY_MS, 0, 'tb:UIDL-BIG'],
      ['UIDL-WANTED', 'headers-only', TREE_NOW - 3 * DAY_MS, 0, 'tb:UIDL-WANTED'],
      ['UIDL-NODATE', 'stored', TREE_NOW, 0, 'tb:UIDL-NODATE'],
    ]);
  });

  it('the next check downloads nothing Thunderbird had, and keep-N-days counts from Thunderbird\'s dates', () => {
    const server = { leaveOnServer: true, deleteByAgeFromServer: true, numDaysToLeaveOnServer: 14, deleteMailLeftOnServer: true } as ThunderbirdServer;
    const policy: FetchPolicy = { ...retentionOf(server), headersOnlyOverBytes: 100_000, maxMessageBytes: 10_000_000 };
    const entries = popStateEntries(linesFor(state, 'pop.example.com', 'alice'), { accountId: 'acc', localIdFor: (u) => `tb:${u}`, now: TREE_NOW });
    const listing = ['UIDL-1', 'UIDL-3', 'UIDL-4', 'UIDL-2', 'UIDL-BIG', 'UIDL-WANTED', 'UIDL-NODATE', 'UIDL-NEW'].map((uid, i) => ({ msg: i + 1, size: uid === 'UIDL-BIG' ? 500_000 : 5_000, uid }));
    const plan = planFetch(listing, entries, policy, TREE_NOW + 1);
    expect(plan.actions.map((a) => [a.kind, 'uid' in a ? a.uid : null, a.kind === 'delete' ? a.reason : null])).toEqual([
      ['delete', 'UIDL-1', 'expired'], // 20 days ago, keep 14
      ['keep', 'UIDL-3', null], // 13 days ago
      ['keep', 'UIDL-4', null],
      ['delete', 'UIDL-2', 'deleted-here'], // deleted in Thunderbird, and the account removes such mail from the server
      ['keep', 'UIDL-BIG', null], // headers only, still over the limit
      ['fetch', 'UIDL-WANTED', null], // the whole message was asked for and is within the limit
      ['keep', 'UIDL-NODATE', null], // no date: counted from the import
      ['fetch', 'UIDL-NEW', null], // the only new message
    ]);
  });
});
