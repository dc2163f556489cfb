/**
 * One representation of a msg-id (RFC 5322 §3.6.4) from parse to store to compose: the id without
 * its angle brackets (`left@right`), as Thunderbird stores it. Headers are written with the brackets
 * put back (`formatMessageId`). Rows stored with the brackets still read the same: every reader of a
 * stored id goes through `normalizeMessageId`.
 */

/** The longest id kept: a header line is 998 octets at most (RFC 5322 §2.1.1), brackets included. */
export const MAX_MESSAGE_ID = 996;

/** Printable ASCII without space or brackets: nothing that could end a header line or the id early. */
const ID_TEXT = /^[\x21-\x3b\x3d\x3f-\x7e]+$/;

/**
 * The stored form of an id, or null when `value` cannot be one: brackets and surrounding space
 * removed; empty, over-long, or anything but printable ASCII without space and brackets is refused.
 */
export function normalizeMessageId(value: string | null | undefined): string | null {
  if (value === null || value === undefined) return null;
  let id = value.trim();
  if (id.startsWith('<') && id.endsWith('>')) id = id.slice(1, -1).trim();
  if (id === '' || id.length > MAX_MESSAGE_ID || !ID_TEXT.test(id)) return null;
  return id;
}

/** Each id in its stored form, the unusable ones and repeats left out, order kept. */
export function normalizeMessageIds(values: readonly string[]): string[] {
  const out: string[] = [];
  for (const value of values) {
    const id = normalizeMessageId(value);
    if (id !== null && !out.includes(id)) out.push(id);
  }
  return out;
}

/** A stored id as it is written in a header. */
export function formatMessageId(id: string): string {
  return `<${id}>`;
}
