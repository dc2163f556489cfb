/**
 * The POP3 fetch planner (issue 4 §1–5): pure. Given the server's LIST/UIDL answer, what Heron
 * remembers about the account (PopStateEntry) and the retention policy, it says for every message
 * on the server exactly one of: fetch, fetch-headers, keep, delete, skip, refuse-too-big — plus the
 * remembered entries that can be forgotten because their message is no longer on the server.
 *
 * Semantics are Thunderbird's, which people know:
 *   delete after download · leave on server forever · leave for at most N days (counted from the
 *   download) · delete from the server when I delete it here (combines with the keep modes).
 *
 * The one rule that matters most: a message is deleted from the server only after it is durably
 * stored here. So planning is two phases. `planFetch` never deletes a message it is about to
 * fetch; after the pipeline has committed what it fetched, `planDeletes` says which of those may
 * now be deleted. A message whose headers alone are stored is never deleted by retention (its
 * body exists only on the server); only the person deleting it here can remove it.
 *
 * Shared UIDLs: RFC 1939 §7 says a UIDL is unique, but some servers give two different messages
 * the same one. Both are fetched and kept. Matching a listing to memory goes UIDL first, then size:
 * when the server lists a UIDL once, the UIDL alone matches (a size that drifts by a few octets must
 * not cause a duplicate download); when it lists a UIDL several times, only an entry remembered with
 * the same size matches, and any listed copy left unmatched is fetched. Guessing wrong there costs a
 * duplicate; guessing the other way could delete a message never stored — a loss. Never that. So a
 * message whose UIDL is listed more than once is never deleted on the strength of what Heron
 * remembers (two copies of one size cannot be told apart); only in the session that stored it,
 * by its message number, may it go.
 *
 * Messages that could not be downloaded (issue 16 §1) are remembered as `failed`: tried again by
 * the next checks, up to MAX_DOWNLOAD_ATTEMPTS, then left on the server (`skip`) until the person
 * asks again. One whose reply did not match what the server said of it, or whose connection
 * failed, is tried `isolated`: last, alone, with nothing pipelined behind it. One that arrived too
 * big keeps the headers it had (`headers-only`) and is not tried again by itself.
 */
import { HeronError } from '../../../shared/ipc/result';
import type { RetentionPolicy } from '../../../shared/model/account';
import { triesAgain, type PopStateEntry } from '../../../shared/model/pop-state';

/** One line of the server's LIST joined with its UIDL (null when the server has no UIDL). */
export interface ServerMessage {
  readonly msg: number;
  readonly size: number;
  readonly uid: string | null;
}

export interface FetchPolicy extends RetentionPolicy {
  /** Messages larger than this are fetched headers-only (TOP); null = no limit. */
  readonly headersOnlyOverBytes: number | null;
  /** Safety cap: larger messages are not downloaded at all. */
  readonly maxMessageBytes: number;
  /** Body lines to ask for with TOP when fetching headers only (0 = headers alone). */
  readonly headersOnlyBodyLines?: number;
}

export type DeleteReason =
  /** Mode "delete after download". */
  | 'after-download'
  /** Mode "leave for at most N days" and N days have passed since the download. */
  | 'expired'
  /** The person deleted it here and the account propagates that. */
  | 'deleted-here'
  /** A DELE from an earlier session did not take (the session ended without QUIT). */
  | 'retry'
  /** A rule said "delete from the server" (only ever once the message is stored). */
  | 'rule'
  /** The person chose "Delete from server now" (one not here only once they confirmed it: PersonAsk). */
  | 'asked';

/**
 * `reuseId`: the local id the download is stored under (completing a headers-only copy, or a
 * message that failed before). `isolated`: download it alone, after the others (see above).
 */
export type PlanAction =
  | {
      readonly kind: 'fetch';
      readonly msg: number;
      readonly uid: string | null;
      readonly size: number;
      readonly upgrade: boolean;
      readonly reuseId?: string;
      readonly isolated?: true;
      /** A rule asked for the whole message: the account's headers-only limit does not apply (the safety cap does). */
      readonly whole?: true;
    }
  | { readonly kind: 'fetch-headers'; readonly msg: number; readonly uid: string | null; readonly size: number; readonly bodyLines: number; readonly reuseId?: string }
  | { readonly kind: 'keep'; readonly msg: number; readonly uid: string; readonly size: number; readonly localId: string }
  | { readonly kind: 'delete'; readonly msg: number; readonly uid: string | null; readonly size: number; readonly localId: string; readonly reason: DeleteReason }
  | { readonly kind: 'skip'; readonly msg: number; readonly uid: string; readonly size: number; readonly localId: string }
  | { readonly kind: 'refuse-too-big'; readonly msg: number; readonly uid: string | null; readonly size: number; readonly limit: number }
  /** Keep modes: the server gives this message no usable id, so it cannot be told apart next time; left alone. */
  | { readonly kind: 'unidentified'; readonly msg: number; readonly size: number };

export interface FetchPlan {
  /** One action per listed message, in server order. */
  readonly actions: readonly PlanAction[];
  /** Remembered entries whose message is no longer on the server: safe to forget. */
  readonly forget: readonly PopStateEntry[];
}

/** What the pipeline committed for a message this session (input to phase two). */
export interface StoredNow {
  readonly msg: number;
  readonly localId: string;
  readonly downloadedAt: number;
  readonly status: 'stored' | 'headers-only';
  /** What a rule asked of the server copy when the store committed it. */
  readonly serverAction?: PopStateEntry['serverAction'];
}

const DAY_MS = 86_400_000;

/** Phase one: what to download, what to keep, what already-stored mail may be deleted now. */
export function planFetch(
  listing: readonly ServerMessage[],
  state: readonly PopStateEntry[],
  policy: FetchPolicy,
  now: number,
): FetchPlan {
  const withoutUid = listing.filter((m) => m.uid === null);
  // Keep modes need ids. A server that gives none at all cannot be kept on; one that leaves a few
  // messages out of its UIDL only loses those few (they stay on the server).
  if (withoutUid.length > 0 && withoutUid.length === listing.length && policy.mode === 'keep') {
    throw new HeronError(
      'EUNSUPPORTED',
      'This server does not give messages a unique id (POP3 UIDL), so Heron cannot tell which messages it already has. ' +
        'Leaving mail on the server would download it again on every check: choose "delete from the server after download" for this account.',
      { detail: { field: 'retention.mode', messagesWithoutUid: withoutUid.length } },
    );
  }

  const matched = matchListing(listing, state);
  const listedTimes = new Map<string, number>();
  for (const m of listing) if (m.uid !== null) listedTimes.set(m.uid, (listedTimes.get(m.uid) ?? 0) + 1);
  const actions = listing.map((m): PlanAction => {
    if (m.uid === null && policy.mode === 'keep') return { kind: 'unidentified', msg: m.msg, size: m.size };
    const entry = matched.byMsg.get(m.msg);
    const action = decide(m, entry, policy, now);
    // Never deleted by what Heron remembers when the UIDL does not say which copy it is.
    if (action.kind === 'delete' && action.uid !== null && (listedTimes.get(action.uid) ?? 0) > 1) {
      const base = { msg: action.msg, uid: action.uid, size: action.size, localId: action.localId };
      return entry?.status === 'stored' ? { kind: 'keep', ...base } : { kind: 'skip', ...base };
    }
    return action;
  });
  return { actions, forget: matched.unmatched };
}

/**
 * Phase two: after the pipeline committed the messages it fetched, which of them may be deleted
 * now. Only messages this plan fetched in full and that are reported stored are considered.
 */
export function planDeletes(plan: FetchPlan, storedNow: readonly StoredNow[], policy: FetchPolicy, now: number): Array<Extract<PlanAction, { kind: 'delete' }>> {
  const fetched = new Map<number, Extract<PlanAction, { kind: 'fetch' }>>();
  for (const a of plan.actions) if (a.kind === 'fetch') fetched.set(a.msg, a);
  const deletes: Array<Extract<PlanAction, { kind: 'delete' }>> = [];
  for (const s of storedNow) {
    const a = fetched.get(s.msg);
    if (a === undefined || s.status !== 'stored') continue;
    const reason = s.serverAction === 'delete' ? 'rule' : s.serverAction === 'leave' ? null : retentionDue(policy, s.downloadedAt, now);
    if (reason !== null) deletes.push({ kind: 'delete', msg: a.msg, uid: a.uid, size: a.size, localId: s.localId, reason });
  }
  return deletes;
}

function decide(m: ServerMessage, entry: PopStateEntry | undefined, policy: FetchPolicy, now: number): PlanAction {
  if (entry === undefined) return planNew(m, policy);
  // A matched entry implies the listing has a UIDL.
  const uid = m.uid ?? entry.uidl;
  const base = { msg: m.msg, uid, size: m.size, localId: entry.localId };
  const asked = personAsked(m, entry, policy);
  if (asked !== null) return asked;
  switch (entry.status) {
    case 'stored': {
      const reason = entry.serverAction === 'delete' ? 'rule' : entry.serverAction === 'leave' ? null : retentionDue(policy, entry.downloadedAt, now);
      return reason === null ? { kind: 'keep', ...base } : { kind: 'delete', ...base, reason };
    }
    case 'headers-only': {
      // The limit was raised or removed since: download the whole message now (the pipeline
      // completes the partial local copy rather than adding a second one). Not one that arrived
      // too big whatever LIST says (only the person asks for it again), nor one that failed too often.
      // A rule may ask for the whole message however large (still within the safety cap).
      const asked = entry.serverAction === 'download';
      if ((entry.failure === undefined || triesAgain(entry.failure)) && (asked || !overHeadersLimit(m.size, policy)) && m.size <= policy.maxMessageBytes) {
        return { kind: 'fetch', msg: m.msg, uid, size: m.size, upgrade: true, reuseId: entry.localId, ...isolation(entry), ...(asked ? { whole: true as const } : {}) };
      }
      return { kind: 'keep', ...base };
    }
    case 'failed': {
      if (entry.failure === undefined || !triesAgain(entry.failure)) return { kind: 'skip', ...base };
      // Tried again as it was planned the first time, stored under the id the entry holds.
      const again = planNew(m, policy);
      if (again.kind === 'fetch-headers') return { ...again, reuseId: entry.localId };
      if (again.kind !== 'fetch') return again;
      return { ...again, reuseId: entry.localId, ...isolation(entry) };
    }
    case 'deleted-here': {
      // The person already discarded it; removing the server copy loses nothing they kept.
      if (policy.deleteWhenDeletedHere) return { kind: 'delete', ...base, reason: 'deleted-here' };
      const reason = retentionDue(policy, entry.downloadedAt, now);
      return reason === null ? { kind: 'skip', ...base } : { kind: 'delete', ...base, reason };
    }
    case 'deleted-on-server':
      // RFC 1939 §6: DELE only takes effect at QUIT; the last session must have ended without it.
      return { kind: 'delete', ...base, reason: 'retry' };
  }
}

/**
 * What the person asked in "What is on the server": delete a message that is here (stored, or
 * deleted here) without more, one not here only when they confirmed it is gone for good; download
 * one not here whole, whatever the account's limit and the failures before (not over the safety cap).
 */
function personAsked(m: ServerMessage, entry: PopStateEntry, policy: FetchPolicy): PlanAction | null {
  const ask = entry.asked;
  if (ask === undefined || m.uid === null) return null;
  const notHere = entry.status === 'headers-only' || entry.status === 'failed';
  if (ask.action === 'delete') {
    if (entry.status === 'deleted-on-server' || (notHere && ask.confirmed !== true)) return null;
    return { kind: 'delete', msg: m.msg, uid: m.uid, size: m.size, localId: entry.localId, reason: 'asked' };
  }
  if (!notHere || m.size > policy.maxMessageBytes) return null;
  return { kind: 'fetch', msg: m.msg, uid: m.uid, size: m.size, upgrade: entry.status === 'headers-only', reuseId: entry.localId, whole: true, ...isolation(entry) };
}

/** A message whose reply did not match, or whose connection failed, is tried alone, after the rest. */
function isolation(entry: PopStateEntry): { isolated?: true } {
  const reason = entry.failure?.reason;
  return reason === 'mismatch' || reason === 'lost' ? { isolated: true } : {};
}

function planNew(m: ServerMessage, policy: FetchPolicy): PlanAction {
  // Without a UIDL a headers-only copy could never be recognised again (it would be downloaded
  // anew on every check) nor deleted safely, so such a server gets whole messages. Over the safety
  // cap, headers-only still applies when the account uses it: TOP is small, and the person sees
  // that the message exists; otherwise the message is refused (and left on the server).
  if (m.uid !== null && overHeadersLimit(m.size, policy)) {
    return { kind: 'fetch-headers', msg: m.msg, uid: m.uid, size: m.size, bodyLines: policy.headersOnlyBodyLines ?? 0 };
  }
  if (m.size > policy.maxMessageBytes) {
    return { kind: 'refuse-too-big', msg: m.msg, uid: m.uid, size: m.size, limit: policy.maxMessageBytes };
  }
  return { kind: 'fetch', msg: m.msg, uid: m.uid, size: m.size, upgrade: false };
}

function overHeadersLimit(size: number, policy: FetchPolicy): boolean {
  return policy.headersOnlyOverBytes !== null && size > policy.headersOnlyOverBytes;
}

/**
 * Whether a fully stored message is due for deletion under the retention policy. "Leave it N days"
 * means gone N days after the download (the settings' words): due from downloadedAt + N × 24 h on,
 * that very millisecond included, so the first check from then on deletes it; a millisecond
 * earlier it stays. Keep-0-days is therefore due at once.
 */
function retentionDue(policy: FetchPolicy, downloadedAt: number, now: number): DeleteReason | null {
  if (policy.mode === 'delete') return 'after-download';
  if (policy.keepDays !== null && now - downloadedAt >= policy.keepDays * DAY_MS) return 'expired';
  return null;
}

/**
 * Pairs listed messages with remembered entries (see the header comment for the rules).
 * Returns the entry for each matched message number and the entries nothing matched.
 */
function matchListing(
  listing: readonly ServerMessage[],
  state: readonly PopStateEntry[],
): { byMsg: Map<number, PopStateEntry>; unmatched: PopStateEntry[] } {
  const listedByUid = new Map<string, ServerMessage[]>();
  for (const m of listing) {
    if (m.uid === null) continue;
    const group = listedByUid.get(m.uid);
    if (group) group.push(m);
    else listedByUid.set(m.uid, [m]);
  }
  const rememberedByUid = new Map<string, PopStateEntry[]>();
  for (const e of state) {
    const group = rememberedByUid.get(e.uidl);
    if (group) group.push(e);
    else rememberedByUid.set(e.uidl, [e]);
  }

  const byMsg = new Map<number, PopStateEntry>();
  const unmatched: PopStateEntry[] = [];
  for (const [uid, remembered] of rememberedByUid) {
    const listed = listedByUid.get(uid) ?? [];
    // Oldest download first, so a stable choice is made when several entries qualify.
    const pool = [...remembered].sort((a, b) => a.downloadedAt - b.downloadedAt || a.localId.localeCompare(b.localId));
    const only = listed.length === 1 ? listed[0] : undefined;
    if (only !== undefined) {
      const i = Math.max(0, pool.findIndex((e) => e.size === only.size));
      const [entry] = pool.splice(i, 1);
      if (entry !== undefined) byMsg.set(only.msg, entry);
    } else {
      for (const m of listed) {
        const i = pool.findIndex((e) => e.size === m.size);
        if (i < 0) continue;
        const [entry] = pool.splice(i, 1);
        if (entry !== undefined) byMsg.set(m.msg, entry);
      }
    }
    unmatched.push(...pool);
  }
  return { byMsg, unmatched };
}
