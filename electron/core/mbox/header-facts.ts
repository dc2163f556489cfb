/**
 * The few header fields the mbox reader itself needs: Content-Length (mboxcl/cl2 boundaries),
 * Thunderbird's status and UIDL, and Google Takeout's labels. Read from the header block only.
 */
import { findHeaderEnd, readFields } from '../mime/headers';
import { parseGmailLabels } from './gmail-labels';
import { mozillaFlags } from './mozilla-status';

export interface HeaderFacts {
  /** `Content-Length`, when present and a plain number. */
  readonly contentLength: number | null;
  /** Thunderbird's flags (`X-Mozilla-Status` and `-Status2`); null when neither is present. */
  readonly mozillaFlags: number | null;
  /** Thunderbird's tags (`X-Mozilla-Keys`), e.g. `$label1`. */
  readonly mozillaKeys: readonly string[];
  /** `X-UIDL`: the POP3 UIDL Thunderbird downloaded the message under. */
  readonly uidl: string | null;
  /** `X-Gmail-Labels` (Google Takeout); null when absent. */
  readonly gmailLabels: readonly string[] | null;
}

const FIELDS = new Set(['content-length', 'x-mozilla-status', 'x-mozilla-status2', 'x-mozilla-keys', 'x-uidl', 'x-gmail-labels']);

/** Where the body starts in `buf[start, end)` (relative to `start`), and whether a blank line ended the header block. */
export function headerBlock(buf: Buffer, start: number, end: number): { headerLength: number; bodyStart: number; ended: boolean } {
  const { headerLength, bodyStart } = findHeaderEnd(buf.subarray(start, end));
  return { headerLength, bodyStart, ended: bodyStart > headerLength };
}

/** The facts of the message in `buf[start, end)`. */
export function headerFacts(buf: Buffer, start: number, end: number): HeaderFacts {
  const block = headerBlock(buf, start, end);
  const fields = readFields(buf.toString('latin1', start, start + block.headerLength), [], FIELDS);
  const length = fields.get('content-length')?.trim();
  const uidl = fields.get('x-uidl')?.trim();
  const labels = fields.get('x-gmail-labels');
  return {
    contentLength: length !== undefined && /^\d{1,15}$/.test(length) ? Number(length) : null,
    mozillaFlags: mozillaFlags(fields.get('x-mozilla-status'), fields.get('x-mozilla-status2')),
    mozillaKeys: (fields.get('x-mozilla-keys') ?? '').split(/\s+/).filter((k) => k !== ''),
    uidl: uidl !== undefined && uidl !== '' ? uidl : null,
    gmailLabels: labels === undefined ? null : parseGmailLabels(Buffer.from(labels, 'latin1').toString('utf8')),
  };
}
