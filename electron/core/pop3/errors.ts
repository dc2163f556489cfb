/**
 * POP3 replies → HeronError. RFC 2449 §8 and RFC 3206 give `-ERR` replies machine-readable codes;
 * without one, a `-ERR` during login means the credentials were refused.
 */
import { HeronError, type ErrorCode } from '../../../shared/ipc/result';
import { capText, responseCode, type StatusLine } from './parser';

export function describeSocketError(error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code;
  switch (code) {
    case 'ECONNREFUSED':
      return 'the connection was refused';
    case 'ECONNRESET':
      return 'the connection was reset';
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return 'the host name could not be resolved';
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
      return 'the host cannot be reached';
    case 'EPIPE':
      return 'the server closed the connection';
    default:
      return error instanceof Error ? error.message : String(error);
  }
}

/** A `-ERR` reply to `command` (already redacted). `duringLogin` turns plain `-ERR` into EAUTH. */
export function errorFromReply(host: string, command: string, status: StatusLine, duringLogin: boolean): HeronError {
  const code = responseCode(status.text);
  const response = capText(status.line);
  const detail = { host, command, response, responseCode: code };
  const said = `(POP3: ${response})`;
  const make = (c: ErrorCode, message: string, retryable = false) => new HeronError(c, message, { retryable, detail });
  switch (code) {
    case 'IN-USE':
      return make('ELOCKED', `The mailbox on ${host} is in use by another session; try again later ${said}.`, true);
    case 'LOGIN-DELAY':
      return make('ETEMPORARY', `${host} does not allow another login this soon; try again later ${said}.`, true);
    case 'SYS/TEMP':
      return make('ETEMPORARY', `${host} has a temporary problem; try again later ${said}.`, true);
    case 'SYS/PERM':
      return make('EREJECTED', `${host} refused ${command} because of a lasting problem on the server ${said}.`);
    case 'AUTH':
      return make('EAUTH', `${host} rejected the credentials ${said}.`);
    default:
      if (duringLogin) return make('EAUTH', `${host} rejected the credentials ${said}.`);
      return make('EREJECTED', `${host} refused ${command} ${said}.`);
  }
}

export function abortError(host: string, command: string): HeronError {
  return new HeronError('EABORTED', `The POP3 session with ${host} was cancelled.`, { detail: { host, command } });
}

/** A reply body passed the caller's byte cap (RETR, TOP): the session ends, since the rest would go unread. */
export function tooBig(host: string, command: string, cap: number): HeronError {
  return new HeronError('ETOOBIG', `The message from ${host} is larger than the limit of ${cap} bytes (${command}).`, {
    detail: { host, command, maxBytes: cap },
  });
}
