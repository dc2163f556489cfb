/**
 * Thunderbird's per-message state, written into each stored message as `X-Mozilla-Status` (4 hex
 * digits, the low 16 bits) and `X-Mozilla-Status2` (8 hex digits, the high ones). The bits are
 * `nsMsgMessageFlags` (comm-central mailnews/base/public/nsMsgMessageFlags.idl).
 */

export const MozillaFlag = {
  Read: 0x0000_0001,
  Replied: 0x0000_0002,
  /** "Starred" in the interface. */
  Marked: 0x0000_0004,
  /** Deleted, and waiting for the folder to be compacted: not a message any more. */
  Expunged: 0x0000_0008,
  /** Only the headers were downloaded (POP3 size limit). */
  Partial: 0x0000_0400,
  Forwarded: 0x0000_1000,
  Redirected: 0x0000_2000,
  New: 0x0001_0000,
  Template: 0x0100_0000,
} as const;

/** The flags of a message, or null when it carries neither header (not from Thunderbird). */
export function mozillaFlags(status: string | undefined, status2: string | undefined): number | null {
  const low = hex(status);
  const high = hex(status2);
  if (low === null && high === null) return null;
  return ((low ?? 0) & 0xffff) | ((high ?? 0) & 0xffff_0000);
}

function hex(value: string | undefined): number | null {
  const text = value?.trim();
  return text !== undefined && /^[0-9a-fA-F]{1,8}$/.test(text) ? parseInt(text, 16) : null;
}

/** What of Thunderbird's state Heron keeps: read and starred. */
export function mozillaState(flags: number): { read: boolean; starred: boolean; expunged: boolean; partial: boolean } {
  return {
    read: (flags & MozillaFlag.Read) !== 0,
    starred: (flags & MozillaFlag.Marked) !== 0,
    expunged: (flags & MozillaFlag.Expunged) !== 0,
    partial: (flags & MozillaFlag.Partial) !== 0,
  };
}
