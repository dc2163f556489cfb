/**
 * The mbox separator line, `From <sender> <date>` (RFC 4155 §2): parsed strictly enough that a
 * line of prose starting with "From " is not taken for one, written as asctime in UTC.
 */

/** What a separator line says: the envelope sender and the time the message was delivered. */
export interface Envelope {
  /** The address token (`-` in Thunderbird's `From - …` lines); null when the line did not parse. */
  readonly sender: string | null;
  /** Epoch ms; null when the line did not parse. */
  readonly date: number | null;
}

/**
 * Heron's mark for a message whose last line has no line end: the format can only end a message
 * with one, so without it the reader would give back one byte more than was written. It follows
 * the date, where other readers ignore what they do not understand.
 */
export const UNTERMINATED_MARK = 'heron-unterminated';

/** A separator line is short: an address of at most 254 octets, a date, a little more. */
export const MAX_FROM_LINE = 1024;

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const DAY = '(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun)';
const MONTH = '(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)';
const TIME = '(\\d{1,2}):(\\d{2})(?::(\\d{2}))?';
const ZONE = '([+-]\\d{4}|[A-Z]{1,5})';
/** asctime (`Sat Jan  3 01:05:34 1996`), with the zone some writers add before or after the year. */
const ASCTIME = new RegExp(`^${DAY} +${MONTH} +(\\d{1,2}) +${TIME}(?: +${ZONE})? +(\\d{4})(?: +${ZONE})?(?= |$)`);
/** RFC 5322 style (`Sat, 3 Jan 1996 01:05:34 +0000`), which a few writers use instead. */
const RFC5322 = new RegExp(`^${DAY},? +(\\d{1,2}) +${MONTH} +(\\d{4}) +${TIME}(?: +${ZONE})?(?= |$)`);

/**
 * The envelope of a separator line (without its line end), or null when `line` is not one: it
 * must be `From `, an address token, and a date in asctime or RFC 5322 form; anything after the
 * date ("remote from …", Heron's mark) is allowed.
 */
export function parseFromLine(line: string): (Envelope & { readonly unterminated: boolean }) | null {
  if (!line.startsWith('From ') || line.length > MAX_FROM_LINE) return null;
  const rest = line.slice(5).replace(/^ +/, '');
  const space = rest.indexOf(' ');
  if (space <= 0 || space > 254) return null;
  const sender = rest.slice(0, space);
  if (/[\x00-\x1f\x7f]/.test(sender)) return null;
  const dateText = rest.slice(space).replace(/^ +/, '').replace(/\r$/, '');
  const date = parseEnvelopeDate(dateText);
  if (date === null) return null;
  const unterminated = dateText.endsWith(` ${UNTERMINATED_MARK}`);
  return { sender, date: date.time, unterminated };
}

function parseEnvelopeDate(text: string): { time: number } | null {
  let m = ASCTIME.exec(text);
  if (m !== null) {
    const [, mon, day, h, min, s, zoneBefore, year, zoneAfter] = m;
    return toTime(Number(year), mon, Number(day), Number(h), Number(min), Number(s ?? 0), zoneBefore ?? zoneAfter);
  }
  m = RFC5322.exec(text);
  if (m !== null) {
    const [, day, mon, year, h, min, s, zone] = m;
    return toTime(Number(year), mon, Number(day), Number(h), Number(min), Number(s ?? 0), zone);
  }
  return null;
}

function toTime(year: number, mon: string | undefined, day: number, h: number, min: number, s: number, zone: string | undefined): { time: number } | null {
  const month = MONTHS.indexOf(mon ?? '');
  if (month < 0 || day < 1 || day > 31 || h > 23 || min > 59 || s > 60 || year < 1900) return null;
  let offsetMinutes = 0;
  if (zone !== undefined && /^[+-]\d{4}$/.test(zone)) {
    const sign = zone.startsWith('-') ? -1 : 1;
    offsetMinutes = sign * (Number(zone.slice(1, 3)) * 60 + Number(zone.slice(3, 5)));
  }
  return { time: Date.UTC(year, month, day, h, min, s) - offsetMinutes * 60_000 };
}

/** `Sat Jan  3 01:05:34 1996` in UTC, the form RFC 4155 asks for. */
export function asctime(time: number): string {
  const d = new Date(Number.isFinite(time) ? time : 0);
  const two = (n: number) => String(n).padStart(2, '0');
  return `${DAYS[d.getUTCDay()]} ${MONTHS[d.getUTCMonth()]} ${String(d.getUTCDate()).padStart(2, ' ')} ${two(d.getUTCHours())}:${two(d.getUTCMinutes())}:${two(d.getUTCSeconds())} ${d.getUTCFullYear()}`;
}

/**
 * The separator line Heron writes, with its LF. A sender that cannot be one token of printable
 * ASCII (empty, spaces, controls, too long) becomes `MAILER-DAEMON`, as mail systems write it.
 */
export function formatFromLine(sender: string | null, date: number, unterminated: boolean): string {
  const token = sender !== null && /^[\x21-\x7e]{1,254}$/.test(sender) ? sender : 'MAILER-DAEMON';
  const year = new Date(Number.isFinite(date) ? date : 0).getUTCFullYear();
  // Years the date pattern cannot read back become the epoch rather than an unreadable line.
  const when = year >= 1900 && year <= 9999 ? date : 0;
  return `From ${token} ${asctime(when)}${unterminated ? ` ${UNTERMINATED_MARK}` : ''}\n`;
}
