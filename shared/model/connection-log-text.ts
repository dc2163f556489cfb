/**
 * The connection log as plain text: what the log window shows and what Copy puts on the
 * clipboard, so a support request holds exactly what the person saw.
 */
import type { ConnectionLog, LogDirection, LogPurpose, LogSession } from '../ipc/calls/connection-log';
import type { Security } from './account';

export const PURPOSE_WORDS: Readonly<Record<LogPurpose, string>> = {
  test: 'Connection test',
  fetch: 'Get mail',
  download: 'Download whole message',
  send: 'Sending',
  probe: 'Checking the outgoing server',
};

const SECURITY_WORDS: Readonly<Record<Security, string>> = { tls: 'SSL/TLS', starttls: 'STARTTLS', none: 'no encryption' };
const DIR_MARK: Readonly<Record<LogDirection, string>> = { C: 'C:', S: 'S:', I: '--' };

/** "2026-03-10 09:00:01 UTC": the same on every machine, so a support desk can line logs up. */
export function logTime(epochMs: number): string {
  return `${new Date(epochMs).toISOString().replace('T', ' ').replace(/\.\d+Z$/, '')} UTC`;
}

/** One line of the session heading: which server, why, when, and how it ended. */
export function sessionTitle(session: LogSession): string {
  const server = session.side === 'incoming' ? 'Incoming server (POP3)' : 'Outgoing server (SMTP)';
  const ended = session.error === null ? 'ended normally' : `failed (${session.error.code})`;
  return `${server} ${session.host}:${session.port}, ${SECURITY_WORDS[session.security]} · ${PURPOSE_WORDS[session.purpose]} · ${logTime(session.startedAt)} · ${ended}`;
}

/** The session's lines, one per protocol line, with the time since it started. */
export function sessionBody(session: LogSession): string {
  const out = session.lines.map((line) => `${`+${(line.ms / 1000).toFixed(3)}s`.padStart(10)} ${DIR_MARK[line.dir]} ${line.text}`);
  if (session.error) out.push(`${''.padStart(10)} -- Failed: ${session.error.message}`);
  return out.join('\n');
}

export function formatConnectionLog(log: ConnectionLog, heading: string): string {
  const blocks = log.sessions.map((s) => `== ${sessionTitle(s)}\n${sessionBody(s)}`);
  const intro = log.sessions.length === 0 ? 'No connections recorded yet.' : `${log.sessions.length} ${log.sessions.length === 1 ? 'session' : 'sessions'}, oldest first. Passwords and message contents are not recorded.`;
  return [heading, intro, ...blocks].join('\n\n') + '\n';
}
