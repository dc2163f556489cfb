/**
 * The outbox as pure functions over `OutboxItem`s, so the renderer (which stores the items in
 * Dexie) and main (which sends them) agree on every transition. Nothing here does I/O.
 *
 * Undo send and Send later hold a queued item until its `sendAt` (the undo window's end, or the
 * chosen time): nothing here makes it due earlier except the person's own "Send now".
 *
 * queued ──▶ sending ──▶ sent
 *   ▲          │ ├──▶ waiting-retry ──(due or "send now")──▶ sending
 *   │          │ ├──▶ failed      (5xx, bad password, bad certificate: needs the person)
 *   │          │ └──▶ uncertain   (connection lost after the data: may have been sent)
 *   └── retry(): only the person moves a failed or uncertain item back to queued.
 */
import type { OutboxItem, SendOutcome } from './draft';

const MINUTE = 60_000;
export const FIRST_RETRY_MS = MINUTE;
export const MAX_RETRY_MS = 60 * MINUTE;

/**
 * When to try again after `attempts` attempts: 1 min, 2, 4, … capped at 1 h, minus up to 10 %
 * jitter so that many queued messages (or many clients after an outage) do not all return at once.
 */
export function nextAttempt(attempts: number, now: number, random: () => number = Math.random): number {
  const exponent = Math.max(0, Math.min(attempts - 1, 30));
  const delay = Math.min(MAX_RETRY_MS, FIRST_RETRY_MS * 2 ** exponent);
  return now + delay - Math.floor(delay * 0.1 * Math.min(Math.max(random(), 0), 1));
}

/** When an item waiting may go next: its next try, never before the time it is held until. */
export function dueAt(item: OutboxItem): number {
  return Math.max(item.nextAttemptAt, item.sendAt ?? 0);
}

/** Items that should be sent now, oldest due first; never one in flight, failed, uncertain, sent or held. */
export function dueItems(items: readonly OutboxItem[], now: number): OutboxItem[] {
  return items
    .filter((i) => (i.status === 'queued' || i.status === 'waiting-retry') && dueAt(i) <= now)
    .sort((a, b) => dueAt(a) - dueAt(b) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/** When the outbox next needs attention (for a timer), or null when nothing is waiting. */
export function nextWakeUp(items: readonly OutboxItem[]): number | null {
  let at: number | null = null;
  for (const i of items) {
    if (i.status !== 'queued' && i.status !== 'waiting-retry') continue;
    if (at === null || dueAt(i) < at) at = dueAt(i);
  }
  return at;
}

/** Held for its undo window (Send, not Send later) and not yet due: "Undo" can still take it back. */
export function inUndoWindow(item: OutboxItem, now: number): boolean {
  return item.status === 'queued' && item.scheduled !== true && (item.sendAt ?? 0) > now;
}

export function markSending(item: OutboxItem): OutboxItem {
  if (item.status !== 'queued' && item.status !== 'waiting-retry') {
    throw new Error(`Outbox item ${item.id} is ${item.status}; only queued or waiting items can be sent.`);
  }
  return { ...item, status: 'sending' };
}

export function applyOutcome(item: OutboxItem, outcome: SendOutcome, now: number, random: () => number = Math.random): OutboxItem {
  const attempts = item.attempts + (outcome.attempted ? 1 : 0);
  const base = { ...item, attempts, lastError: outcome.error, perRecipient: outcome.perRecipient };
  switch (outcome.status) {
    case 'sent':
      return { ...base, status: 'sent', lastError: null, response: outcome.response ?? '', sentAt: now, nextAttemptAt: 0 };
    case 'waiting-retry':
      // A try that never reached the server waits the first step only: it says nothing about this message.
      return { ...base, status: 'waiting-retry', nextAttemptAt: nextAttempt(Math.max(attempts, 1), now, random) };
    case 'failed':
    case 'uncertain':
      return { ...base, status: outcome.status, nextAttemptAt: 0 };
  }
}

/**
 * The network came back, or the machine woke: everything waiting for a retry is due at once. A
 * message held until a time (undo window, Send later) keeps it.
 */
export function sendNow(items: readonly OutboxItem[], now: number): OutboxItem[] {
  return items.map((i) => (i.status === 'waiting-retry' || i.status === 'queued' ? { ...i, nextAttemptAt: Math.min(i.nextAttemptAt, now) } : i));
}

/** The person chose "Send now" for this message: whatever it was held until, it goes at once. */
export function sendItemNow(item: OutboxItem, now: number): OutboxItem {
  if (item.status !== 'queued' && item.status !== 'waiting-retry') return item;
  return { ...item, nextAttemptAt: Math.min(item.nextAttemptAt, now), sendAt: Math.min(item.sendAt ?? now, now) };
}

/**
 * After a crash or quit, an item left 'sending' may or may not have reached the server: it becomes
 * 'uncertain' and waits for the person, never a silent second copy.
 */
export function recoverInterrupted(items: readonly OutboxItem[]): OutboxItem[] {
  return items.map((i) =>
    i.status === 'sending'
      ? {
          ...i,
          status: 'uncertain',
          lastError: {
            code: 'EUNCERTAIN',
            message: 'Heron stopped while this message was being sent: it may have been sent. Check with a recipient before sending it again.',
            retryable: false,
          },
        }
      : i,
  );
}

/** The person chose to send a failed or uncertain message again. */
export function retry(item: OutboxItem, now: number): OutboxItem {
  if (item.status !== 'failed' && item.status !== 'uncertain' && item.status !== 'waiting-retry') return item;
  return { ...item, status: 'queued', nextAttemptAt: now };
}
