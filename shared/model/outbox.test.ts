import { describe, expect, it } from 'vitest';
import type { OutboxItem, SendOutcome } from './draft';
import { applyOutcome, dueItems, inUndoWindow, markSending, nextAttempt, nextWakeUp, recoverInterrupted, retry, sendItemNow, sendNow } from './outbox';

const MIN = 60_000;

function item(id: string, overrides: Partial<OutboxItem> = {}): OutboxItem {
  return {
    id, accountId: 'a1', raw: new Uint8Array([1]), envelope: { from: 'a@example.com', to: ['b@example.com'] },
    messageId: `<${id}@example.com>`, status: 'queued', attempts: 0, nextAttemptAt: 0, lastError: null, perRecipient: [],
    ...overrides,
  };
}

const temporary: SendOutcome = {
  id: 'x', status: 'waiting-retry', attempted: true, perRecipient: [],
  error: { code: 'ETEMPORARY', message: 'later', retryable: true },
};

describe('nextAttempt', () => {
  it.each([
    [1, MIN], [2, 2 * MIN], [3, 4 * MIN], [4, 8 * MIN], [6, 32 * MIN], [7, 60 * MIN], [50, 60 * MIN],
  ])('after %i attempts waits %i ms without jitter', (attempts, delay) => {
    expect(nextAttempt(attempts, 1000, () => 0)).toBe(1000 + delay);
  });
  it('jitter only shortens the wait, by at most 10 %, so the 1 h cap holds', () => {
    expect(nextAttempt(3, 0, () => 1)).toBe(4 * MIN - 0.4 * MIN);
    expect(nextAttempt(20, 0, () => 0.999)).toBeLessThanOrEqual(60 * MIN);
    expect(nextAttempt(20, 0, () => 0.999)).toBeGreaterThanOrEqual(54 * MIN);
  });
});

describe('outbox transitions', () => {
  it('sends due queued and waiting items oldest first, never in-flight, failed, uncertain or sent ones', () => {
    const items = [
      item('late', { status: 'waiting-retry', nextAttemptAt: 5000 }),
      item('b', { nextAttemptAt: 0 }),
      item('a', { nextAttemptAt: 0 }),
      item('due', { status: 'waiting-retry', nextAttemptAt: 900 }),
      item('s', { status: 'sending' }), item('f', { status: 'failed' }), item('u', { status: 'uncertain' }), item('ok', { status: 'sent' }),
    ];
    expect(dueItems(items, 1000).map((i) => i.id)).toEqual(['a', 'b', 'due']);
    expect(nextWakeUp(items)).toBe(0);
    expect(nextWakeUp([item('w', { status: 'waiting-retry', nextAttemptAt: 7 }), item('f', { status: 'failed' })])).toBe(7);
    expect(nextWakeUp([item('f', { status: 'failed' })])).toBeNull();
  });

  it('a temporary failure counts the attempt and backs off; one that never reached the server does not count', () => {
    const one = applyOutcome(markSending(item('x')), temporary, 10_000, () => 0);
    expect(one).toMatchObject({ status: 'waiting-retry', attempts: 1, nextAttemptAt: 10_000 + MIN });
    const two = applyOutcome(markSending(one), temporary, 20_000, () => 0);
    expect(two).toMatchObject({ attempts: 2, nextAttemptAt: 20_000 + 2 * MIN });
    const notTried = applyOutcome(markSending(two), { ...temporary, attempted: false }, 30_000, () => 0);
    expect(notTried).toMatchObject({ attempts: 2, nextAttemptAt: 30_000 + 2 * MIN });
  });

  it('sent keeps the per-recipient report and clears the error; failed and uncertain wait for the person', () => {
    const per = [{ address: 'b@example.com', accepted: true }, { address: 'c@example.com', accepted: false, reason: 'No such mailbox: c@example.com' }];
    const sent = applyOutcome(item('x', { status: 'sending', lastError: temporary.error }), { id: 'x', status: 'sent', attempted: true, error: null, perRecipient: per, response: '250 ok' }, 5, () => 0);
    expect(sent).toMatchObject({ status: 'sent', lastError: null, perRecipient: per, response: '250 ok', sentAt: 5, attempts: 1 });
    const uncertain = applyOutcome(item('x', { status: 'sending' }), { ...temporary, status: 'uncertain' }, 5);
    expect(uncertain.status).toBe('uncertain');
    expect(dueItems([uncertain], Number.MAX_SAFE_INTEGER)).toEqual([]);
    expect(retry(uncertain, 9)).toMatchObject({ status: 'queued', nextAttemptAt: 9 });
    expect(retry(sent, 9)).toBe(sent);
    expect(() => markSending(sent)).toThrow(/sent/);
  });

  it('"send now" makes every waiting item due; an interrupted send becomes uncertain', () => {
    const items = [item('w', { status: 'waiting-retry', nextAttemptAt: 99_999 }), item('f', { status: 'failed', nextAttemptAt: 0 })];
    expect(sendNow(items, 50).map((i) => i.nextAttemptAt)).toEqual([50, 0]);
    const [recovered] = recoverInterrupted([item('s', { status: 'sending' })]);
    expect(recovered).toMatchObject({ status: 'uncertain', lastError: { code: 'EUNCERTAIN' } });
  });

  it('a message held for its undo window or until a chosen time is not due a millisecond early, whatever else happens', () => {
    const undo = item('undo', { nextAttemptAt: 10_000, sendAt: 10_000 });
    const later = item('later', { nextAttemptAt: 3_600_000, sendAt: 3_600_000, scheduled: true });
    expect(dueItems([undo, later], 9_999)).toEqual([]);
    expect(dueItems([undo, later], 10_000).map((i) => i.id)).toEqual(['undo']);
    expect(nextWakeUp([later, undo])).toBe(10_000);
    // The network coming back or the machine waking makes retries due, never a held message.
    expect(dueItems(sendNow([undo, later], 50), 50)).toEqual([]);
    // A held message whose retry is later than its time waits for the retry.
    expect(nextWakeUp([item('r', { status: 'waiting-retry', nextAttemptAt: 20_000, sendAt: 10_000 })])).toBe(20_000);
    expect(inUndoWindow(undo, 9_999)).toBe(true);
    expect(inUndoWindow(undo, 10_000)).toBe(false);
    expect(inUndoWindow(later, 0)).toBe(false);
  });

  it('"send now" for one message sends it whatever it was held until, and leaves what is in flight or done alone', () => {
    const later = sendItemNow(item('later', { nextAttemptAt: 3_600_000, sendAt: 3_600_000, scheduled: true }), 50);
    expect(later).toMatchObject({ nextAttemptAt: 50, sendAt: 50 });
    expect(dueItems([later], 50).map((i) => i.id)).toEqual(['later']);
    const sending = item('s', { status: 'sending', sendAt: 99 });
    expect(sendItemNow(sending, 50)).toBe(sending);
  });
});
