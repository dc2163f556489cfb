import type { FetchSummary } from '../../shared/ipc/calls/fetch';

/**
 * The words of a new-mail notification: count and the first senders. Server-supplied names are
 * untrusted text: control characters are dropped and each name is capped.
 */
export function newMailNotice(address: string, summary: FetchSummary): { title: string; body: string } | null {
  const n = summary.newMessages.length;
  if (n === 0) return null;
  const senders = [...new Set(summary.newMessages.map((m) => clean(m.from) || 'Unknown sender'))];
  const first = senders.slice(0, 3).join(', ');
  const more = senders.length > 3 ? ` and ${senders.length - 3} more` : '';
  return {
    title: n === 1 ? `New message for ${address}` : `${n.toLocaleString('en-US')} new messages for ${address}`,
    body: n === 1 ? `${first}: ${clean(summary.newMessages[0]?.subject ?? '') || '(no subject)'}` : `From ${first}${more}`,
  };
}

function clean(text: string): string {
  const plain = text.replace(/[\u0000-\u001f\u007f\u202a-\u202e\u2066-\u2069]/g, '').trim();
  return plain.length > 60 ? `${plain.slice(0, 59)}…` : plain;
}
