/** An outbox row's state in plain words, and what the person can do about it. */
import type { OutboxRow } from '../../data/rows';
import { formatSendTime } from '../compose/send-hold';

export interface OutboxWords {
  readonly status: string;
  readonly detail: string | null;
  readonly actions: readonly OutboxAction[];
}

export type OutboxAction = 'send-again' | 'mark-sent' | 'edit' | 'settings' | 'send-now' | 'stop' | 'cancel' | 'sign-in';

function minutes(ms: number): string {
  const m = Math.max(1, Math.round(ms / 60_000));
  return m === 1 ? '1 min' : m < 60 ? `${m} min` : `${Math.round(m / 60)} h`;
}

export function describeOutboxRow(row: OutboxRow, now: number): OutboxWords {
  if (row.resendOf === undefined) return describeMessage(row, now);
  // The rest of a message already in Sent, to the recipients the server deferred: what was sent
  // cannot be edited; the person can only hurry it, or give up on those recipients.
  const words = describeMessage(row, now);
  const to = row.envelope.to.join(', ');
  const actions = words.actions.filter((a) => a !== 'edit');
  return {
    status: `${words.status} (to ${to} only: everyone else has it)`,
    detail: words.detail,
    actions: row.state === 'sending' ? actions : [...actions, 'stop'],
  };
}

function describeMessage(row: OutboxRow, now: number): OutboxWords {
  const refused = row.perRecipient.filter((r) => !r.accepted).map((r) => `${r.address}: ${r.reason ?? r.response ?? 'refused'}`);
  switch (row.state) {
    case 'queued':
      if (row.sendAt !== undefined && row.sendAt > now) {
        // Held: the undo window after Send, or the time chosen with Send later.
        return row.scheduled === true
          ? { status: `Scheduled — goes ${formatSendTime(row.sendAt, now)}`, detail: null, actions: ['send-now', 'edit', 'cancel'] }
          : { status: `Sending in ${Math.max(1, Math.ceil((row.sendAt - now) / 1000))} s`, detail: 'You can still undo it: edit it, or cancel sending.', actions: ['send-now', 'edit', 'cancel'] };
      }
      return { status: 'Waiting to send', detail: null, actions: ['edit'] };
    case 'sending':
      return { status: 'Sending…', detail: null, actions: [] };
    case 'waiting-retry':
      return {
        status: `Waiting to send — next try in ${minutes(row.nextAttemptAt - now)}`,
        detail: row.lastError?.message ?? null,
        actions: ['send-now', 'edit'],
      };
    case 'failed':
      if (row.lastError?.code === 'ESIGNIN') {
        // The provider ended the sign-in: once the person signs in again, the message goes out.
        return { status: 'Not sent — sign in again', detail: row.lastError.message, actions: ['sign-in', 'edit'] };
      }
      if (row.lastError?.code === 'EAUTH' || row.lastError?.code === 'ENOSECRET') {
        return { status: 'Not sent — the server did not accept the sign-in', detail: `${row.lastError.message} Check the password in the account settings, then send again.`, actions: ['settings', 'send-again', 'edit'] };
      }
      if (row.lastError?.code === 'ETLS' || row.lastError?.code === 'ECERT') {
        // A security setting or the server's TLS: trying again changes nothing until one of them does.
        return {
          status: 'Not sent — no secure connection to the server',
          detail: `${row.lastError.message} Heron will not try again by itself: check the outgoing server settings, then send again.`,
          actions: ['settings', 'send-again', 'edit'],
        };
      }
      if (row.lastError?.code === 'EPROTOCOL' || row.lastError?.code === 'EUNSUPPORTED') {
        return { status: 'Not sent — the server does not work the way Heron needs', detail: row.lastError.message, actions: ['settings', 'send-again', 'edit'] };
      }
      return {
        status: 'Not sent — the server refused it',
        detail: [row.lastError?.message, ...refused].filter(Boolean).join('\n') || null,
        actions: ['edit', 'send-again'],
      };
    case 'uncertain':
      return {
        status: 'May have been sent',
        detail: `${row.lastError?.message ?? 'The connection dropped after the message was handed over.'} Heron will not send it again by itself.`,
        actions: ['send-again', 'mark-sent'],
      };
    case 'sent':
      return { status: 'Sent', detail: null, actions: [] };
  }
}
