/**
 * The notes a Sent copy carries about who did not get the message (MessageBody.warnings), one
 * line per recipient. A recipient the server deferred (4xx) while it accepted the others gets a
 * line that says so and that Heron is still trying (outbox-repo.ts sends the same bytes to them
 * again); that line — and only that kind — is replaced once the later tries settle it.
 */
import type { RecipientResult } from '../../../shared/model/draft';

const stillTrying = (address: string) => `Not delivered to ${address} yet:`;

/** A recipient the server refused for good. */
export function refusedNote(r: RecipientResult): string {
  return `Not delivered to ${r.address}: ${r.reason ?? r.response ?? 'refused by the server'}`;
}

/** A recipient the server deferred: Heron tries again by itself. */
export function deferredNote(r: RecipientResult): string {
  return `${stillTrying(r.address)} ${r.reason ?? r.response ?? 'the server could not take it right now.'} Heron is trying again.`;
}

/** A deferred recipient whose later try failed: the item waits in the Outbox for the person. */
export function waitingInOutboxNote(r: RecipientResult): string {
  return `${stillTrying(r.address)} ${r.reason ?? r.response ?? 'the server refused it.'} It waits in the Outbox: send it again, or stop trying.`;
}

export function deliveredLaterNote(address: string): string {
  return `Delivered to ${address} on a later try.`;
}

export function markedDeliveredNote(address: string): string {
  return `Marked by you as delivered to ${address}.`;
}

export function stoppedNote(address: string): string {
  return `Not delivered to ${address}: Heron stopped trying, as you asked.`;
}

/** The notes with each still-trying line about an address in `settled` replaced by its new note; others untouched. */
export function settleNotes(warnings: readonly string[], settled: ReadonlyMap<string, string>): string[] {
  return warnings.map((line) => {
    for (const [address, note] of settled) if (line.startsWith(stillTrying(address))) return note;
    return line;
  });
}
