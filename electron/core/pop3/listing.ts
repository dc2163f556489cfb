/**
 * UIDL lines (RFC 1939 §7) as servers really send them. The RFC's unique-id is 1–70 characters in
 * 0x21–0x7E, but servers send longer ones, ones with spaces and ones in other encodings; refusing
 * them locked accounts out for good. Heron only ever compares a uid with itself, so any uid is an
 * opaque string, read byte for byte (Latin-1, so no two byte strings read alike) and kept as sent
 * up to UID_MAX_LENGTH characters. A longer one, or one with a control character (which no stored
 * or validated field takes), stands as a digest of itself, the same every session.
 */
import { createHash } from 'node:crypto';

/** The longest uid kept as it is; a longer one becomes `sha256:<hex>` (71 characters). */
export const UID_MAX_LENGTH = 255;

/** `n uid` → the message number and its uid, or null for a line that names no message or no uid. */
export function parseUidlLine(line: string): { msg: number; uid: string } | null {
  const m = /^[ \t]*(\d{1,15})[ \t]+(.*?)[ \t]*$/s.exec(line);
  if (!m || m[2] === '') return null;
  return { msg: Number(m[1]), uid: opaqueUid(m[2] as string) };
}

export function opaqueUid(raw: string): string {
  if (raw.length <= UID_MAX_LENGTH && !/[\u0000-\u001f\u007f]/.test(raw)) return raw;
  return `sha256:${createHash('sha256').update(raw, 'latin1').digest('hex')}`;
}

/**
 * The uid of every message number a UIDL listing names unambiguously: a number listed twice under
 * different uids gets none (which one is right cannot be known). Two numbers may share a uid.
 */
export function uidsByMessage(listed: ReadonlyArray<{ msg: number; uid: string }>): Map<number, string> {
  const uids = new Map<number, string>();
  const ambiguous = new Set<number>();
  for (const { msg, uid } of listed) {
    const seen = uids.get(msg);
    if (seen !== undefined && seen !== uid) ambiguous.add(msg);
    uids.set(msg, uid);
  }
  for (const msg of ambiguous) uids.delete(msg);
  return uids;
}
