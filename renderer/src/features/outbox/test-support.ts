// Builders for outbox tests: a draft row and the queue input for it.
import type { SendHold } from '../../../../shared/model/outgoing';
import type { QueueInput } from '../../data/outbox-repo';
import type { DraftRow } from '../../data/rows';
import type { RunnerClock } from './runner';

export function draftRow(id: string, over: Partial<DraftRow> = {}): DraftRow {
  return {
    id,
    accountId: 'a1',
    from: { name: 'Alice', address: 'alice@example.com' },
    to: [{ name: 'Bob', address: 'bob@example.com' }],
    cc: [],
    bcc: [],
    subject: `Subject ${id}`,
    text: 'Hello',
    html: null,
    plainTextMode: true,
    attachments: [],
    inReplyTo: null,
    references: [],
    updatedAt: 1,
    outboxId: null,
    sourceMessageId: null,
    ...over,
  };
}

export function queueInput(draft: DraftRow, id: string, raw: string, now: number, hold?: SendHold): QueueInput {
  const bytes = new TextEncoder().encode(raw);
  return {
    ...hold,
    draftId: draft.id,
    accountId: draft.accountId,
    id,
    raw: bytes,
    messageId: `<${id}@example.com>`,
    envelope: { from: draft.from.address, to: draft.to.map((a) => a.address) },
    recipients: draft.to,
    sentMeta: {
      id: `sent-${id}`,
      accountId: draft.accountId,
      messageId: `<${id}@example.com>`,
      inReplyTo: null,
      references: [],
      from: draft.from,
      to: draft.to,
      cc: [],
      replyTo: [],
      subject: draft.subject,
      date: now,
      receivedAt: now,
      size: bytes.byteLength,
      hasAttachments: draft.attachments.length > 0,
      snippet: draft.text.slice(0, 200),
      unread: false,
      starred: false,
      partial: false,
      uidl: null,
    },
    sentBody: { messageId: `sent-${id}`, text: draft.text, html: null, warnings: [] },
  };
}

/** A clock whose timers fire only when a test moves time on (`advance`), or never (`sleep`). */
export class FakeClock implements RunnerClock {
  constructor(public t: number) {}
  private timers: { at: number; fn: () => void; id: number }[] = [];
  private n = 0;
  now = () => this.t;
  setTimeout = (fn: () => void, ms: number) => {
    const id = ++this.n;
    this.timers.push({ at: this.t + ms, fn, id });
    return id;
  };
  clearTimeout = (h: unknown) => {
    this.timers = this.timers.filter((x) => x.id !== h);
  };
  /** Moves time on and fires what became due; returns how many fired. */
  advance(ms: number): number {
    this.t += ms;
    const due = this.timers.filter((x) => x.at <= this.t);
    this.timers = this.timers.filter((x) => x.at > this.t);
    for (const d of due) d.fn();
    return due.length;
  }
  /** The machine sleeps: time moves on and no timer fires (they fire late, after waking). */
  sleep(ms: number): void {
    this.t += ms;
  }
  get pending(): number[] {
    return this.timers.map((x) => x.at - this.t);
  }
}
