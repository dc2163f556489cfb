import type { Address } from '../../../../shared/model/message';
import { PERSON_LOCALES } from '../../ui/locale';

export { PERSON_LOCALES };

export interface ListDateFormats {
  readonly time: Intl.DateTimeFormat;
  readonly dayMonth: Intl.DateTimeFormat;
  readonly fullDate: Intl.DateTimeFormat;
}

/** 12 or 24 hours, the order of day and month: as the locale writes them. */
export function listDateFormats(locales: readonly string[] | undefined): ListDateFormats {
  const l = locales ? [...locales] : undefined;
  return {
    time: new Intl.DateTimeFormat(l, { timeStyle: 'short' }),
    dayMonth: new Intl.DateTimeFormat(l, { day: 'numeric', month: 'short' }),
    fullDate: new Intl.DateTimeFormat(l, { year: 'numeric', month: 'short', day: 'numeric' }),
  };
}

// Made once: toLocale*String builds a new Intl formatter on every call, and a fetch re-renders the
// list after every batch.
const PERSON_FORMATS = listDateFormats(PERSON_LOCALES);

/** Today: the time; this year: day and month; older: the full date. In the person's locale. */
export function formatListDate(epochMs: number, now: number = Date.now(), formats: ListDateFormats = PERSON_FORMATS): string {
  const d = new Date(epochMs);
  const n = new Date(now);
  if (d.toDateString() === n.toDateString()) return formats.time.format(d);
  if (d.getFullYear() === n.getFullYear()) return formats.dayMonth.format(d);
  return formats.fullDate.format(d);
}

const READER_DATE = new Intl.DateTimeFormat(PERSON_LOCALES ? [...PERSON_LOCALES] : undefined, { dateStyle: 'full', timeStyle: 'short' });

/** The reader's date line, in the person's locale ("Tuesday, March 10, 2026 at 9:00 AM"). */
export function formatFullDate(epochMs: number): string {
  return READER_DATE.format(new Date(epochMs));
}

export function formatAddress(a: Address | null): string {
  if (!a) return '(no sender)';
  return a.name.trim() || a.address;
}

export function formatAddressFull(a: Address): string {
  return a.name.trim() ? `${a.name} <${a.address}>` : a.address;
}
