/**
 * Test helpers for the SMTP engine (imported by tests only): a PKI made with `openssl`, and a raw
 * scripted SMTP server for the faults smtp-server cannot produce (bad greetings, bytes injected
 * around STARTTLS, a connection dropped right after the final ".").
 */
import { execFile } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import net, { type AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import tls from 'node:tls';
import { promisify } from 'node:util';
import type { Draft } from '../../../shared/model/draft';

const run = promisify(execFile);

export interface Pki {
  readonly caPem: string;
  readonly certPem: string;
  readonly keyPem: string;
  readonly selfCertPem: string;
  readonly selfKeyPem: string;
  readonly selfFingerprint: string;
}

export async function makePki(): Promise<Pki> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'heron-smtp-pki-'));
  const ec = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];
  const san = 'subjectAltName=DNS:localhost,IP:127.0.0.1';
  const o = (args: string[]) => run('openssl', args, { cwd: dir, timeout: 20_000 });
  await o(['req', '-x509', ...ec, '-keyout', 'ca.key', '-out', 'ca.crt', '-days', '2', '-subj', '/CN=Heron SMTP Test CA',
    '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign']);
  await o(['req', '-new', ...ec, '-keyout', 'leaf.key', '-out', 'leaf.csr', '-subj', '/CN=localhost']);
  await writeFile(path.join(dir, 'leaf.ext'), `basicConstraints=CA:FALSE\nextendedKeyUsage=serverAuth\n${san}\n`);
  await o(['x509', '-req', '-in', 'leaf.csr', '-CA', 'ca.crt', '-CAkey', 'ca.key', '-CAcreateserial', '-days', '2', '-out', 'leaf.crt', '-extfile', 'leaf.ext']);
  await o(['req', '-x509', ...ec, '-keyout', 'self.key', '-out', 'self.crt', '-days', '2', '-subj', '/CN=localhost', '-addext', san]);
  const r = (f: string) => readFile(path.join(dir, f), 'utf8');
  const [caPem, certPem, keyPem, selfCertPem, selfKeyPem] = await Promise.all([r('ca.crt'), r('leaf.crt'), r('leaf.key'), r('self.crt'), r('self.key')]);
  return { caPem, certPem, keyPem, selfCertPem, selfKeyPem, selfFingerprint: new X509Certificate(selfCertPem).fingerprint256 };
}

/**
 * A reply line; drop the connection; a reply written one byte at a time, `everyMs` apart; a last
 * line after which the server reads nothing more; or null: say nothing.
 */
export type Reply =
  | string
  | { readonly drop: true }
  | { readonly trickle: string; readonly everyMs: number }
  | { readonly thenDeaf: string }
  | null;

export interface ScriptedSession {
  /** Everything the client sent, as lines (the message data excluded). */
  readonly lines: string[];
  /** Message bodies received (after un-dot-stuffing), one per completed DATA. */
  readonly bodies: Buffer[];
  secure: boolean;
}

export interface Script {
  readonly greeting?: Reply;
  /** Reply to a command line; undefined → the default behaviour of a permissive server. */
  readonly onLine?: (line: string, session: ScriptedSession) => Reply | undefined;
  /** Reply to the final "." of a message (null: none). */
  readonly onData?: (body: Buffer, session: ScriptedSession) => Reply;
  /** Drop the connection as soon as the first bytes of message data arrive (before the final "."). */
  readonly dropDuringData?: boolean;
  /** Raw bytes written right after "220 Ready to start TLS", before the handshake. */
  readonly injectAfterStarttls?: string;
  /** Stop reading once DATA is answered with 354: the message data backs up in the client. */
  readonly stallData?: boolean;
  /** After 354, read the message data one chunk per `everyMs`: slow, but never stopped. */
  readonly slowData?: { readonly everyMs: number };
  /** The AUTH line of the EHLO reply (default "AUTH PLAIN LOGIN"); null: no AUTH line. */
  readonly ehloAuth?: string | null;
  /** Announce PIPELINING (default true). */
  readonly pipelining?: boolean;
  /** TLS from the first byte (port 465 style) instead of plain text with STARTTLS. */
  readonly implicitTls?: boolean;
  readonly tls: { key: string; cert: string; minVersion?: tls.SecureVersion; maxVersion?: tls.SecureVersion; ciphers?: string };
}

export interface ScriptedServer {
  readonly port: number;
  readonly sessions: ScriptedSession[];
  close(): Promise<void>;
}

function ehloLines(secure: boolean, auth: string | null, pipelining: boolean): string {
  const lines = ['localhost', ...(pipelining ? ['PIPELINING'] : []), 'SIZE 100000000', ...(secure ? [] : ['STARTTLS']), '8BITMIME', ...(auth === null ? [] : [auth])];
  return lines.map((l, i) => `250${i === lines.length - 1 ? ' ' : '-'}${l}`).join('\r\n');
}

export async function startScriptedServer(script: Script): Promise<ScriptedServer> {
  const sessions: ScriptedSession[] = [];
  const sockets = new Set<net.Socket>();
  const timers = new Set<NodeJS.Timeout>();
  const { key, cert, minVersion, maxVersion, ciphers } = script.tls;
  const tlsOptions: tls.TlsOptions = { key, cert, ...(minVersion ? { minVersion } : {}), ...(maxVersion ? { maxVersion } : {}), ...(ciphers ? { ciphers } : {}) };
  const server = net.createServer((raw) => {
    sockets.add(raw);
    raw.on('close', () => sockets.delete(raw));
    raw.on('error', () => undefined);
    const session: ScriptedSession = { lines: [], bodies: [], secure: false };
    sessions.push(session);
    let socket: net.Socket = raw;
    let buffer = Buffer.alloc(0);
    let inData = false;
    let upgrading = false;
    const send = (reply: Reply): boolean => {
      if (reply === null) return true;
      if (typeof reply === 'string') {
        socket.write(`${reply}\r\n`);
        return true;
      }
      if ('drop' in reply) {
        socket.destroy();
        raw.destroy();
        return false;
      }
      if ('thenDeaf' in reply) {
        socket.write(`${reply.thenDeaf}\r\n`);
        socket.removeAllListeners('data');
        socket.pause();
        return false;
      }
      const bytes = Buffer.from(`${reply.trickle}\r\n`);
      let at = 0;
      const timer = setInterval(() => {
        if (socket.destroyed || at >= bytes.length) {
          clearInterval(timer);
          timers.delete(timer);
          return;
        }
        socket.write(bytes.subarray(at, at + 1));
        at += 1;
      }, reply.everyMs);
      timers.add(timer);
      return true;
    };
    const onBytes = (chunk: Buffer) => {
      if (upgrading) return;
      buffer = Buffer.concat([buffer, chunk]);
      for (;;) {
        if (inData) {
          if (script.dropDuringData && buffer.length > 0) {
            send({ drop: true });
            return;
          }
          const end = buffer.indexOf('\r\n.\r\n');
          if (end < 0) return;
          const body = Buffer.from(buffer.subarray(0, end + 2).toString('latin1').replace(/^\.\./gm, '.'), 'latin1');
          buffer = buffer.subarray(end + 5);
          inData = false;
          session.bodies.push(body);
          if (!send(script.onData ? script.onData(body, session) : '250 2.0.0 Ok: queued')) return;
          continue;
        }
        const nl = buffer.indexOf('\r\n');
        if (nl < 0) return;
        const line = buffer.subarray(0, nl).toString('utf8');
        buffer = buffer.subarray(nl + 2);
        session.lines.push(line);
        const custom = script.onLine?.(line, session);
        if (custom !== undefined) {
          if (!send(custom)) return;
          continue;
        }
        const verb = line.split(' ')[0]?.toUpperCase();
        if (verb === 'EHLO') send(ehloLines(session.secure, script.ehloAuth === undefined ? 'AUTH PLAIN LOGIN' : script.ehloAuth, script.pipelining !== false));
        else if (verb === 'STARTTLS') {
          socket.write(`220 2.0.0 Ready to start TLS\r\n${script.injectAfterStarttls ?? ''}`);
          upgrading = true;
          socket.removeListener('data', onBytes);
          const secure = new tls.TLSSocket(socket, { isServer: true, ...tlsOptions });
          secure.on('error', () => undefined);
          secure.on('secure', () => {
            upgrading = false;
            session.secure = true;
            buffer = Buffer.alloc(0);
          });
          secure.on('data', onBytes);
          socket = secure;
          return;
        } else if (verb === 'AUTH') send(line.split(' ').length > 2 ? '235 2.7.0 Authentication successful' : '334 ');
        else if (verb === 'MAIL' || verb === 'RCPT' || verb === 'RSET' || verb === 'NOOP') send('250 2.1.0 Ok');
        else if (verb === 'DATA') {
          inData = true;
          send('354 End data with <CR><LF>.<CR><LF>');
          if (script.stallData) {
            socket.pause();
            return;
          }
          if (script.slowData) readSlowly(socket, script.slowData.everyMs, timers);
        } else if (verb === 'QUIT') {
          send('221 2.0.0 Bye');
          socket.end();
          return;
        } else if (session.lines.at(-2)?.toUpperCase().startsWith('AUTH')) send('235 2.7.0 Authentication successful');
        else send('502 5.5.2 Error: command not recognized');
      }
    };
    const greet = () => send(script.greeting === undefined ? '220 localhost ESMTP test' : script.greeting);
    if (script.implicitTls) {
      const secure = new tls.TLSSocket(raw, { isServer: true, ...tlsOptions });
      secure.on('error', () => undefined);
      secure.on('secure', () => {
        session.secure = true;
        greet();
      });
      secure.on('data', onBytes);
      socket = secure;
      return;
    }
    raw.on('data', onBytes);
    greet();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    sessions,
    close: () =>
      new Promise<void>((resolve) => {
        for (const t of timers) clearInterval(t);
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

/** Reads one chunk every `everyMs` until the socket closes: a slow reader that keeps taking data. */
function readSlowly(socket: net.Socket, everyMs: number, timers: Set<NodeJS.Timeout>): void {
  socket.pause();
  const timer = setInterval(() => {
    if (socket.destroyed) {
      clearInterval(timer);
      timers.delete(timer);
      return;
    }
    socket.once('data', () => socket.pause());
    socket.resume();
  }, everyMs);
  timers.add(timer);
}

/** A valid plain-text draft; tests override what they exercise. */
export function draftOf(overrides: Partial<Draft> = {}): Draft {
  return {
    id: 'd1',
    accountId: 'a1',
    from: { name: 'Alice', address: 'alice@example.com' },
    to: [{ name: 'Bob', address: 'bob@example.com' }],
    cc: [],
    bcc: [],
    subject: 'Hello',
    text: 'Hi Bob',
    html: null,
    plainTextMode: true,
    attachments: [],
    inReplyTo: null,
    references: [],
    updatedAt: 0,
    ...overrides,
  };
}
