/**
 * The attachment reminder: the text says something is attached, and nothing is. Quoted lines of
 * the message being answered ("> I attached…") do not count, nor does the quoted HTML part.
 */

// Whole words, case-insensitive, in the languages people most often write to Heron's users in.
const PATTERNS: readonly RegExp[] = [
  /\b(?:attached|attachments?|attaching|enclosed)\b/i, // English
  /\b(?:angeh[äa]ngt|anhang|anbei|im\s+anhang)\b/i, // German
  /(?:pi[èe]ces?\s+jointes?|ci-joint|en\s+pi[èe]ce\s+jointe)/i, // French
  /\b(?:adjunt[oa]s?|archivo\s+adjunto)\b/i, // Spanish / Portuguese
  /\b(?:allegat[oi]|in\s+allegato)\b/i, // Italian
  /\b(?:bijlage|bijgevoegd)\b/i, // Dutch
];

/** Drops quoted lines ("> …") and everything after a forward marker or an attribution line. */
function ownText(text: string): string {
  const out: string[] = [];
  for (const line of text.split(/\r\n|\r|\n/)) {
    if (/^-{2,}\s*(?:Forwarded message|Original Message)/i.test(line)) break;
    if (/^On .+ wrote:\s*$/.test(line)) break;
    if (/^\s*>/.test(line)) continue;
    out.push(line);
  }
  return out.join('\n');
}

export function mentionsAttachment(text: string): boolean {
  const own = ownText(text);
  return PATTERNS.some((p) => p.test(own));
}

/** True when Send should first ask "Did you mean to attach something?". */
export function needsAttachmentReminder(text: string, attachmentCount: number): boolean {
  return attachmentCount === 0 && mentionsAttachment(text);
}
