import { describe, expect, it } from 'vitest';
import { HeronError } from '../../../shared/ipc/result';
import { MAX_DOWNLOAD_ATTEMPTS, type PopStateEntry, type PopStatus } from '../../../shared/model/pop-state';
import { planDeletes, planFetch, type FetchPolicy, type PlanAction, type ServerMessage } from './plan';

const NOW = Date.UTC(2025, 5, 15, 12, 0, 0);
const DAY = 86_400_000;
const HEADERS_LIMIT = 50_000;
const CAP = 10_000_000;

function policy(mode: 'delete' | 'keep', keepDays: number | null, deleteWhenDeletedHere: boolean): FetchPolicy {
  return { mode, keepDays, deleteWhenDeletedHere, headersOnlyOverBytes: HEADERS_LIMIT, maxMessageBytes: CAP };
}

const MODES = {
  'delete after download': policy('delete', null, false),
  'keep forever': policy('keep', null, false),
  'keep forever + delete when deleted here': policy('keep', null, true),
  'keep 7 days': policy('keep', 7, false),
  'keep 7 days + delete when deleted here': policy('keep', 7, true),
} as const;
type Mode = keyof typeof MODES;

interface Situation {
  /** Size the server lists now. */
  size: number;
  /** What Heron remembers, or null for a message it has never seen. */
  remembered: { status: PopStatus; daysAgo: number } | null;
}

const SITUATIONS: Record<string, Situation> = {
  'new, small': { size: 2_000, remembered: null },
  'new, over the headers-only limit': { size: 80_000, remembered: null },
  'new, over the safety cap': { size: CAP + 1, remembered: null },
  'stored 1 day ago': { size: 2_000, remembered: { status: 'stored', daysAgo: 1 } },
  'stored 10 days ago': { size: 2_000, remembered: { status: 'stored', daysAgo: 10 } },
  'headers-only, still over the limit': { size: 80_000, remembered: { status: 'headers-only', daysAgo: 10 } },
  'headers-only, limit since raised': { size: 2_000, remembered: { status: 'headers-only', daysAgo: 10 } },
  'deleted here, downloaded 1 day ago': { size: 2_000, remembered: { status: 'deleted-here', daysAgo: 1 } },
  'deleted here, downloaded 10 days ago': { size: 2_000, remembered: { status: 'deleted-here', daysAgo: 10 } },
  'DELE sent last time, still listed': { size: 2_000, remembered: { status: 'deleted-on-server', daysAgo: 1 } },
};
type SituationName = keyof typeof SITUATIONS;

// The semantics at a glance. Columns, in order: delete after download | keep forever |
// keep forever + delete when deleted here | keep 7 days | keep 7 days + delete when deleted here.
// "delete:why" — why names the rule that allows it. No row deletes a message that is not stored.
const TABLE: Record<SituationName, [string, string, string, string, string]> = {
  'new, small':                           ['fetch',                'fetch',          'fetch',               'fetch',          'fetch'],
  'new, over the headers-only limit':     ['fetch-headers',        'fetch-headers',  'fetch-headers',       'fetch-headers',  'fetch-headers'],
  'new, over the safety cap':             ['fetch-headers',        'fetch-headers',  'fetch-headers',       'fetch-headers',  'fetch-headers'],
  'stored 1 day ago':                     ['delete:after-download', 'keep',          'keep',                'keep',           'keep'],
  'stored 10 days ago':                   ['delete:after-download', 'keep',          'keep',                'delete:expired', 'delete:expired'],
  'headers-only, still over the limit':   ['keep',                 'keep',           'keep',                'keep',           'keep'],
  'headers-only, limit since raised':     ['fetch:upgrade',        'fetch:upgrade',  'fetch:upgrade',       'fetch:upgrade',  'fetch:upgrade'],
  'deleted here, downloaded 1 day ago':   ['delete:after-download', 'skip',          'delete:deleted-here', 'skip',           'delete:deleted-here'],
  'deleted here, downloaded 10 days ago': ['delete:after-download', 'skip',          'delete:deleted-here', 'delete:expired', 'delete:deleted-here'],
  'DELE sent last time, still listed':    ['delete:retry',         'delete:retry',   'delete:retry',        'delete:retry',   'delete:retry'],
};

function label(a: PlanAction): string {
  if (a.kind === 'delete') return `delete:${a.reason}`;
  if (a.kind === 'fetch' && a.upgrade) return 'fetch:upgrade';
  return a.kind;
}

function entry(uidl: string, size: number, status: PopStatus, daysAgo: number, localId = `local-${uidl}-${size}`): PopStateEntry {
  return { accountId: 'acc', uidl, localId, downloadedAt: NOW - daysAgo * DAY, status, size };
}

describe('planFetch: every retention mode × every state', () => {
  const modes = Object.keys(MODES) as Mode[];
  for (const [name, expected] of Object.entries(TABLE)) {
    modes.forEach((mode, column) => {
      it(`${name} | ${mode} → ${expected[column]}`, () => {
        const s = SITUATIONS[name]!;
        const listing: ServerMessage[] = [{ msg: 1, size: s.size, uid: 'U1' }];
        const state = s.remembered ? [entry('U1', s.size, s.remembered.status, s.remembered.daysAgo)] : [];
        const plan = planFetch(listing, state, MODES[mode], NOW);
        expect(plan.actions.map(label)).toEqual([expected[column]]);
        expect(plan.forget).toEqual([]);
      });
    });
  }
});

describe('planFetch', () => {
  it('answers once per listed message, in server order, and carries the ids the pipeline needs', () => {
    const listing: ServerMessage[] = [
      { msg: 1, size: 100, uid: 'a' },
      { msg: 2, size: 200, uid: 'b' },
      { msg: 3, size: 300, uid: 'c' },
    ];
    const plan = planFetch(listing, [entry('b', 200, 'stored', 0, 'L-b')], MODES['keep forever'], NOW);
    expect(plan.actions).toEqual([
      { kind: 'fetch', msg: 1, uid: 'a', size: 100, upgrade: false },
      { kind: 'keep', msg: 2, uid: 'b', size: 200, localId: 'L-b' },
      { kind: 'fetch', msg: 3, uid: 'c', size: 300, upgrade: false },
    ]);
  });

  it('switching to delete mode deletes only what is stored here, never a message still to download', () => {
    const listing: ServerMessage[] = [
      { msg: 1, size: 100, uid: 'stored' },
      { msg: 2, size: 100, uid: 'new' },
      { msg: 3, size: 90_000, uid: 'partial' },
    ];
    const state = [entry('stored', 100, 'stored', 0, 'L1'), entry('partial', 90_000, 'headers-only', 30, 'L3')];
    const plan = planFetch(listing, state, MODES['delete after download'], NOW);
    expect(plan.actions.map(label)).toEqual(['delete:after-download', 'fetch', 'keep']);
    expect(plan.actions.filter((a) => a.kind === 'delete').map((a) => a.msg)).toEqual([1]);
  });

  it('forgets remembered entries whose UIDL is no longer on the server, and only those', () => {
    const gone = entry('gone', 100, 'stored', 3);
    const goneToo = entry('gone-too', 100, 'deleted-on-server', 1);
    const plan = planFetch([{ msg: 1, size: 100, uid: 'here' }], [entry('here', 100, 'stored', 1), gone, goneToo], MODES['keep forever'], NOW);
    expect(plan.actions.map(label)).toEqual(['keep']);
    expect(plan.forget).toEqual([gone, goneToo]);
  });

  it('matches a UIDL listed once even when its size drifted (no duplicate download)', () => {
    const plan = planFetch([{ msg: 1, size: 1_003, uid: 'x' }], [entry('x', 1_000, 'stored', 1, 'L')], MODES['keep forever'], NOW);
    expect(plan.actions).toEqual([{ kind: 'keep', msg: 1, uid: 'x', size: 1_003, localId: 'L' }]);
  });

  it('remembers each UIDL once: a second remembered copy of a UIDL listed once is forgotten', () => {
    const older = entry('x', 500, 'stored', 5, 'L-old');
    const newer = entry('x', 500, 'stored', 1, 'L-new');
    const plan = planFetch([{ msg: 1, size: 500, uid: 'x' }], [newer, older], MODES['keep forever'], NOW);
    expect(plan.actions).toEqual([{ kind: 'keep', msg: 1, uid: 'x', size: 500, localId: 'L-old' }]);
    expect(plan.forget).toEqual([newer]);
  });
});

describe('planFetch: the safety cap', () => {
  it('refuses a message over the cap when the account fetches whole messages only', () => {
    const whole: FetchPolicy = { ...MODES['keep forever'], headersOnlyOverBytes: null };
    const plan = planFetch([{ msg: 1, size: CAP + 1, uid: 'big' }, { msg: 2, size: CAP, uid: 'ok' }], [], whole, NOW);
    expect(plan.actions).toEqual([
      { kind: 'refuse-too-big', msg: 1, uid: 'big', size: CAP + 1, limit: CAP },
      { kind: 'fetch', msg: 2, uid: 'ok', size: CAP, upgrade: false },
    ]);
  });

  it('refuses it without a UIDL too (headers-only needs an id), and never deletes it', () => {
    const plan = planFetch([{ msg: 1, size: CAP + 1, uid: null }], [], MODES['delete after download'], NOW);
    expect(plan.actions).toEqual([{ kind: 'refuse-too-big', msg: 1, uid: null, size: CAP + 1, limit: CAP }]);
    expect(planDeletes(plan, [{ msg: 1, localId: 'L', downloadedAt: NOW, status: 'stored' }], MODES['delete after download'], NOW)).toEqual([]);
  });
});

describe('planFetch: two different messages that share a UIDL', () => {
  const listing: ServerMessage[] = [
    { msg: 1, size: 100, uid: 'dup' },
    { msg: 2, size: 200, uid: 'dup' },
  ];

  it('fetches both when neither is known', () => {
    const plan = planFetch(listing, [], MODES['keep forever'], NOW);
    expect(plan.actions.map(label)).toEqual(['fetch', 'fetch']);
  });

  it('tells them apart by size: the stored one is kept, the other fetched', () => {
    const plan = planFetch(listing, [entry('dup', 200, 'stored', 1, 'L2')], MODES['keep forever'], NOW);
    expect(plan.actions).toEqual([
      { kind: 'fetch', msg: 1, uid: 'dup', size: 100, upgrade: false },
      { kind: 'keep', msg: 2, uid: 'dup', size: 200, localId: 'L2' },
    ]);
  });

  it('keeps both once both are stored; never deletes either on the strength of memory, in any mode', () => {
    const state = [entry('dup', 100, 'stored', 10, 'L1'), entry('dup', 200, 'deleted-here', 10, 'L2')];
    for (const mode of Object.keys(MODES) as Mode[]) {
      expect(planFetch(listing, state, MODES[mode], NOW).actions.map(label), mode).toEqual(['keep', 'skip']);
    }
  });

  it('with equal sizes, matches as many as are remembered and fetches the rest, deleting neither (which copy is stored cannot be known)', () => {
    const same: ServerMessage[] = [
      { msg: 1, size: 100, uid: 'dup' },
      { msg: 2, size: 100, uid: 'dup' },
    ];
    const plan = planFetch(same, [entry('dup', 100, 'stored', 1, 'L1')], MODES['delete after download'], NOW);
    expect(plan.actions.map(label)).toEqual(['keep', 'fetch']);
    // The session that stores the other copy may delete it: by its message number, not its UIDL.
    expect(planDeletes(plan, [{ msg: 2, localId: 'L2', downloadedAt: NOW, status: 'stored' }], MODES['delete after download'], NOW)).toEqual([
      { kind: 'delete', msg: 2, uid: 'dup', size: 100, localId: 'L2', reason: 'after-download' },
    ]);
  });

  it('never pairs a remembered entry with a shared-UIDL copy of another size (that could delete unstored mail)', () => {
    const plan = planFetch(listing, [entry('dup', 150, 'stored', 1)], MODES['delete after download'], NOW);
    expect(plan.actions.map(label)).toEqual(['fetch', 'fetch']);
    expect(plan.forget).toHaveLength(1);
  });
});

describe('planFetch: messages that could not be downloaded', () => {
  const listing: ServerMessage[] = [
    { msg: 1, size: 100, uid: 'a' },
    { msg: 2, size: 200, uid: 'b' },
  ];
  const failed = (reason: 'refused' | 'temporary' | 'too-big' | 'mismatch' | 'lost', attempts: number, status: PopStatus = 'failed'): PopStateEntry => ({
    ...entry('b', 200, status, 1, 'Lb'),
    failure: { reason, attempts, at: NOW - DAY, detail: 'what happened' },
  });

  it('a refused or temporarily refused message is tried again, stored under its entry\'s id, while it has attempts left', () => {
    for (const reason of ['refused', 'temporary'] as const) {
      for (const mode of Object.keys(MODES) as Mode[]) {
        const plan = planFetch(listing, [failed(reason, 2)], MODES[mode], NOW);
        expect(plan.actions[1], `${reason} ${mode}`).toEqual({ kind: 'fetch', msg: 2, uid: 'b', size: 200, upgrade: false, reuseId: 'Lb' });
      }
    }
  });

  it('one whose reply did not match, or whose connection failed, is tried again isolated', () => {
    for (const reason of ['mismatch', 'lost'] as const) {
      expect(planFetch(listing, [failed(reason, 1)], MODES['keep forever'], NOW).actions[1]).toEqual({
        kind: 'fetch', msg: 2, uid: 'b', size: 200, upgrade: false, reuseId: 'Lb', isolated: true,
      });
    }
  });

  it(`after ${MAX_DOWNLOAD_ATTEMPTS} failed checks it is left on the server (skip), never deleted, in every mode`, () => {
    for (const reason of ['refused', 'temporary', 'mismatch', 'lost'] as const) {
      for (const mode of Object.keys(MODES) as Mode[]) {
        const plan = planFetch(listing, [failed(reason, MAX_DOWNLOAD_ATTEMPTS)], MODES[mode], NOW);
        expect(plan.actions[1], `${reason} ${mode}`).toEqual({ kind: 'skip', msg: 2, uid: 'b', size: 200, localId: 'Lb' });
        expect(plan.forget).toEqual([]);
      }
    }
  });

  it('one that arrived too big is not tried again by itself: neither without a copy, nor its headers-only copy, whatever LIST says', () => {
    for (const mode of Object.keys(MODES) as Mode[]) {
      expect(planFetch(listing, [failed('too-big', 1)], MODES[mode], NOW).actions[1]!.kind).toBe('skip');
      expect(planFetch(listing, [failed('too-big', 1, 'headers-only')], MODES[mode], NOW).actions[1]!.kind).toBe('keep');
    }
  });

  it('a headers-only copy whose completion failed is completed again while attempts are left (isolated after a mismatch)', () => {
    const refusedUpgrade = failed('refused', 1, 'headers-only');
    expect(planFetch(listing, [refusedUpgrade], MODES['keep forever'], NOW).actions[1]).toMatchObject({ kind: 'fetch', upgrade: true, reuseId: 'Lb' });
    expect(planFetch(listing, [failed('mismatch', 1, 'headers-only')], MODES['keep forever'], NOW).actions[1]).toMatchObject({ kind: 'fetch', isolated: true });
    expect(planFetch(listing, [failed('refused', MAX_DOWNLOAD_ATTEMPTS, 'headers-only')], MODES['keep forever'], NOW).actions[1]!.kind).toBe('keep');
  });

  it('the entry of a failed message no longer on the server is forgotten', () => {
    const plan = planFetch(listing.slice(0, 1), [failed('refused', 1)], MODES['keep forever'], NOW);
    expect(plan.forget.map((e) => e.localId)).toEqual(['Lb']);
  });
});

describe('planFetch: servers without UIDL', () => {
  const listing: ServerMessage[] = [
    { msg: 1, size: 100, uid: null },
    { msg: 2, size: 90_000, uid: null },
  ];

  it.each([['keep forever'], ['keep 7 days'], ['keep forever + delete when deleted here']] as const)('refuses %s with a clear error', (mode) => {
    let caught: unknown;
    try {
      planFetch(listing, [], MODES[mode], NOW);
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(HeronError);
    const e = caught as HeronError;
    expect(e.code).toBe('EUNSUPPORTED');
    expect(e.message).toMatch(/does not give messages a unique id \(POP3 UIDL\)/);
    expect(e.message).toMatch(/delete from the server after download/);
    expect(e.detail).toEqual({ field: 'retention.mode', messagesWithoutUid: 2 });
  });

  it('keep modes with a UIDL that leaves some messages out: those stay on the server, unidentified; the rest are planned as usual', () => {
    const partial: ServerMessage[] = [{ msg: 1, size: 100, uid: 'a' }, ...listing.slice(1)];
    for (const mode of ['keep forever', 'keep 7 days'] as const) {
      expect(planFetch(partial, [], MODES[mode], NOW).actions).toEqual([
        { kind: 'fetch', msg: 1, uid: 'a', size: 100, upgrade: false },
        { kind: 'unidentified', msg: 2, size: 90_000 },
      ]);
    }
    expect(planFetch(partial, [], MODES['delete after download'], NOW).actions.map(label)).toEqual(['fetch', 'fetch']);
  });

  it('in delete mode fetches every message whole (no headers-only without an id), then deletes what was stored', () => {
    const pol = MODES['delete after download'];
    const plan = planFetch(listing, [], pol, NOW);
    expect(plan.actions).toEqual([
      { kind: 'fetch', msg: 1, uid: null, size: 100, upgrade: false },
      { kind: 'fetch', msg: 2, uid: null, size: 90_000, upgrade: false },
    ]);
    // Only message 2 committed before the connection dropped: only it may go.
    const deletes = planDeletes(plan, [{ msg: 2, localId: 'L2', downloadedAt: NOW, status: 'stored' }], pol, NOW);
    expect(deletes).toEqual([{ kind: 'delete', msg: 2, uid: null, size: 90_000, localId: 'L2', reason: 'after-download' }]);
  });
});

describe('planDeletes: phase two, after the commit', () => {
  const listing: ServerMessage[] = [
    { msg: 1, size: 100, uid: 'a' },
    { msg: 2, size: 100, uid: 'b' },
    { msg: 3, size: 90_000, uid: 'c' },
    { msg: 4, size: 100, uid: 'd' },
  ];

  it('delete mode: deletes exactly the fetched messages reported stored', () => {
    const pol = MODES['delete after download'];
    const plan = planFetch(listing, [entry('d', 100, 'stored', 0, 'L4')], pol, NOW);
    expect(plan.actions.map(label)).toEqual(['fetch', 'fetch', 'fetch-headers', 'delete:after-download']);
    const deletes = planDeletes(
      plan,
      [
        { msg: 1, localId: 'L1', downloadedAt: NOW, status: 'stored' },
        { msg: 3, localId: 'L3', downloadedAt: NOW, status: 'headers-only' },
        // msg 2 was not committed (the store failed): it stays on the server.
        // msg 4 was not fetched by this plan: phase one already handled it.
        { msg: 4, localId: 'L4', downloadedAt: NOW, status: 'stored' },
      ],
      pol,
      NOW,
    );
    expect(deletes).toEqual([{ kind: 'delete', msg: 1, uid: 'a', size: 100, localId: 'L1', reason: 'after-download' }]);
  });

  it('keep modes delete nothing just fetched, except keep-0-days', () => {
    const stored = [{ msg: 1, localId: 'L1', downloadedAt: NOW, status: 'stored' as const }];
    for (const pol of [MODES['keep forever'], MODES['keep 7 days'], MODES['keep 7 days + delete when deleted here']]) {
      expect(planDeletes(planFetch(listing, [], pol, NOW), stored, pol, NOW)).toEqual([]);
    }
    const zero = policy('keep', 0, false);
    expect(planDeletes(planFetch(listing, [], zero, NOW), stored, zero, NOW).map(label)).toEqual(['delete:expired']);
  });
});

/**
 * Keep N days at its boundary: "delete from the server N days after download" (the settings' words)
 * deletes at the first check once N × 24 hours have passed since the download — at exactly N days,
 * not a millisecond before.
 */
describe('keep N days at the boundary', () => {
  const cases = [1, 7, 14].flatMap((days) =>
    [
      { offset: -1, expected: 'keep', deletedHere: 'skip' },
      { offset: 0, expected: 'delete:expired', deletedHere: 'delete:expired' },
      { offset: 1, expected: 'delete:expired', deletedHere: 'delete:expired' },
    ].map((c) => ({ days, ...c })),
  );

  for (const { days, offset, expected, deletedHere } of cases) {
    const age = days * DAY + offset;
    const unit = days === 1 ? 'day' : 'days';
    it(`keep ${days} ${unit}, downloaded ${days} ${unit} ${offset < 0 ? '− 1 ms' : offset > 0 ? '+ 1 ms' : 'exactly'} ago → ${expected}`, () => {
      const pol = policy('keep', days, false);
      const listing: ServerMessage[] = [{ msg: 1, size: 2_000, uid: 'U1' }];
      const stored: PopStateEntry = { accountId: 'acc', uidl: 'U1', localId: 'L1', downloadedAt: NOW - age, status: 'stored', size: 2_000 };
      expect(planFetch(listing, [stored], pol, NOW).actions.map(label)).toEqual([expected]);
      // Deleted here, without "delete when deleted here": the same clock decides.
      expect(planFetch(listing, [{ ...stored, status: 'deleted-here' }], pol, NOW).actions.map(label)).toEqual([deletedHere]);
      // A headers-only copy is never deleted by age: its body exists only on the server.
      expect(planFetch([{ msg: 1, size: 80_000, uid: 'U1' }], [{ ...stored, status: 'headers-only', size: 80_000 }], pol, NOW).actions.map(label)).toEqual(['keep']);
      // Downloaded in this same session and already that old by the end of it (phase two follows the same rule).
      const fetchedNow = planFetch(listing, [], pol, NOW - age);
      expect(fetchedNow.actions.map(label)).toEqual(['fetch']);
      expect(planDeletes(fetchedNow, [{ msg: 1, localId: 'L1', downloadedAt: NOW - age, status: 'stored' }], pol, NOW).map(label)).toEqual(
        expected === 'keep' ? [] : ['delete:expired'],
      );
    });
  }
});

describe('server actions a rule asked for (issue 19)', () => {
  const listing: ServerMessage[] = [{ msg: 1, uid: 'U1', size: 2_000 }];
  const fetchNew = () => planFetch(listing, [], MODES['keep forever'], NOW);

  it('"delete from server": deleted in the session that stored it, only once the store says it is committed', () => {
    const plan = fetchNew();
    expect(plan.actions).toEqual([{ kind: 'fetch', msg: 1, uid: 'U1', size: 2_000, upgrade: false }]);
    expect(planDeletes(plan, [], MODES['keep forever'], NOW)).toEqual([]);
    expect(planDeletes(plan, [{ msg: 1, localId: 'L', downloadedAt: NOW, status: 'stored', serverAction: 'delete' }], MODES['keep forever'], NOW)).toEqual([
      { kind: 'delete', msg: 1, uid: 'U1', size: 2_000, localId: 'L', reason: 'rule' },
    ]);
  });

  it('"delete from server" remembered: a later check deletes it (a DELE that did not take)', () => {
    const entry: PopStateEntry = { accountId: 'a', uidl: 'U1', localId: 'L', downloadedAt: NOW - DAY, status: 'stored', size: 2_000, serverAction: 'delete' };
    expect(planFetch(listing, [entry], MODES['keep forever'], NOW).actions).toEqual([{ kind: 'delete', msg: 1, uid: 'U1', size: 2_000, localId: 'L', reason: 'rule' }]);
  });

  it('"leave on server" wins over delete-after-download and over an expired keep-N-days', () => {
    const plan = planFetch(listing, [], MODES['delete after download'], NOW);
    expect(planDeletes(plan, [{ msg: 1, localId: 'L', downloadedAt: NOW, status: 'stored', serverAction: 'leave' }], MODES['delete after download'], NOW)).toEqual([]);
    const entry: PopStateEntry = { accountId: 'a', uidl: 'U1', localId: 'L', downloadedAt: NOW - 10 * DAY, status: 'stored', size: 2_000, serverAction: 'leave' };
    expect(planFetch(listing, [entry], MODES['keep 7 days'], NOW).actions).toEqual([{ kind: 'keep', msg: 1, uid: 'U1', size: 2_000, localId: 'L' }]);
  });

  it('"download whole": a headers-only copy over the limit is downloaded whole', () => {
    const big: ServerMessage[] = [{ msg: 1, uid: 'U1', size: 80_000 }];
    const entry: PopStateEntry = { accountId: 'a', uidl: 'U1', localId: 'L', downloadedAt: NOW, status: 'headers-only', size: 80_000, serverAction: 'download' };
    expect(planFetch(big, [entry], MODES['keep forever'], NOW).actions).toEqual([{ kind: 'fetch', msg: 1, uid: 'U1', size: 80_000, upgrade: true, reuseId: 'L', whole: true }]);
    expect(planFetch(big, [{ ...entry, serverAction: undefined }], MODES['keep forever'], NOW).actions[0]?.kind).toBe('keep');
  });
});

describe('what the person asked in "What is on the server" (issue 20)', () => {
  const entry = (status: PopStatus, asked: PopStateEntry['asked'], over: Partial<PopStateEntry> = {}): PopStateEntry => ({
    accountId: 'a',
    uidl: 'U1',
    localId: 'L',
    downloadedAt: NOW - DAY,
    status,
    size: 80_000,
    ...(asked ? { asked } : {}),
    ...over,
  });
  const one = (e: PopStateEntry, mode: Mode = 'keep forever', size = 80_000) => planFetch([{ msg: 1, uid: 'U1', size }], [e], MODES[mode], NOW).actions[0];
  const failure = { reason: 'too-big' as const, attempts: MAX_DOWNLOAD_ATTEMPTS, at: NOW - DAY, detail: 'too big' };

  it('"Delete from server now" deletes a stored message at once, whatever the mode keeps', () => {
    for (const mode of Object.keys(MODES) as Mode[]) {
      expect(one(entry('stored', { action: 'delete', at: NOW }), mode, 2_000)).toEqual({ kind: 'delete', msg: 1, uid: 'U1', size: 2_000, localId: 'L', reason: 'asked' });
    }
  });

  it('deletes_not_here_only_when_confirmed: a headers-only or failed message is deleted only with the confirmation', () => {
    for (const status of ['headers-only', 'failed'] as const) {
      expect(one(entry(status, { action: 'delete', at: NOW }, { failure }))?.kind).not.toBe('delete');
      expect(one(entry(status, { action: 'delete', at: NOW, confirmed: true }, { failure }))).toEqual({ kind: 'delete', msg: 1, uid: 'U1', size: 80_000, localId: 'L', reason: 'asked' });
    }
  });

  it('"Download now" fetches a headers-only or failed message whole, over the headers-only limit and after every try was spent', () => {
    expect(one(entry('headers-only', { action: 'download', at: NOW }, { failure }))).toEqual({ kind: 'fetch', msg: 1, uid: 'U1', size: 80_000, upgrade: true, reuseId: 'L', whole: true });
    expect(one(entry('failed', { action: 'download', at: NOW }, { failure: { ...failure, reason: 'lost' } }))).toEqual({
      kind: 'fetch',
      msg: 1,
      uid: 'U1',
      size: 80_000,
      upgrade: false,
      reuseId: 'L',
      whole: true,
      isolated: true,
    });
    // Not over the safety cap, and a stored message is not downloaded again.
    expect(one(entry('failed', { action: 'download', at: NOW }, { failure }), 'keep forever', CAP + 1)?.kind).toBe('skip');
    expect(one(entry('stored', { action: 'download', at: NOW }), 'keep forever', 2_000)?.kind).toBe('keep');
  });

  it('a message whose UIDL the server lists twice is not deleted by an ask: the UIDL does not say which copy it is', () => {
    const plan = planFetch(
      [
        { msg: 1, uid: 'U1', size: 2_000 },
        { msg: 2, uid: 'U1', size: 2_000 },
      ],
      [entry('stored', { action: 'delete', at: NOW }, { size: 2_000 })],
      MODES['keep forever'],
      NOW,
    );
    expect(plan.actions.some((a) => a.kind === 'delete')).toBe(false);
  });
});
