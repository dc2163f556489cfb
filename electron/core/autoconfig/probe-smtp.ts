/**
 * The real SMTP probe: a raw EHLO (RFC 5321) over net/tls with Heron's one TLS policy
 * (electron/core/tls/verify.ts). Chosen over nodemailer's SMTPConnection because a probe needs
 * only greeting → EHLO → STARTTLS → EHLO → QUIT, must be abortable at any point, and must read
 * the AUTH list after STARTTLS (servers such as Postfix with smtpd_tls_auth_only hide it before);
 * SMTPConnection keeps that list in a private field and has its own TLS defaults.
 * No credential is ever sent.
 */
import net, { type Socket } from 'node:net';
import tls, { type TLSSocket } from 'node:tls';
import { HeronError } from '../../../shared/ipc/result';
import { capLine } from '../log/redact';
import { tlsOptions, verifyPeer } from '../tls/verify';
import type { OutgoingCapabilities, ProbeOutgoing } from './probe';
import type { ProbeNetOptions } from './probe-pop3';

const MAX_LINE = 2048;
const MAX_LINES = 100;

export function createSmtpProbe(options: ProbeNetOptions = {}): ProbeOutgoing {
  return async ({ host, port, security, signal }): Promise<OutgoingCapabilities> => {
    const address = options.resolveHost ? await options.resolveHost(host, signal) : host;
    const policy = { servername: host, ...(options.ca ? { ca: options.ca } : {}) };
    const session = new SmtpLines(host, signal);
    try {
      if (security === 'tls') {
        const socket = tls.connect({ ...tlsOptions(address, policy), port });
        session.attach(socket);
        await session.event(socket, 'secureConnect');
        verifyPeer(socket, host, policy);
      } else {
        const socket = net.connect({ host: address, port });
        session.attach(socket);
        await session.event(socket, 'connect');
      }
      expect(await session.reply(), 220, host, 'greeting');
      let ehlo = await session.ehlo();
      if (security === 'starttls') {
        if (!ehlo.starttls) throw new HeronError('ETLS', `${host} does not offer STARTTLS.`, { detail: { host, command: 'EHLO' } });
        session.send('STARTTLS');
        expect(await session.reply(), 220, host, 'STARTTLS');
        const raw = session.detach();
        // RFC 3207 §4.2: forget everything learned before TLS.
        const upgraded = tls.connect({ ...tlsOptions(address, policy), socket: raw });
        session.attach(upgraded);
        await session.event(upgraded, 'secureConnect');
        verifyPeer(upgraded as TLSSocket, host, policy);
        ehlo = await session.ehlo();
      }
      session.send('QUIT');
      return ehlo;
    } finally {
      session.close();
    }
  };
}

function expect(reply: { code: number; lines: string[] }, code: number, host: string, command: string): void {
  if (reply.code !== code) {
    const text = capLine(reply.lines.join(' '), 200);
    throw new HeronError(reply.code >= 400 && reply.code < 500 ? 'ETEMPORARY' : 'EPROTOCOL', `${host} answered ${command} with "${text}".`, {
      detail: { host, command, response: text },
    });
  }
}

/** Reads SMTP replies line by line from whichever socket is attached; every wait ends on abort. */
class SmtpLines {
  private socket: Socket | null = null;
  private buffer = '';
  private lines: string[] = [];
  private waiter: (() => void) | null = null;
  private failure: Error | null = null;

  constructor(private readonly host: string, private readonly signal: AbortSignal) {
    signal.addEventListener('abort', this.onAbort, { once: true });
  }

  private onAbort = () => this.fail(this.signal.reason instanceof Error ? this.signal.reason : new HeronError('EABORTED', `The probe of ${this.host} was cancelled.`));

  private fail(error: Error) {
    this.failure ??= error;
    this.waiter?.();
  }

  private onData = (chunk: Buffer) => {
    this.buffer += chunk.toString('latin1');
    let nl: number;
    while ((nl = this.buffer.indexOf('\n')) !== -1) {
      this.lines.push(this.buffer.slice(0, nl).replace(/\r$/, ''));
      this.buffer = this.buffer.slice(nl + 1);
    }
    if (this.buffer.length > MAX_LINE || this.lines.length > MAX_LINES) this.fail(new HeronError('EPROTOCOL', `${this.host} sent an over-long reply.`));
    this.waiter?.();
  };
  private onError = (error: Error & { code?: string }) => {
    this.fail(error instanceof HeronError ? error : new HeronError('ECONNECTION', `Could not talk to ${this.host}: ${error.message}`, { retryable: true, detail: { host: this.host, reason: error.code ?? '' } }));
  };
  private onClose = () => this.fail(new HeronError('ECONNECTION', `${this.host} closed the connection.`, { retryable: true }));

  attach(socket: Socket): void {
    this.socket = socket;
    socket.on('data', this.onData).on('error', this.onError).on('close', this.onClose);
    if (this.signal.aborted) this.onAbort();
  }

  detach(): Socket {
    const socket = this.socket as Socket;
    socket.off('data', this.onData).off('error', this.onError).off('close', this.onClose);
    this.socket = null;
    this.buffer = '';
    this.lines = [];
    return socket;
  }

  private async waitFor<T>(ready: () => T | undefined): Promise<T> {
    for (;;) {
      if (this.failure) throw this.failure;
      const value = ready();
      if (value !== undefined) return value;
      await new Promise<void>((resolve) => (this.waiter = resolve));
      this.waiter = null;
    }
  }

  event(socket: Socket, name: 'connect' | 'secureConnect'): Promise<void> {
    let fired = false;
    socket.once(name, () => {
      fired = true;
      this.waiter?.();
    });
    return this.waitFor(() => (fired ? true : undefined)).then(() => undefined);
  }

  send(line: string): void {
    this.socket?.write(`${line}\r\n`);
  }

  /** One complete (possibly multi-line) reply: "250-a", "250-b", "250 c". */
  reply(): Promise<{ code: number; lines: string[] }> {
    return this.waitFor(() => {
      const end = this.lines.findIndex((l) => /^\d{3}(?: |$)/.test(l));
      if (end === -1) {
        const bad = this.lines.find((l) => !/^\d{3}-/.test(l));
        if (bad !== undefined) throw new HeronError('EPROTOCOL', `${this.host} is not an SMTP server (it said "${capLine(bad, 120)}").`);
        return undefined;
      }
      const lines = this.lines.splice(0, end + 1);
      return { code: Number((lines[lines.length - 1] ?? '').slice(0, 3)), lines: lines.map((l) => l.slice(4)) };
    });
  }

  async ehlo(): Promise<OutgoingCapabilities> {
    // RFC 5321 §4.1.4: a client without a meaningful host name greets with its address literal.
    const local = this.socket?.localAddress?.replace(/^::ffff:/, '') || '127.0.0.1';
    this.send(`EHLO ${net.isIPv6(local) ? `[IPv6:${local}]` : `[${local}]`}`);
    const reply = await this.reply();
    expect(reply, 250, this.host, 'EHLO');
    const ext = reply.lines.slice(1).map((l) => l.trim().toUpperCase());
    const authLine = ext.find((l) => l.startsWith('AUTH ') || l.startsWith('AUTH='));
    return {
      starttls: ext.includes('STARTTLS'),
      auth: authLine ? authLine.slice(5).split(/\s+/).filter((m) => m !== '') : [],
    };
  }

  close(): void {
    this.signal.removeEventListener('abort', this.onAbort);
    this.socket?.destroy();
  }
}
