import type { Address } from '../../../../shared/model/message';

/** Today: the time; this year: day and month; older: the full date. In the person's locale. */
// One formatter each, made once: toLocale*String builds a new Intl formatter on every call, which
// was the list's most expensive line while a fetch re-renders it after every batch (bench:fetch).
const TIME = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit' });
const DAY_MONTH = new Intl.DateTimeFormat(undefined, { day: 'numeric', month: 'short' });
const FULL_DATE = new Intl.DateTimeFormat(undefined, { year: 'numeric', month: 'short', day: 'numeric' });

export function formatListDate(epochMs: number, now: number = Date.now()): string {
  const d = new Date(epochMs);
  const n = new Date(now);
  if (d.toDateString() === n.toDateString()) return TIME.format(d);
  if (d.getFullYear() === n.getFullYear()) return DAY_MONTH.format(d);
  return FULL_DATE.format(d);
}

export function formatAddress(a: Address | null): string {
  if (!a) return '(no sender)';
  return a.name.trim() || a.address;
}

export function formatAddressFull(a: Address): string {
  return a.name.trim() ? `${a.name} <${a.address}>` : a.address;
}

/** 1,234 bytes → "1.2 KB"; binary units, one decimal under 10. */
export function formatSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  const units = ['KB', 'MB', 'GB'];
  let v = bytes / 1024;
  let u = 0;
  while (v >= 1024 && u < units.length - 1) {
    v /= 1024;
    u += 1;
  }
  return `${v < 10 ? v.toFixed(1) : Math.round(v)} ${units[u]}`;
}
