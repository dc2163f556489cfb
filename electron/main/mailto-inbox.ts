/**
 * mailto links waiting for the renderer. A link can arrive before the renderer has subscribed
 * (Heron started by clicking it) or while it is busy, so main keeps a small queue: it emits
 * `mailtoRequested` as a nudge and the renderer drains the queue with `takePendingMailto`. The
 * queue, not the event, is the truth, so a link is neither lost nor opened twice.
 */
import { vetMailto } from './launch-args';

/** Bounded: a flood of links (a misbehaving caller) cannot grow main's memory. */
export const MAX_PENDING_MAILTO = 16;

export class MailtoInbox {
  readonly #pending: string[] = [];
  readonly #notify: (pending: number) => void;

  constructor(notify: (pending: number) => void) {
    this.#notify = notify;
  }

  /** Queues a link if it is a well-formed mailto URL; returns whether it was queued. */
  push(raw: string): boolean {
    const url = vetMailto(raw);
    if (url === null) return false;
    // The OS may deliver one click twice (argv of a second instance and open-url); keep one.
    if (this.#pending.includes(url)) return false;
    if (this.#pending.length >= MAX_PENDING_MAILTO) this.#pending.shift();
    this.#pending.push(url);
    this.#notify(this.#pending.length);
    return true;
  }

  /** Everything queued, oldest first; the queue is empty afterwards. */
  take(): string[] {
    return this.#pending.splice(0, this.#pending.length);
  }
}
