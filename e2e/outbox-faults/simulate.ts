/**
 * The Outbox under fire: randomized sends (Send with an undo window, Send later, at once) through
 * the real code — the window's Outbox runner and repository on fake-indexeddb, main's send
 * handlers (queueMessage builds the bytes, sendMessages sends them) over main's store link and a
 * real MessageChannel to the store worker's code, and the SMTP engine on real sockets — against
 * the in-repo scriptable SMTP server, while the run crashes the window (the runner dies, main
 * goes on) or the whole app (the connection dies with it, main restarts with an empty cache), puts
 * the machine to sleep (with and without the wake-up event), and breaks the network at each SMTP
 * step. A person answers every "may have been sent" as a careful one would: by asking the
 * recipient (the server's ground truth). At the end every message must have been accepted by the
 * server exactly once, never before its time, and be in Sent once; nothing may be left behind.
 *
 * A spec imports 'fake-indexeddb/auto' on its first line: Dexie looks for IndexedDB when it loads.
 */
import { Dexie } from 'dexie';
import type { Result } from '../../shared/ipc/result';
import type { MainHandlers } from '../../shared/ipc/contract';
import type { OutgoingServer } from '../../shared/model/account';
import type { SendHold } from '../../shared/model/outgoing';
import { startScriptedServer, type Reply, type ScriptedSession } from '../../electron/core/smtp/test-support';
import { dispatchCall } from '../../electron/main/dispatch';
import { rng } from '../servers/messages';
import { createSendHandlers } from '../../electron/main/handlers/send';
import { StoreLink } from '../../electron/main/store/link';
import { webStorePort } from '../../electron/main/store/web-port';
import { HeronDb } from '../../renderer/src/data/db';
import { outboxRepo, type OutboxRepo } from '../../renderer/src/data/outbox-repo';
import type { DraftRow } from '../../renderer/src/data/rows';
import { serveStore } from '../../renderer/src/data/store/serve';
import { laterHold, undoHold } from '../../renderer/src/features/compose/send-hold';
import { createOutboxRunner, type OutboxRunner, type RunnerDeps } from '../../renderer/src/features/outbox/runner';
import { draftRow, FakeClock } from '../../renderer/src/features/outbox/test-support';

/** Where the network breaks in one connection (one message of it, for the per-message steps). */
export const NETWORK_FAULTS = [
  'drop-at-ehlo',
  'drop-at-mail',
  'drop-at-rcpt',
  '451-at-rcpt',
  'drop-at-data',
  'drop-during-data',
  '451-after-dot',
  'drop-after-dot',
  'silent-after-dot',
] as const;
export type NetworkFault = (typeof NETWORK_FAULTS)[number];

/** Where a crash strikes: the window alone (main goes on), or the whole app (the connection dies too). */
export const CRASH_STEPS = ['after-claim', 'at-mail', 'at-rcpt', 'at-data', 'after-dot'] as const;

export interface FaultCounts {
  sends: number;
  delivered: number;
  duplicates: number;
  lost: number;
  early: number;
  connections: number;
  networkFaults: Record<string, number>;
  windowCrashes: number;
  appCrashes: number;
  sleepsWithWakeEvent: number;
  sleepsWithoutWakeEvent: number;
  undos: number;
  sentNow: number;
  scheduled: number;
  mayHaveBeenSent: number;
  /** Left "may have been sent" by a window crash once main was on the wire (main knew, and must have said). */
  uncertainAfterWindowCrashOnWire: number;
  resolvedMarkedSent: number;
  resolvedSentAgain: number;
}

export interface FaultRunOptions {
  readonly sends: number;
  readonly seed: number;
  /** Chance that a connection meets a network fault (default 0.3). */
  readonly faultRate?: number;
}

const T0 = Date.UTC(2026, 11, 7, 9, 0, 0);
const ACCOUNT = 'a1';
const TIMEOUTS = { connect: 2_000, greeting: 2_000, command: 1_000, dataBlock: 2_000, finalDot: 250, socket: 5_000 };

/** The message's subject from its bytes (each draft's subject names it). */
function subjectOf(body: Buffer): string {
  return /^Subject: (.*)$/m.exec(body.toString('latin1'))?.[1]?.trim() ?? '';
}

export async function runOutboxFaults(options: FaultRunOptions): Promise<FaultCounts> {
  const random = rng(options.seed);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)] as T;
  const faultRate = options.faultRate ?? 0.3;
  const clock = new FakeClock(T0);
  const counts: FaultCounts = {
    sends: 0, delivered: 0, duplicates: 0, lost: 0, early: 0, connections: 0, networkFaults: {}, windowCrashes: 0, appCrashes: 0,
    sleepsWithWakeEvent: 0, sleepsWithoutWakeEvent: 0, undos: 0, sentNow: 0, scheduled: 0, mayHaveBeenSent: 0, uncertainAfterWindowCrashOnWire: 0, resolvedMarkedSent: 0, resolvedSentAgain: 0,
  };

  // Ground truth: what the server accepted (or may have: it had the whole message when the line
  // went dead), by subject, with the clock's time; and when each subject may go at the earliest.
  const accepted = new Map<string, number[]>();
  const notBefore = new Map<string, number>();
  const faultOf = new WeakMap<ScriptedSession, { fault: NetworkFault | null; mails: number; at: number }>();
  // The connection whose message data is to be cut off mid-stream (the server reads one chunk, then drops).
  let cutData = false;
  let crashAt: { step: (typeof CRASH_STEPS)[number]; app: boolean } | null = null;
  let crash: ((app: boolean) => void) | null = null;

  const acceptedNow = (body: Buffer) => {
    const subject = subjectOf(body);
    accepted.set(subject, [...(accepted.get(subject) ?? []), clock.now()]);
  };
  /** A crash planned for this step strikes now; answers whether the connection dies with the app. */
  const crashHere = (step: (typeof CRASH_STEPS)[number]): boolean => {
    if (crashAt?.step !== step) return false;
    const { app } = crashAt;
    lastCrash = crashAt;
    crashAt = null;
    crash?.(app);
    return app;
  };
  const server = await startScriptedServer({
    tls: { key: '', cert: '' },
    ehloAuth: null,
    get dropDuringData() {
      return cutData;
    },
    onLine: (line, session): Reply | undefined => {
      const verb = line.split(' ')[0]?.toUpperCase();
      if (verb === 'EHLO') {
        counts.connections += 1;
        const fault = random() < faultRate ? pick(NETWORK_FAULTS) : null;
        faultOf.set(session, { fault, mails: 0, at: 0 });
        if (fault) counts.networkFaults[fault] = (counts.networkFaults[fault] ?? 0) + 1;
        cutData = false;
        if (fault === 'drop-at-ehlo') return { drop: true };
        return undefined;
      }
      const state = faultOf.get(session);
      if (verb === 'MAIL') {
        if (state) state.mails += 1;
        if (crashHere('at-mail')) return { drop: true };
        if (state?.fault === 'drop-at-mail' && state.mails === 1) return { drop: true };
      }
      if (verb === 'RCPT') {
        if (crashHere('at-rcpt')) return { drop: true };
        if (state?.fault === 'drop-at-rcpt' && state.mails === 1) return { drop: true };
        if (state?.fault === '451-at-rcpt' && state.mails === 1) return '451 4.3.0 Try again later';
      }
      if (verb === 'DATA') {
        if (crashHere('at-data')) return { drop: true };
        if (state?.fault === 'drop-at-data' && state.mails === 1) return { drop: true };
        // The 354 goes out and the line dies while the message streams: the server never has it whole.
        if (state?.fault === 'drop-during-data' && state.mails === 1) cutData = true;
      }
      return undefined;
    },
    onData: (body, session): Reply => {
      const state = faultOf.get(session);
      const mine = state !== undefined && state.mails === 1;
      if (mine && state.fault === '451-after-dot') return '451 4.3.0 Try again later';
      // From here on the server has the whole message: it may deliver it whatever the client hears.
      acceptedNow(body);
      if (crashHere('after-dot')) return { drop: true };
      if (mine && state.fault === 'drop-after-dot') return { drop: true };
      if (mine && state.fault === 'silent-after-dot') return null;
      return '250 2.0.0 Ok: queued';
    },
  });
  const outgoing: OutgoingServer = { protocol: 'smtp', host: '127.0.0.1', port: server.port, security: 'none', username: 'alice', auth: 'none' };

  const db = new HeronDb(`heron-outbox-faults-${options.seed}-${process.pid}-${Date.now()}`);
  await db.open();
  const repo = outboxRepo(db);

  // Main: the store link over a real MessageChannel to the store worker's code, and the send handlers.
  let handlers: ReturnType<typeof createSendHandlers>;
  const channels: MessageChannel[] = [];
  const startMain = () => {
    const channel = new globalThis.MessageChannel();
    channels.push(channel);
    const link = new StoreLink({ commitTimeoutMs: 10_000 });
    link.attach(webStorePort(channel.port1));
    serveStore(db, channel.port2, { now: () => clock.now(), log: { warn: () => undefined, error: () => undefined } });
    handlers = createSendHandlers({ secrets: { get: async () => null, renew: async () => null }, store: link, timeouts: TIMEOUTS, deadlineMs: 60_000 });
  };
  startMain();
  // Main's calls as the window makes them (validated, answered as a Result); a send is tracked, as
  // it can outlive the window that asked for it.
  const inFlight = new Set<Promise<unknown>>();
  const call = (name: 'queueMessage' | 'sendMessages' | 'sendState', input: unknown): Promise<Result<unknown>> => {
    const p = dispatchCall(handlers as unknown as MainHandlers, name, input);
    inFlight.add(p);
    void p.finally(() => inFlight.delete(p));
    return p;
  };
  const settleMain = async () => {
    for (let i = 0; i < 50 && inFlight.size > 0; i++) await Promise.allSettled([...inFlight]);
  };

  // The window: a runner whose every write goes through a repository that dies with it.
  let alive = { value: true };
  const wake: { listener: (() => void) | null } = { listener: null };
  const mortal = (life: { value: boolean }): OutboxRepo =>
    new Proxy(repo, {
      get(target, key: keyof OutboxRepo) {
        const fn = target[key] as (...args: unknown[]) => Promise<unknown>;
        return async (...args: unknown[]) => {
          if (!life.value) throw new Error('the window crashed');
          const result = await fn(...args);
          if (key === 'claimDue' && Array.isArray(result) && result.length > 0 && crashAt?.step === 'after-claim') crashHere('after-claim');
          if (!life.value) throw new Error('the window crashed');
          return result;
        };
      },
    });
  const newRunner = (): OutboxRunner => {
    const life = { value: true };
    alive = life;
    const deps: RunnerDeps = {
      repo: mortal(life),
      clock,
      random,
      outgoing: async () => outgoing,
      send: async (input) => {
        if (!life.value) throw new Error('the window crashed');
        return (await call('sendMessages', input)) as Result<never>;
      },
      sendState: async (ids) => (await call('sendState', { ids })) as Result<never>,
      onResume: (listener) => ((wake.listener = listener), () => (wake.listener = null)),
    };
    return createOutboxRunner(deps);
  };
  let runner = newRunner();
  let lastCrash: { step: (typeof CRASH_STEPS)[number]; app: boolean } | null = null;
  crash = (app: boolean) => {
    // The window dies: its runner stops and every write it still tries fails.
    alive.value = false;
    runner.stop();
    if (app) counts.appCrashes += 1;
    else counts.windowCrashes += 1;
    // Main dies too: a new main with an empty cache reads the bytes back from the store.
    if (app) startMain();
  };

  const restartIfCrashed = async () => {
    if (alive.value) return;
    // Main's send that outlived the window may still be running: the new window starts after it.
    await settleMain();
    // Only what this start could not settle from main's answer (main's own "may have been sent", from a silent server, is fair).
    const uncertain = async () => (await repo.list(null)).filter((r) => r.state === 'uncertain' && r.lastError?.message.startsWith('Heron stopped while')).length;
    const before = await uncertain();
    runner = newRunner();
    await runner.start();
    if (lastCrash && !lastCrash.app && lastCrash.step !== 'after-claim') counts.uncertainAfterWindowCrashOnWire += (await uncertain()) - before;
  };

  const settle = async () => {
    for (let i = 0; i < 6; i++) {
      await runner.kick().catch(() => undefined);
      await restartIfCrashed();
    }
  };

  // The person's side.
  let n = 0;
  const drafts = new Map<string, string>();
  const queue = async (draft: DraftRow, hold: SendHold) => {
    notBefore.set(draft.subject, hold.sendAt);
    const { outboxId: _o, sourceMessageId: _s, attachments: _a, ...fields } = draft;
    const answer = await call('queueMessage', {
      draft: { ...fields, replyTo: null, attachments: [] },
      attachments: [],
      outboxId: `o-${draft.id}-${++n}`,
      sentId: `sent-${draft.id}-${n}`,
      sendAt: hold.sendAt,
      scheduled: hold.scheduled,
    });
    if (!answer.ok) throw new Error(`queueMessage failed: ${answer.error.message}`);
  };
  const writeAndSend = async () => {
    const id = `d${counts.sends}`;
    counts.sends += 1;
    const draft: DraftRow = { ...draftRow(id), subject: `fault-run ${id}`, text: `Message ${id}\n`, accountId: ACCOUNT };
    await db.drafts.put(draft);
    drafts.set(draft.subject, id);
    const r = random();
    const hold = r < 0.55 ? undoHold(clock.now(), pick([5, 10, 30, 60])) : r < 0.8 ? laterHold(clock.now(), clock.now() + Math.floor(random() * 6 * 3600_000)) : { sendAt: clock.now(), scheduled: false };
    if (hold.scheduled) counts.scheduled += 1;
    await queue(draft, hold);
    void runner.kick().catch(() => undefined);
  };
  /** "Undo" on a message still in its window, then Send again (as edited, with a new window). */
  const undoOne = async () => {
    const held = (await repo.list(null)).filter((r) => r.state === 'queued' && r.scheduled === false && (r.sendAt ?? 0) > clock.now());
    const row = held.length ? pick(held) : undefined;
    if (!row) return;
    const draftId = await repo.returnToDrafts(row.id);
    if (draftId === null) return;
    counts.undos += 1;
    const draft = await db.drafts.get(draftId);
    if (draft) await queue(draft, undoHold(clock.now(), 10));
  };
  const sendOneNow = async () => {
    const held = (await repo.list(null)).filter((r) => r.state === 'queued' && (r.sendAt ?? 0) > clock.now());
    const row = held.length ? pick(held) : undefined;
    if (!row) return;
    counts.sentNow += 1;
    notBefore.set(row.sentMeta.subject, clock.now());
    await repo.sendItemNow(row.id, clock.now());
  };
  /** "May have been sent": the person asks the recipient, then marks it sent or sends it again. */
  const answerUncertain = async () => {
    for (const row of await repo.list(null)) {
      if (row.state !== 'uncertain' && row.state !== 'failed') continue;
      counts.mayHaveBeenSent += row.state === 'uncertain' ? 1 : 0;
      if ((accepted.get(row.sentMeta.subject)?.length ?? 0) > 0) {
        counts.resolvedMarkedSent += 1;
        await repo.markAsSent(row.id);
      } else {
        counts.resolvedSentAgain += 1;
        notBefore.set(row.sentMeta.subject, Math.min(notBefore.get(row.sentMeta.subject) ?? 0, clock.now()));
        await repo.retry(row.id, clock.now());
      }
    }
  };

  const quietError = console.error;
  console.error = (...args: unknown[]) => {
    if (typeof args[0] === 'string' && args[0].startsWith('The outbox runner failed')) return;
    quietError(...args);
  };
  try {
    await runner.start();
    for (let step = 0; counts.sends < options.sends && step < options.sends * 40; step++) {
      const r = random();
      if (r < 0.3) await writeAndSend();
      else if (r < 0.55) {
        clock.advance(Math.floor(random() * 90_000));
      } else if (r < 0.63) {
        crashAt = { step: pick(CRASH_STEPS), app: random() < 0.5 };
      } else if (r < 0.67) {
        clock.sleep(Math.floor(random() * 8 * 3600_000));
        if (random() < 0.5) {
          counts.sleepsWithWakeEvent += 1;
          wake.listener?.();
        } else {
          counts.sleepsWithoutWakeEvent += 1;
          // The timer set before sleeping fires on waking (never more than a minute ahead).
          clock.advance(0);
        }
      } else if (r < 0.72) await undoOne();
      else if (r < 0.75) await sendOneNow();
      else if (r < 0.8) await answerUncertain();
      await settle();
    }
    // The storm is over: no more faults; time passes, the person answers what waits for them.
    crashAt = null;
    for (let round = 0; round < 200; round++) {
      await answerUncertain();
      await settle();
      await settleMain();
      if ((await db.outbox.count()) === 0) break;
      clock.advance(61 * 60_000);
      await settle();
    }
  } finally {
    console.error = quietError;
    runner.stop();
    await settleMain();
    await server.close();
    for (const c of channels) {
      c.port1.close();
      c.port2.close();
    }
  }

  for (const [subject] of drafts) {
    const times = accepted.get(subject) ?? [];
    if (times.length === 0) counts.lost += 1;
    if (times.length > 1) counts.duplicates += times.length - 1;
    counts.delivered += Math.min(times.length, 1);
    if (times.some((t) => t < (notBefore.get(subject) ?? 0))) counts.early += 1;
  }
  const left = { outbox: await db.outbox.count(), drafts: await db.drafts.count() };
  const sent = (await db.messages.toArray()).filter((m) => m.folder === 'sent');
  const sentSubjects = new Set(sent.map((m) => m.subject));
  if (left.outbox !== 0 || left.drafts !== 0 || sent.length !== drafts.size || sentSubjects.size !== drafts.size) {
    throw new Error(`Left behind: ${left.outbox} in the Outbox, ${left.drafts} drafts; ${sent.length} in Sent for ${drafts.size} messages.`);
  }
  db.close();
  await Dexie.delete(db.name);
  return counts;
}

export function formatCounts(c: FaultCounts): string {
  const faults = Object.entries(c.networkFaults)
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([k, v]) => `${k} ${v}`)
    .join(', ');
  return [
    `sends ${c.sends}: delivered once ${c.delivered}, lost ${c.lost}, sent twice ${c.duplicates}, before their time ${c.early}`,
    `connections ${c.connections}; network faults: ${faults}`,
    `crashes: window ${c.windowCrashes}, whole app ${c.appCrashes}; sleeps: with wake event ${c.sleepsWithWakeEvent}, without ${c.sleepsWithoutWakeEvent}`,
    `undo ${c.undos}, send later ${c.scheduled}, send now ${c.sentNow}; may have been sent ${c.mayHaveBeenSent} (marked sent ${c.resolvedMarkedSent}, sent again ${c.resolvedSentAgain}); after a window crash with main on the wire ${c.uncertainAfterWindowCrashOnWire}`,
  ].join('\n');
}
