/**
 * One fetch of one POP3 account: connect, plan, download in batches, hand each batch to the local
 * store and wait for its durable commit, and only then delete what the policy says — the order
 * that makes "no mail lost or duplicated" hold (issue 4 §3):
 *
 *   1. UIDL/LIST → planFetch (pure): what to fetch, keep, delete (already stored earlier).
 *   2. RETR pipelined; every `batchSize` messages (or `batchBytes`) → commit(batch). Downloading
 *      goes on while a batch commits, but at most `maxPendingCommits` batches wait at once.
 *   3. A commit that fails (disk full, the renderer gone, no answer in time) stops everything: the
 *      socket is destroyed without QUIT, so the server deletes nothing (RFC 1939 §6).
 *   4. planDeletes for what was committed this session, DELE (pipelined), then QUIT — DELE only
 *      takes effect at QUIT, so deletions are reported only when QUIT succeeded.
 *
 * One message cannot stop a mailbox (issue 16 §1): a message the server refuses is noted and the
 * download goes on. One that arrives too big, or whose reply is not the message the server
 * described, ends its session without DELE (what came before it is committed first); the Get mail
 * then goes on in a new session planned from what it learnt (memory.ts), up to MAX_SESSIONS. A
 * message that failed that way before is downloaded last, in a session of its own, after the rest
 * was stored and deleted as the mode says: whatever it does then, it takes nothing else with it.
 * Every message that failed is reported (`onFailed`) with the attempt counted, whether or not
 * the Get mail as a whole succeeded.
 *
 * Plain Node: runs in a worker thread in the app and in-process in tests.
 */
import { HeronError } from '../../../shared/ipc/result';
import type { FetchAccount, FetchSummary } from '../../../shared/ipc/calls/fetch';
import { openSession, type Pop3ConnectOptions, type Pop3Credentials } from '../pop3';
import { BatchRunner, FetchCounts, type FetchAction } from './batch-runner';
import type { FetchSessionOptions } from './session-options';
import { FetchMemory } from './memory';
import { planDeletes, planFetch, type FetchPolicy, type PlanAction } from './plan';

/** Over this a message is never downloaded (the person sees it listed as too big). */
export const SAFETY_CAP_BYTES = 256 * 1024 * 1024;

/**
 * The most of a message that may arrive when the limit is `limit` bytes: the limit applies to what
 * arrives, not to what LIST said (issue 16 §3), plus the 2 octets of a final line end the server
 * adds to a message without one (RFC 1939 §3; Dovecot), which LIST does not count.
 */
export function arrivalLimit(limit: number): number {
  return limit + 2;
}

/** Sessions one Get mail may open: each after the first follows a message that broke the one before. */
export const MAX_SESSIONS = 5;

export async function runFetchSession(options: FetchSessionOptions): Promise<FetchSummary> {
  const { account } = options;
  const now = options.now ?? Date.now;
  const policy: FetchPolicy = {
    ...account.retention,
    headersOnlyOverBytes: account.headersOnlyOverBytes,
    maxMessageBytes: options.maxMessageBytes ?? SAFETY_CAP_BYTES,
  };
  const limitFor = (a: FetchAction): number =>
    arrivalLimit(Math.min(policy.maxMessageBytes, a.kind === 'fetch' && a.whole !== true && policy.headersOnlyOverBytes !== null ? policy.headersOnlyOverBytes : Infinity));
  const counts = new FetchCounts(options.onProgress ?? (() => {}));
  const memory = new FetchMemory(account.id, options.popState, options.newId, options.onFailed ?? (() => {}));
  const summary = {
    serverCount: 0,
    downloaded: 0,
    deletedLocalIds: [] as string[],
    goneLocalIds: new Set<string>(),
    refusedTooBig: new Map<string, { uidl: string | null; size: number }>(),
    newMessages: [] as Array<{ from: string; subject: string }>,
    unidentified: 0,
    loginDelaySeconds: null as number | null,
  };

  /** One session: 'again' when the Get mail should go on in another. */
  const session = async (): Promise<'again' | 'done'> => {
    counts.report('connecting');
    const opened = await openSession({
      ...connectOptionsFor(account, options.connect, options.signal),
      credentials: credentialsFor(account, options.secret),
      // Keep modes cannot work without UIDL; the planner explains why in words.
      needUidl: false,
    });
    const { client } = opened;
    // Capabilities as they stand after login (RFC 2449 §6.5: LOGIN-DELAY may change then).
    summary.loginDelaySeconds = client.capabilities.loginDelaySeconds;
    let healthy = false;
    try {
      counts.report('listing');
      const plan = planFetch(opened.messages, memory.state(), policy, now());
      summary.serverCount = opened.count;
      summary.unidentified = plan.actions.filter((a) => a.kind === 'unidentified').length;
      for (const e of plan.forget) summary.goneLocalIds.add(e.localId);
      for (const a of plan.actions) if (a.kind === 'refuse-too-big') summary.refusedTooBig.set(`${a.uid ?? ''}/${a.size}`, { uidl: a.uid, size: a.size });
      const fetches = plan.actions.filter((a): a is FetchAction => a.kind === 'fetch' || a.kind === 'fetch-headers');
      const isolated = fetches.filter((a) => a.kind === 'fetch' && a.isolated === true);
      const normal = fetches.filter((a) => !isolated.includes(a));
      // The rest first; then each message that broke a session before, alone, in a session of its own.
      const alone = normal.length === 0;
      const run = new BatchRunner(options, counts, memory, alone ? isolated.slice(0, 1) : normal, limitFor);
      const broken = await run.download(client);
      summary.downloaded += run.storedNow.length;
      summary.newMessages.push(...run.newMessages);
      const more = isolated.length > (alone ? 1 : 0);
      if (broken) {
        // A connection that failed in the middle of the mail is most likely the network: the Get
        // mail fails as it always did (the message is tried alone next time). A new session could
        // not tell apart messages without a uid that this one stored: no second session then.
        if ((broken.kind === 'lost' && !alone) || opened.messages.some((m) => m.uid === null)) throw broken.error;
        return alone && !more ? 'done' : 'again';
      }
      const deletes = [
        ...plan.actions.filter((a): a is Extract<PlanAction, { kind: 'delete' }> => a.kind === 'delete'),
        ...planDeletes(plan, run.storedNow, policy, now()),
      ];
      if (deletes.length > 0) {
        counts.report('deleting');
        await client.deleteMany(
          deletes.map((d) => d.msg),
          options.signal,
        );
      }
      counts.report('finishing');
      await client.quit(options.signal);
      healthy = true;
      const deleted = deletes.map((d) => d.localId);
      memory.deleted(deleted);
      summary.deletedLocalIds.push(...deleted);
      // A rule asked for the whole of a message whose headers alone came: a new session downloads it.
      const whole = run.storedNow.some((s) => s.status === 'headers-only' && s.serverAction === 'download');
      return more || whole ? 'again' : 'done';
    } finally {
      // Anything but a clean QUIT: drop the socket so the server rolls back every DELE.
      if (!healthy) client.destroy();
    }
  };

  for (let n = 1; (await session()) === 'again' && n < MAX_SESSIONS; n += 1);
  // What this Get mail deleted is marked so, as after any fetch; the next check forgets it.
  for (const id of summary.deletedLocalIds) summary.goneLocalIds.delete(id);
  const { loginDelaySeconds, ...rest } = summary;
  return {
    ...rest,
    goneLocalIds: [...summary.goneLocalIds],
    refusedTooBig: [...summary.refusedTooBig.values()],
    ...(loginDelaySeconds !== null ? { loginDelaySeconds } : {}),
  };
}

/** Where and how to connect for this account (shared by the regular fetch and single downloads). */
export function connectOptionsFor(
  account: FetchAccount,
  extra: Partial<Omit<Pop3ConnectOptions, 'host' | 'port' | 'security' | 'signal'>> | undefined,
  signal: AbortSignal | undefined,
): Pop3ConnectOptions {
  return {
    ...extra,
    host: account.incoming.host,
    port: account.incoming.port,
    security: account.incoming.security,
    ...(account.incoming.pinnedCert ? { pinnedCert: account.incoming.pinnedCert } : {}),
    ...(signal ? { signal } : {}),
  };
}

export function credentialsFor(account: FetchAccount, secret: { password?: string; token?: string }): Pop3Credentials {
  const base = {
    method: account.incoming.auth,
    username: account.incoming.username,
    ...(account.incoming.allowPlaintextPassword ? { allowPlaintextPassword: true } : {}),
  };
  if (account.incoming.auth === 'xoauth2') {
    if (!secret.token) throw new HeronError('ENOSECRET', `No sign-in token is stored for ${account.address}.`);
    return { ...base, token: secret.token };
  }
  if (!secret.password) throw new HeronError('ENOSECRET', `No password is stored for ${account.address}.`);
  return { ...base, password: secret.password };
}
