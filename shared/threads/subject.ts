/**
 * The subject as threading compares it: reply and forward prefixes removed, in the languages mail
 * clients write them (Outlook localizes "Re:" and "Fw:"; Thunderbird's mail.reply_prefixes lists
 * the same), repeated and counted forms ("Re: Re:", "Re[2]:", "AW: WG:") included.
 */

/**
 * Each prefix as written before its colon. Latin ones are matched case-insensitively; Italian's
 * "I" (forward) is left out: a subject such as "I: am late" is more often words than a forward.
 */
const PREFIXES = [
  're', 'r', 'ref', 'fw', 'fwd', 'aw', 'wg', 'sv', 'vs', 'vb', 'ynt', 'ilt', 'odp', 'pd', 'tr', 'rif', 'antw', 'doorst', 'res', 'enc', 'rv',
  'ré', 'réf', 'réf.', 'ats', 'atb', 'vl', 'välit', 'vast', 'továbbítás', 'válasz', 'odg', 'fs', 'trs', 'πρθ', 'απ', 'σχετ',
  'отв', 'пересл', 'הועבר', 'השב', 'رد', 'إعادة توجيه', '回复', '答复', '回覆', '轉寄', '转发', '轉發', '返信', '転送', '답장', '전달',
];

const ESCAPED = PREFIXES.map((p) => p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).sort((a, b) => b.length - a.length);

/**
 * One prefix at the start: a mailing list's "[tag]" before it, the word, an optional count ("[2]",
 * "(2)", "^2"), a colon (also the full-width one).
 */
const PREFIX = new RegExp(`^\\s*(?:\\[[^\\]]{1,40}\\]\\s*)?(?:${ESCAPED.join('|')})\\s*(?:\\[\\d+\\]|\\(\\d+\\)|\\^\\d+)?\\s*[:：]\\s*`, 'iu');

/** The subject without its reply and forward prefixes, and whether it had any. */
export function stripPrefixes(subject: string): { readonly base: string; readonly prefixed: boolean } {
  let rest = subject;
  let prefixed = false;
  // Bounded: a subject of a thousand "Re:" is hostile input, not a thread to follow that far.
  for (let i = 0; i < 100; i++) {
    const m = PREFIX.exec(rest);
    if (!m) break;
    rest = rest.slice(m[0].length);
    prefixed = true;
  }
  return { base: rest.trim(), prefixed };
}

/** A mailing list's tags at the start ("[dev] [announce] "). */
const TAGS = /^(?:\[[^\]]{1,40}\]\s*)+/;

/**
 * The subject as a threading key: prefixes and list tags removed (a list adds its tag to some
 * copies and not others), whitespace collapsed, case folded ('' when nothing is left).
 */
export function subjectKey(subject: string): string {
  return keyOf(stripPrefixes(subject).base);
}

/** `subjectKey` of a subject already stripped of its prefixes. */
export function keyOf(base: string): string {
  return base.replace(TAGS, '').replace(/\s+/g, ' ').trim().toLowerCase();
}
