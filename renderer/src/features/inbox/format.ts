import type { Address } from '../../../../shared/model/message';

/** Today: the time; this year: day and month; older: the full date. In the person's locale. */
export function formatListDate(epochMs: number, now: number = Date.now()): string {
  const d = new Date(epochMs);
  const n = new Date(now);
  if (d.toDateString() === n.toDateString()) return d.toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit' });
  if (d.getFullYear() === n.getFullYear()) return d.toLocaleDateString(undefined, { day: 'numeric', month: 'short' });
  return d.toLocaleDateString(undefined, { year: 'numeric', month: 'short', day: 'numeric' });
}

export function formatAddress(a: Address | null): string {
  if (!a) return '(no sender)';
  return a.name.trim() || a.address;
}

export function formatAddressFull(a: Address): string {
  return a.name.trim() ? `${a.name} <${a.address}>` : a.address;
}
