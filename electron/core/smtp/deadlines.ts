/**
 * A deadline for every step of an SMTP session (RFC 5321 §4.5.3.2: per command, not one global
 * timeout), fed by what the client writes and reads: every command line expects one reply, the
 * replies come in order, and the reply at the head of that queue has its own deadline, restarted
 * when the head changes. A reply trickling in a byte at a time never completes, so unlike an
 * inactivity timeout this one fires. The message data has a deadline per chunk the socket takes,
 * and the reply to the final "." a generous one of its own.
 */
import { HeronError } from '../../../shared/ipc/result';
import { seconds } from '../pop3/connection';

export interface SmtpTimeouts {
  /** TCP, and for implicit TLS the handshake (nodemailer's connectionTimeout). */
  readonly connect: number;
  /** The 220 greeting, and the TLS handshake after STARTTLS (nodemailer's greetingTimeout). */
  readonly greeting: number;
  /** The reply to each command: EHLO, STARTTLS, each AUTH step, MAIL, RCPT, DATA, RSET, QUIT. */
  readonly command: number;
  /** Each chunk of the message data taken by the connection (RFC 5321 §4.5.3.2.5: 3 minutes). */
  readonly dataBlock: number;
  /** The reply after the final "." (RFC 5321 §4.5.3.2.6: 10 minutes; the server may be scanning it). */
  readonly finalDot: number;
  /** nodemailer's own inactivity timeout: only a backstop, longer than every deadline above. */
  readonly socket: number;
}

export const DEFAULT_SMTP_TIMEOUTS: SmtpTimeouts = {
  connect: 30_000,
  greeting: 30_000,
  command: 60_000,
  dataBlock: 3 * 60_000,
  finalDot: 10 * 60_000,
  socket: 11 * 60_000,
};

/** What a late step was: a command's reply, the message data, or the reply to the final ".". */
export type LateStep = { readonly kind: 'reply'; readonly command: string; readonly ms: number } | { readonly kind: 'data' | 'final-dot'; readonly ms: number };

/** The command a line is, for "did not answer X" (never its arguments: addresses, credentials). */
export function commandLabel(line: string): string {
  const words = line.trim().split(/\s+/);
  const verb = (words[0] ?? '').toUpperCase();
  switch (verb) {
    case 'MAIL':
      return 'MAIL FROM';
    case 'RCPT':
      return 'RCPT TO';
    case 'AUTH':
      return words[1] ? `AUTH ${words[1].toUpperCase()}` : 'AUTH';
    case 'EHLO':
    case 'HELO':
    case 'LHLO':
    case 'STARTTLS':
    case 'DATA':
    case 'RSET':
    case 'NOOP':
    case 'QUIT':
      return verb;
    case '.':
      return 'the end of the message';
    default:
      // Only a SASL continuation (a login step) is sent without a verb.
      return 'the login';
  }
}

/** Stands in the queue for the reply to the final "." (never a command label). */
const FINAL_DOT = '\0final-dot';

export class StepDeadlines {
  private readonly awaiting: string[] = [];
  private timer: NodeJS.Timeout | null = null;
  private inData = false;
  private stopped = false;

  constructor(
    private readonly timeouts: Pick<SmtpTimeouts, 'command' | 'dataBlock' | 'finalDot'>,
    private readonly onLate: (step: LateStep) => void,
  ) {}

  /** A command line went out: its reply is awaited. */
  sent(line: string): void {
    this.awaiting.push(commandLabel(line));
    if (this.awaiting.length === 1 && !this.inData) this.arm();
  }

  /** A complete reply arrived: the next one awaited (if any) gets its deadline. */
  replied(): void {
    this.awaiting.shift();
    this.arm();
  }

  /** 354: the message data goes out now; each chunk taken restarts its deadline. */
  dataStarted(): void {
    this.inData = true;
    this.arm();
  }

  dataProgress(): void {
    if (this.inData && this.timer !== null) this.timer.refresh();
  }

  /** The final "." is written: its reply is awaited, generously. */
  dataEnded(): void {
    if (!this.inData) return;
    this.inData = false;
    this.awaiting.push(FINAL_DOT);
    this.arm();
  }

  stop(): void {
    this.stopped = true;
    this.clear();
  }

  private arm(): void {
    this.clear();
    if (this.stopped) return;
    const step: LateStep | null = this.inData
      ? { kind: 'data', ms: this.timeouts.dataBlock }
      : this.awaiting[0] === FINAL_DOT
        ? { kind: 'final-dot', ms: this.timeouts.finalDot }
        : this.awaiting[0] !== undefined
          ? { kind: 'reply', command: this.awaiting[0], ms: this.timeouts.command }
          : null;
    if (step === null) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      this.stop();
      this.onLate(step);
    }, step.ms);
  }

  private clear(): void {
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
  }
}

/** The error a late step ends the session with; classify turns a late final "." into "may have been sent". */
export function lateError(host: string, step: LateStep): HeronError {
  const detail = { host, timeoutMs: step.ms, command: step.kind === 'reply' ? step.command : step.kind === 'data' ? 'message data' : '.' };
  const message =
    step.kind === 'reply'
      ? `${host} did not answer ${step.command} within ${seconds(step.ms)}. Heron will try again.`
      : step.kind === 'data'
        ? `${host} did not take the message data for ${seconds(step.ms)}. Heron will try again.`
        : `${host} did not confirm the message within ${seconds(step.ms)} of its end`;
  return new HeronError('ETIMEDOUT', message, { retryable: true, detail });
}
