/**
 * Does this port speak TLS from its first byte? Asked after a plain-text session got no greeting:
 * a server waiting for a TLS handshake (an implicit-TLS port such as 465 or 995) and a client
 * waiting for a greeting wait for each other until a deadline, which looks like a slow server.
 * A ClientHello answered by a handshake (or by a TLS alert) settles it. Only the handshake moves:
 * no protocol byte, no credential; the certificate is not looked at.
 */
import tls from 'node:tls';

export interface TlsProbe {
  readonly host: string;
  readonly port: number;
  readonly timeoutMs: number;
  readonly signal?: AbortSignal;
}

export function answersTls({ host, port, timeoutMs, signal }: TlsProbe): Promise<boolean> {
  return new Promise<boolean>((resolve) => {
    if (signal?.aborted) return resolve(false);
    const socket = tls.connect({ host, port, rejectUnauthorized: false, minVersion: 'TLSv1' });
    const done = (speaksTls: boolean) => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
      socket.destroy();
      resolve(speaksTls);
    };
    const onAbort = () => done(false);
    const timer = setTimeout(() => done(false), timeoutMs);
    signal?.addEventListener('abort', onAbort, { once: true });
    socket.once('secureConnect', () => done(true));
    // An alert from the peer is TLS too (an old version, no shared cipher); plain text is "wrong version number".
    socket.once('error', (error: Error & { code?: unknown }) => done(typeof error.code === 'string' && /^ERR_SSL_.*ALERT/.test(error.code)));
    socket.once('close', () => done(false));
  });
}
