/**
 * Opening a POP3 session up to the authorization state: the socket, the greeting, CAPA and, for
 * `starttls`, the RFC 2595 upgrade. `Pop3Client.connect` wraps the result in a client.
 */
import { HeronError } from '../../../shared/ipc/result';
import { certificateCheckOf, type CertificateCheck } from '../../../shared/model/certificate';
import type { TranscriptSink } from '../log/redact';
import { noGreeting, tlsOnlyPort } from '../tls/mismatch';
import { answersTls } from '../tls/probe';
import { describePeer, type PeerInfo } from '../tls/verify';
import { NO_CAPABILITIES, parseCapabilities, type Pop3Capabilities } from './capabilities';
import { DEFAULT_TIMEOUTS, Pop3Connection, type CommandSpec, type Pop3Timeouts } from './connection';
import { capText, LineCollector } from './parser';
import { openSocket, upgradeSocket, type TransportOptions } from './transport';

export interface Pop3ConnectOptions {
  host: string;
  port: number;
  security: 'tls' | 'starttls' | 'none';
  servername?: string;
  ca?: string | Buffer | Array<string | Buffer>;
  pinnedCert?: string;
  timeouts?: Partial<Pop3Timeouts>;
  maxLineBytes?: number;
  localAddress?: string;
  transcript?: TranscriptSink;
  signal?: AbortSignal;
}

export type Pop3TlsInfo = CertificateCheck;

/** What a client needs from a freshly opened session. */
export interface OpenedConnection {
  conn: Pop3Connection;
  greeting: string;
  capabilities: Pop3Capabilities;
  capaKnown: boolean;
  tls: Pop3TlsInfo | null;
  maxLineBytes: number;
  /** Stops watching the connect signal; until then aborting it drops the connection. */
  stopWatching: () => void;
}

const DEFAULT_MAX_LINE = 64 * 1024;

export async function openConnection(options: Pop3ConnectOptions): Promise<OpenedConnection> {
  const { host, port, security } = options;
  if (!['tls', 'starttls', 'none'].includes(security)) {
    throw new HeronError('EINVALID', `"${capText(String(security), 40)}" is not a connection security Heron knows.`, { detail: { field: 'security' } });
  }
  if (!Number.isInteger(port) || port < 1 || port > 65535) {
    throw new HeronError('EINVALID', `${String(port)} is not a valid port number.`, { detail: { field: 'port' } });
  }
  const timeouts: Pop3Timeouts = { ...DEFAULT_TIMEOUTS, ...options.timeouts };
  const maxLineBytes = options.maxLineBytes ?? DEFAULT_MAX_LINE;
  const transport: TransportOptions = {
    host,
    port,
    connectMs: timeouts.connectMs,
    ...(options.servername !== undefined ? { servername: options.servername } : {}),
    ...(options.ca !== undefined ? { ca: options.ca } : {}),
    ...(options.pinnedCert !== undefined ? { pinnedCert: options.pinnedCert } : {}),
    ...(options.localAddress !== undefined ? { localAddress: options.localAddress } : {}),
    ...(options.signal !== undefined ? { signal: options.signal } : {}),
  };
  const note = (text: string) => options.transcript?.({ dir: 'I', text });
  const { socket, peer } = await openSocket(transport, security === 'tls');
  note(`Connected to ${socket.remoteAddress ?? host}:${socket.remotePort ?? port}`);
  if (peer) note(describePeer(peer));
  const conn = new Pop3Connection(socket, host, timeouts, maxLineBytes, options.transcript);
  const signal = options.signal;
  const onAbort = () => conn.fail(new HeronError('EABORTED', `The POP3 session with ${host} was cancelled.`, { detail: { host } }));
  signal?.addEventListener('abort', onAbort, { once: true });
  try {
    const hello = await conn.command({ line: null, timeoutMs: timeouts.greetingMs, signal }).catch(async (error: unknown) => {
      throw security === 'tls' ? error : await greetingMissing(error, { host, port, security, timeoutMs: Math.min(timeouts.connectMs, 10_000), ...(signal ? { signal } : {}) });
    });
    if (hello.status.kind !== 'ok') {
      throw new HeronError('ECONNECTION', `${host} refused the connection (POP3: ${capText(hello.status.line)}).`, {
        retryable: true,
        detail: { host, command: 'greeting', response: capText(hello.status.line) },
      });
    }
    let tlsInfo = peer === null ? null : tlsSummary(peer);
    let capa = await requestCapabilities(conn, signal, maxLineBytes, note);
    if (security === 'starttls') {
      // RFC 2595 §4: no credential before TLS, and what the server said in clear is forgotten.
      if (!capa.caps.stls) {
        throw new HeronError('ETLS', `${host} does not offer STLS, so Heron cannot secure the connection as this account requires.`, {
          detail: { host, command: 'CAPA' },
        });
      }
      const reply = await conn.command({ line: 'STLS', signal, lastBeforeUpgrade: true });
      if (reply.status.kind !== 'ok') {
        throw new HeronError('ETLS', `${host} refused to start TLS (POP3: ${capText(reply.status.line)}).`, {
          detail: { host, command: 'STLS', response: capText(reply.status.line) },
        });
      }
      const { socket: raw } = conn.detachForUpgrade();
      const upgraded = await upgradeSocket(raw, transport);
      note(describePeer(upgraded.peer));
      conn.attachUpgraded(upgraded.socket);
      tlsInfo = tlsSummary(upgraded.peer);
      capa = await requestCapabilities(conn, signal, maxLineBytes, note);
    }
    // The connect signal stays watched for the whole session: aborting it drops the connection.
    const stopWatching = () => signal?.removeEventListener('abort', onAbort);
    return { conn, greeting: hello.status.line, capabilities: capa.caps, capaKnown: capa.known, tls: tlsInfo, maxLineBytes, stopWatching };
  } catch (error) {
    signal?.removeEventListener('abort', onAbort);
    conn.destroy(error instanceof HeronError ? error : undefined);
    throw error;
  }
}

export async function requestCapabilities(
  conn: Pop3Connection,
  signal: AbortSignal | undefined,
  maxLine: number,
  note?: (text: string) => void,
): Promise<{ caps: Pop3Capabilities; known: boolean }> {
  const lines = new LineCollector(maxLine, 1024 * 1024);
  const spec: CommandSpec = { line: 'CAPA', multi: true, signal, onData: lines.push };
  const reply = await conn.command(spec);
  if (reply.status.kind !== 'ok') return { caps: NO_CAPABILITIES, known: false };
  // The connection log shows what the server offers (a support desk's first question), not the bytes.
  note?.(`Capabilities: ${capText(lines.lines().join(' | '), 400)}`);
  return { caps: parseCapabilities(lines.lines()), known: true };
}

/**
 * No greeting on a connection Heron did not encrypt from the start: most often the port expects
 * SSL/TLS at once (995), and both sides wait for the other. A TLS hello to the same port settles
 * it (tls/probe.ts); otherwise the words say what is likely. Other failures pass through.
 */
async function greetingMissing(error: unknown, to: { host: string; port: number; security: 'starttls' | 'none'; timeoutMs: number; signal?: AbortSignal }): Promise<unknown> {
  if (!(error instanceof HeronError) || error.detail?.command !== 'greeting' || error.detail.bytesReceived !== 0) return error;
  const ending = error.code === 'ETIMEDOUT' ? 'timeout' : error.code === 'ECONNECTION' ? 'closed' : null;
  if (ending === null) return error;
  if (await answersTls({ host: to.host, port: to.port, timeoutMs: to.timeoutMs, ...(to.signal ? { signal: to.signal } : {}) })) return tlsOnlyPort('pop3', to.host, to.port, to.security);
  return noGreeting('pop3', to.host, to.port, ending, ending === 'timeout' ? Number(error.detail.timeoutMs) : undefined) ?? error;
}

function tlsSummary(peer: PeerInfo): Pop3TlsInfo {
  return certificateCheckOf(peer);
}
