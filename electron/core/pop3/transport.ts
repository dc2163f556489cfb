/**
 * Sockets for POP3: plain TCP, implicit TLS (POP3S, port 995) and the STLS upgrade (RFC 2595).
 * Every TLS socket goes through `electron/core/tls/verify.ts`, and `verifyPeer` passes before the
 * caller may read or send a protocol byte.
 */
import net, { type Socket } from 'node:net';
import tls, { type TLSSocket } from 'node:tls';
import { HeronError } from '../../../shared/ipc/result';
import { isPlaintextReplyToTls, opensslReason, tlsOnPlainPort } from '../tls/mismatch';
import { tlsOptions, verifyPeer, type PeerInfo, type TlsPolicy } from '../tls/verify';
import { abortError, describeSocketError } from './errors';
import { seconds } from './connection';

export interface TransportOptions extends TlsPolicy {
  readonly host: string;
  readonly port: number;
  readonly localAddress?: string;
  readonly connectMs: number;
  readonly signal?: AbortSignal;
}

/** TCP (and for implicit TLS the handshake) within the connect deadline. */
export function openSocket(options: TransportOptions, useTls: boolean): Promise<{ socket: Socket; peer: PeerInfo | null }> {
  const { host, port } = options;
  const base = { host, port, ...(options.localAddress ? { localAddress: options.localAddress } : {}) };
  if (!useTls) {
    return guard(options, net.connect(base), 'connect', (socket) => ({ socket, peer: null }));
  }
  const socket = tls.connect({ ...tlsOptions(host, options), ...base });
  return guard(options, socket, 'implicitTls', (s) => ({ socket: s, peer: verifyPeer(s as TLSSocket, host, options) }));
}

/** The TLS handshake over an already connected socket, after the server's `+OK` to STLS. */
export function upgradeSocket(raw: Socket, options: TransportOptions): Promise<{ socket: Socket; peer: PeerInfo }> {
  const socket = tls.connect({ ...tlsOptions(options.host, options), socket: raw });
  return guard(options, socket, 'secureConnect', (s) => ({ socket: s, peer: verifyPeer(s as TLSSocket, options.host, options) }));
}

/** Connect deadline, abort, and socket errors → HeronError; the socket is destroyed on any failure. */
function guard<T>(
  options: TransportOptions,
  socket: Socket,
  /** 'implicitTls': TCP and the handshake at once (POP3S); 'secureConnect': the STLS upgrade. */
  phase: 'connect' | 'implicitTls' | 'secureConnect',
  /** Runs once connected; may throw (ECERT from verifyPeer). */
  ready: (socket: Socket) => T,
): Promise<T> {
  const { host, port } = options;
  return new Promise<T>((resolve, reject) => {
    let settled = false;
    const finish = (error: HeronError | null, value?: T) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      options.signal?.removeEventListener('abort', onAbort);
      socket.removeListener('error', onError);
      socket.removeListener('close', onClose);
      if (error) {
        socket.destroy();
        reject(error);
      } else resolve(value as T);
    };
    const tlsPhase = phase !== 'connect';
    const onAbort = () => finish(abortError(host, tlsPhase ? 'TLS handshake' : 'connect'));
    const onError = (error: Error) => {
      // OpenSSL's own words ("…:error:0A00010B:SSL routines:…") say nothing to a person; its reason might.
      const openssl = (error as Error & { reason?: unknown }).reason;
      const reason = tlsPhase && typeof openssl === 'string' ? openssl : describeSocketError(error);
      const tlsFailure = tlsPhase && !/ECONNREFUSED|ENOTFOUND|EHOSTUNREACH|ENETUNREACH|EAI_AGAIN/.test(String((error as { code?: unknown }).code));
      finish(
        phase === 'implicitTls' && isPlaintextReplyToTls(error)
          ? tlsOnPlainPort('pop3', host, port, opensslReason(error))
          : tlsFailure
          ? new HeronError('ETLS', `A secure (TLS) connection to ${host}:${port} could not be set up: ${reason}.`, {
              detail: { host, port, reason },
            })
          : new HeronError('ECONNECTION', `Heron could not connect to ${host}:${port}: ${reason}.`, {
              retryable: true,
              detail: { host, port, reason },
            }),
      );
    };
    const onClose = () =>
      finish(
        new HeronError(tlsPhase ? 'ETLS' : 'ECONNECTION', `${host}:${port} closed the connection before it was set up.`, {
          retryable: !tlsPhase,
          detail: { host, port },
        }),
      );
    const timer = setTimeout(
      () =>
        finish(
          new HeronError('ETIMEDOUT', `Connecting to ${host}:${port} took longer than ${seconds(options.connectMs)}.`, {
            retryable: true,
            detail: { host, port, timeoutMs: options.connectMs, command: tlsPhase ? 'TLS handshake' : 'connect' },
          }),
        ),
      options.connectMs,
    );
    if (options.signal?.aborted) return onAbort();
    options.signal?.addEventListener('abort', onAbort, { once: true });
    socket.on('error', onError);
    socket.once('close', onClose);
    socket.once(phase === 'connect' ? 'connect' : 'secureConnect', () => {
      // Commands are corked into batches; Nagle would only add delayed-ACK stalls after small writes.
      socket.setNoDelay(true);
      try {
        finish(null, ready(socket));
      } catch (error) {
        finish(error instanceof HeronError ? error : new HeronError('ETLS', String(error), { detail: { host, port } }));
      }
    });
  }).catch((error: unknown) => {
    socket.destroy();
    throw error instanceof HeronError ? error : new HeronError('ETLS', String(error), { detail: { host, port } });
  });
}
