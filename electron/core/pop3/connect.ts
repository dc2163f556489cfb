/**
 * Opening a POP3 session up to the authorization state: the socket, the greeting, CAPA and, for
 * `starttls`, the RFC 2595 upgrade. `Pop3Client.connect` wraps the result in a client.
 */
import { HeronError } from '../../../shared/ipc/result';
import type { TranscriptSink } from '../log/redact';
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

export interface Pop3TlsInfo {
  authorized: boolean;
  pinned: boolean;
  fingerprint256: string;
  protocol: string;
}

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
  const { socket, peer } = await openSocket(transport, security === 'tls');
  const conn = new Pop3Connection(socket, host, timeouts, maxLineBytes, options.transcript);
  const signal = options.signal;
  const onAbort = () => conn.fail(new HeronError('EABORTED', `The POP3 session with ${host} was cancelled.`, { detail: { host } }));
  signal?.addEventListener('abort', onAbort, { once: true });
  try {
    const hello = await conn.command({ line: null, timeoutMs: timeouts.greetingMs, signal });
    if (hello.status.kind !== 'ok') {
      throw new HeronError('ECONNECTION', `${host} refused the connection (POP3: ${capText(hello.status.line)}).`, {
        retryable: true,
        detail: { host, command: 'greeting', response: capText(hello.status.line) },
      });
    }
    let tlsInfo = peer === null ? null : tlsSummary(peer);
    let capa = await requestCapabilities(conn, signal, maxLineBytes);
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
      conn.attachUpgraded(upgraded.socket);
      tlsInfo = tlsSummary(upgraded.peer);
      capa = await requestCapabilities(conn, signal, maxLineBytes);
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

export async function requestCapabilities(conn: Pop3Connection, signal: AbortSignal | undefined, maxLine: number): Promise<{ caps: Pop3Capabilities; known: boolean }> {
  const lines = new LineCollector(maxLine, 1024 * 1024);
  const spec: CommandSpec = { line: 'CAPA', multi: true, signal, onData: lines.push };
  const reply = await conn.command(spec);
  if (reply.status.kind !== 'ok') return { caps: NO_CAPABILITIES, known: false };
  return { caps: parseCapabilities(lines.lines()), known: true };
}

function tlsSummary(peer: { authorized: boolean; pinned: boolean; fingerprint256: string; protocol: string }): Pop3TlsInfo {
  return { authorized: peer.authorized, pinned: peer.pinned, fingerprint256: peer.fingerprint256, protocol: peer.protocol };
}
