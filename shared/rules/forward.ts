/**
 * When a rule may not forward a message (issue 19, "forward"): never mail that was sent
 * automatically — an auto-reply, a bounce, a list's robot, another forwarder (`Auto-Submitted`
 * other than "no", RFC 3834 §5) — and never a message Heron itself forwarded, whose own header
 * survives relays that drop `Auto-Submitted`. Two forwarding rules pointed at each other would
 * otherwise bounce one message between two mailboxes for ever.
 */

/** RFC 3834 §5 / RFC 5230 §4.6: the value a forward made by a rule carries. */
export const AUTO_FORWARDED = 'auto-forwarded';

/** Set on every message a Heron rule forwards; seeing it on arriving mail means Heron forwarded it. */
export const HERON_FORWARD_HEADER = 'X-Heron-Forwarded';

/** What the guard reads of a message: every value of a header, unfolded. */
export interface ForwardGuardInput {
  header(name: string): readonly string[];
}

/** Why this message must not be forwarded, in words; null when a rule may forward it. */
export function forwardRefusal(m: ForwardGuardInput): string | null {
  if (m.header(HERON_FORWARD_HEADER).length > 0) return 'Heron forwarded this message itself';
  for (const value of m.header('auto-submitted')) {
    // The keyword may carry parameters ("auto-replied; owner-email=…").
    const keyword = value.split(';')[0]?.trim().toLowerCase() ?? '';
    if (keyword !== 'no') return `it was sent automatically (Auto-Submitted: ${keyword || value.trim()})`;
  }
  return null;
}
