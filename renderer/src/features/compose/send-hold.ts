/**
 * How long Send holds a message in the Outbox (the undo window), and the times Send later offers.
 * Pure: the clock and the person's time zone come in as arguments.
 */
import type { SendHold } from '../../../../shared/model/outgoing';
import { PERSON_LOCALES } from '../../ui/locale';

export const UNDO_SEND_MIN_S = 5;
export const UNDO_SEND_MAX_S = 60;
export const UNDO_SEND_DEFAULT_S = 10;
/** What the settings page offers. */
export const UNDO_SEND_CHOICES: readonly number[] = [5, 10, 15, 20, 30, 45, 60];

/** A stored setting made safe: a number of whole seconds within 5–60, else the default. */
export function undoSeconds(stored: unknown): number {
  if (typeof stored !== 'number' || !Number.isFinite(stored)) return UNDO_SEND_DEFAULT_S;
  return Math.min(UNDO_SEND_MAX_S, Math.max(UNDO_SEND_MIN_S, Math.round(stored)));
}

/** Send: the message waits `seconds` for Undo, then goes. */
export function undoHold(now: number, seconds: number): SendHold {
  return { sendAt: now + undoSeconds(seconds) * 1000, scheduled: false };
}

/** Send later: the message waits until the chosen time (one in the past goes at once). */
export function laterHold(now: number, at: number): SendHold {
  return { sendAt: Math.max(now, Math.floor(at)), scheduled: true };
}

export interface LaterPreset {
  readonly label: string;
  readonly at: number;
}

const atHour = (base: Date, days: number, hour: number): Date => new Date(base.getFullYear(), base.getMonth(), base.getDate() + days, hour, 0, 0, 0);

/**
 * The presets of Send later, in the local time zone: this afternoon or this evening while they are
 * ahead, tomorrow morning and afternoon, and next Monday morning.
 */
export function laterPresets(now: number): LaterPreset[] {
  const today = new Date(now);
  const presets: LaterPreset[] = [];
  const later = atHour(today, 0, 13);
  if (later.getTime() - now >= 30 * 60_000) presets.push({ label: 'This afternoon', at: later.getTime() });
  const evening = atHour(today, 0, 18);
  if (evening.getTime() - now >= 30 * 60_000) presets.push({ label: 'This evening', at: evening.getTime() });
  presets.push({ label: 'Tomorrow morning', at: atHour(today, 1, 8).getTime() });
  presets.push({ label: 'Tomorrow afternoon', at: atHour(today, 1, 13).getTime() });
  // Monday is day 1; on a Sunday "next Monday" is tomorrow, already offered.
  const toMonday = ((8 - today.getDay()) % 7) || 7;
  if (toMonday > 1) presets.push({ label: 'Monday morning', at: atHour(today, toMonday, 8).getTime() });
  return presets;
}

/** The value of an `<input type="datetime-local">` for a time, in the local time zone. */
export function toLocalInput(at: number): string {
  const d = new Date(at);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}T${p(d.getHours())}:${p(d.getMinutes())}`;
}

/** The time an `<input type="datetime-local">` holds, or null when it holds none. */
export function fromLocalInput(value: string): number | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/.exec(value);
  if (!m) return null;
  const [y, mo, d, h, mi] = m.slice(1).map(Number) as [number, number, number, number, number];
  const at = new Date(y, mo - 1, d, h, mi, 0, 0);
  return Number.isNaN(at.getTime()) ? null : at.getTime();
}

/** "Tue 8 Dec, 08:00" (with the year when it is not this one), in the person's locale. */
export function formatSendTime(at: number, now: number, locale: string | readonly string[] | undefined = PERSON_LOCALES): string {
  const d = new Date(at);
  const sameYear = d.getFullYear() === new Date(now).getFullYear();
  return d.toLocaleString(locale as string | string[] | undefined, {
    weekday: 'short',
    day: 'numeric',
    month: 'short',
    ...(sameYear ? {} : { year: 'numeric' }),
    hour: '2-digit',
    minute: '2-digit',
  });
}
