/**
 * Protocol transcripts pass through here before anyone sees them (STYLE.md §5). Secrets never
 * appear, not even base64: `PASS ****`, `AUTH PLAIN ****`, SASL continuation lines `****`.
 * The redactor is stateful because a SASL exchange puts secrets on lines that carry no keyword.
 */
import { capText } from '../../../shared/model/log-entry';

/** C: the client sent it; S: the server sent it; I: a note from Heron (connected, TLS, data size). */
export type Direction = 'C' | 'S' | 'I';

export interface TranscriptLine {
  readonly dir: Direction;
  readonly text: string;
}

export type TranscriptSink = (line: TranscriptLine) => void;

const MASK = '****';
/** Server lines are untrusted and can be huge; a transcript keeps only this much of each. */
export const MAX_TRANSCRIPT_LINE = 512;

export interface Redactor {
  /** Returns the line as it may be logged. */
  client(line: string): string;
  server(line: string): string;
}

export function createRedactor(): Redactor {
  // True while the client is answering SASL challenges: every client line is a secret.
  let inSasl = false;
  return {
    client(raw) {
      const line = raw.replace(/\r?\n$/, '');
      if (inSasl) return MASK;
      const m = /^(PASS|APOP\s+\S+|AUTH\s+\S+|XOAUTH2)(\s+.*)?$/i.exec(line);
      if (!m) return line;
      const verb = m[1] ?? '';
      const rest = m[2];
      if (/^AUTH\s/i.test(verb)) {
        // `AUTH PLAIN` alone starts a challenge/response exchange; with an initial response the secret is on this line.
        if (rest === undefined || rest.trim() === '') inSasl = true;
        return rest === undefined || rest.trim() === '' ? verb : `${verb} ${MASK}`;
      }
      if (/^APOP/i.test(verb)) return `${verb} ${MASK}`;
      return `${verb} ${MASK}`;
    },
    server(raw) {
      const line = raw.replace(/\r?\n$/, '');
      // A continuation ('+ ' in POP3, '334 ' in SMTP) keeps the exchange going; anything else ends it.
      if (inSasl && !/^(\+ |\+$|334[ -]|334$)/.test(line)) inSasl = false;
      return capLine(line);
    },
  };
}

/** A server's line as a transcript keeps it: control characters shown, not obeyed, by whoever prints the log. */
export function capLine(line: string, max = MAX_TRANSCRIPT_LINE): string {
  return capText(line, max);
}

/** "[message data: 12,345 bytes]": a message's size in a transcript, never its content. */
export function messageDataLine(bytes: number, what = 'message data'): string {
  // A plain regex, not toLocaleString: this runs once per message of a fetch of thousands.
  return `[${what}: ${String(bytes).replace(/\B(?=(\d{3})+(?!\d))/g, ',')} bytes]`;
}
