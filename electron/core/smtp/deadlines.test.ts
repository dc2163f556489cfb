/**
 * Every SMTP step has a deadline, and the send an abort (issue 16, case 5). A reply that trickles
 * in one byte at a time never trips nodemailer's inactivity timeout, so before these deadlines an
 * EHLO or final-dot reply at one byte every 20 s kept a send pending for as long as the server liked.
 */
import net, { type AddressInfo } from 'node:net';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { HeronError } from '../../../shared/ipc/result';
import type { SendOutcome } from '../../../shared/model/draft';
import { sendQueue, type OutgoingMessage, type SmtpClientOptions } from './client';
import { makePki, startScriptedServer, type Pki, type Reply, type Script, type ScriptedServer } from './test-support';

let pki: Pki;
const cleanups: Array<() => Promise<void>> = [];
beforeAll(async () => {
  pki = await makePki();
});
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()?.();
});

/** Short deadlines; nodemailer's inactivity timeout far beyond them, so it cannot be what ends a step. */
const TIMEOUTS = { connect: 800, greeting: 800, command: 600, dataBlock: 600, finalDot: 900, socket: 30_000 };
const TRICKLE = 100;
const trickle = (text: string): Reply => ({ trickle: text, everyMs: TRICKLE });

async function scripted(script: Omit<Script, 'tls'>): Promise<ScriptedServer> {
  const server = await startScriptedServer({ ...script, tls: { key: pki.keyPem, cert: pki.certPem } });
  cleanups.push(() => server.close());
  return server;
}

function options(port: number, extra: Partial<SmtpClientOptions> = {}): SmtpClientOptions {
  return {
    server: { host: '127.0.0.1', port, security: 'starttls', username: 'alice', auth: 'plain' },
    secret: 'pw',
    ca: pki.caPem,
    timeouts: TIMEOUTS,
    ...extra,
  };
}

function message(id: string, body = 'Hello\r\n'): OutgoingMessage {
  const raw = Buffer.from(`From: alice@example.com\r\nTo: bob@example.com\r\nSubject: ${id}\r\n\r\n${body}`);
  return { id, raw: new Uint8Array(raw), envelope: { from: 'alice@example.com', to: ['bob@example.com'] } };
}

async function timed(run: () => Promise<SendOutcome[]>): Promise<{ outcomes: SendOutcome[]; ms: number }> {
  const started = Date.now();
  const outcomes = await run();
  return { outcomes, ms: Date.now() - started };
}

const replyTo = (verb: RegExp, reply: Reply) => (line: string) => (verb.test(line) ? reply : undefined);

describe('every SMTP step has a deadline', () => {
  it('connect: an implicit-TLS server that accepts TCP and never answers the handshake', async () => {
    const sockets = new Set<net.Socket>();
    const silent = net.createServer((s) => {
      sockets.add(s);
      s.on('error', () => undefined);
    });
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    cleanups.push(() => new Promise<void>((resolve) => {
      for (const s of sockets) s.destroy();
      silent.close(() => resolve());
    }));
    const port = (silent.address() as AddressInfo).port;
    const { outcomes, ms } = await timed(() => sendQueue(options(port, { server: { host: '127.0.0.1', port, security: 'tls', username: 'alice', auth: 'plain' } }), [message('m1')]));
    expect(outcomes[0]).toMatchObject({ status: 'waiting-retry', attempted: false, error: { code: 'ETIMEDOUT', retryable: true } });
    expect(ms).toBeLessThan(TIMEOUTS.connect + 1500);
  });

  it('greeting: trickled one byte at a time', async () => {
    const server = await scripted({ greeting: trickle('220 localhost ESMTP a very slow greeting indeed') });
    const { outcomes, ms } = await timed(() => sendQueue(options(server.port), [message('m1')]));
    expect(outcomes[0]).toMatchObject({ status: 'waiting-retry', attempted: false, error: { code: 'ETIMEDOUT', retryable: true } });
    expect(ms).toBeLessThan(TIMEOUTS.greeting + 1500);
  });

  // The command's words in the message, the reply that never completes, and where the server got to.
  it.each([
    ['EHLO', { onLine: replyTo(/^EHLO/, trickle('250-localhost\r\n250-STARTTLS\r\n250 AUTH PLAIN')) }, 'attempted: false'],
    ['STARTTLS', { onLine: replyTo(/^STARTTLS$/, trickle('220 2.0.0 Ready to start TLS')) }, 'attempted: false'],
    ['AUTH PLAIN', { onLine: replyTo(/^AUTH /, trickle('235 2.7.0 Authentication successful')) }, 'attempted: false'],
    ['MAIL FROM', { pipelining: false, onLine: replyTo(/^MAIL FROM/, trickle('250 2.1.0 Ok')) }, 'attempted: true'],
    ['RCPT TO', { pipelining: false, onLine: replyTo(/^RCPT TO/, trickle('250 2.1.5 Ok')) }, 'attempted: true'],
    ['DATA', { onLine: replyTo(/^DATA$/, trickle('354 End data with <CR><LF>.<CR><LF>')) }, 'attempted: true'],
  ] as const)('%s: a trickled reply ends the step, nothing more is sent, and the message waits', async (step, script, attempted) => {
    const server = await scripted(script);
    const { outcomes, ms } = await timed(() => sendQueue(options(server.port), [message('m1'), message('m2')]));
    expect(outcomes[0]).toMatchObject({
      status: 'waiting-retry',
      attempted: attempted === 'attempted: true',
      error: { code: 'ETIMEDOUT', retryable: true, message: `127.0.0.1 did not answer ${step} within 600 ms. Heron will try again.` },
    });
    expect(outcomes[1]).toMatchObject({ status: 'waiting-retry', attempted: false });
    expect(server.sessions[0]?.bodies).toEqual([]);
    expect(ms).toBeLessThan(TIMEOUTS.command + 1500);
  });

  it('the TLS handshake after STARTTLS: a server that says 220 and then reads nothing', async () => {
    const server = await scripted({ onLine: replyTo(/^STARTTLS$/, { thenDeaf: '220 2.0.0 Ready to start TLS' }) });
    const { outcomes, ms } = await timed(() => sendQueue(options(server.port), [message('m1')]));
    expect(outcomes[0]).toMatchObject({ status: 'waiting-retry', attempted: false, error: { code: 'ETIMEDOUT', retryable: true } });
    expect(server.sessions[0]?.lines.filter((l) => l.startsWith('AUTH'))).toEqual([]);
    expect(ms).toBeLessThan(TIMEOUTS.greeting + 1500);
  });

  it('message data: a server that stops reading it makes the step time out, not "may have been sent"', async () => {
    const server = await scripted({ stallData: true });
    const big = message('m1', `${'z'.repeat(998)}\r\n`.repeat(24_000));
    const { outcomes, ms } = await timed(() => sendQueue(options(server.port), [big]));
    expect(outcomes[0]).toMatchObject({
      status: 'waiting-retry',
      attempted: true,
      error: { code: 'ETIMEDOUT', retryable: true, message: '127.0.0.1 did not take the message data for 600 ms. Heron will try again.' },
    });
    expect(ms).toBeLessThan(10_000);
  });

  it('message data: a server that reads it slowly but steadily gets the time it needs (each chunk taken restarts the deadline)', async () => {
    // The kernel's buffers fill and drain in bursts (gaps of about a sixth of the whole transfer here): one chunk's deadline is 2.5 s, the transfer longer.
    const dataBlock = 2500;
    const server = await scripted({ slowData: { everyMs: 5 } });
    const big = message('m1', `${'s'.repeat(998)}\r\n`.repeat(16_000));
    const { outcomes, ms } = await timed(() => sendQueue(options(server.port, { timeouts: { ...TIMEOUTS, dataBlock, finalDot: 5000 } }), [big]));
    expect(outcomes[0]?.error?.message ?? null).toBe(null);
    expect(outcomes[0]?.status).toBe('sent');
    expect(ms).toBeGreaterThan(dataBlock);
    expect(server.sessions[0]?.bodies[0]?.equals(Buffer.from(big.raw))).toBe(true);
  }, 30_000);

  it('final ".": a trickled reply is "may have been sent", and the message stays in the Outbox for the person', async () => {
    const server = await scripted({ onData: () => trickle('250 2.0.0 Ok: queued as 12345') });
    const { outcomes, ms } = await timed(() => sendQueue(options(server.port), [message('m1'), message('m2')]));
    expect(outcomes.map((o) => [o.id, o.status, o.attempted, o.error?.code])).toEqual([
      ['m1', 'uncertain', true, 'EUNCERTAIN'],
      ['m2', 'waiting-retry', false, 'ECONNECTION'],
    ]);
    expect(outcomes[0]?.error?.message).toContain('it may have been sent');
    expect(outcomes[0]?.error?.message).toContain('127.0.0.1 did not confirm the message within 900 ms');
    expect(server.sessions[0]?.bodies).toHaveLength(1);
    expect(ms).toBeLessThan(TIMEOUTS.finalDot + 1500);
  });

  it('the final "." may take long: a reply slower than a command deadline but within its own is a send', async () => {
    const server = await scripted({ onData: () => trickle('250 Ok') });
    // 8 bytes at 100 ms: 800 ms, past the 600 ms for a command, within the 900 ms for the final ".".
    const [o] = await sendQueue(options(server.port), [message('m1')]);
    expect(o?.status).toBe('sent');
  });
});

describe('the send has an abort', () => {
  it('aborted while EHLO is unanswered: ends at once, nothing attempted, the reason given', async () => {
    const server = await scripted({ onLine: replyTo(/^EHLO/, null) });
    const controller = new AbortController();
    setTimeout(() => controller.abort(new HeronError('ETIMEDOUT', 'Sending took longer than 25 min; the rest waits for the next try.', { retryable: true })), 150);
    const { outcomes, ms } = await timed(() =>
      sendQueue(options(server.port, { signal: controller.signal, timeouts: { ...TIMEOUTS, command: 4_000 } }), [message('m1'), message('m2')]),
    );
    expect(outcomes.map((o) => [o.status, o.attempted, o.error?.code, o.error?.message])).toEqual([
      ['waiting-retry', false, 'ETIMEDOUT', 'Sending took longer than 25 min; the rest waits for the next try.'],
      ['waiting-retry', false, 'ETIMEDOUT', 'Sending took longer than 25 min; the rest waits for the next try.'],
    ]);
    expect(ms).toBeLessThan(1000);
  });

  it('aborted after the final "." and before the reply: "may have been sent"', async () => {
    const controller = new AbortController();
    const server = await scripted({
      onData: () => {
        setTimeout(() => controller.abort(), 50);
        return null;
      },
    });
    const { outcomes, ms } = await timed(() => sendQueue(options(server.port, { signal: controller.signal, timeouts: { ...TIMEOUTS, finalDot: 4_000 } }), [message('m1')]));
    expect(outcomes[0]).toMatchObject({ status: 'uncertain', attempted: true, error: { code: 'EUNCERTAIN' } });
    expect(ms).toBeLessThan(1000);
  });

  it('aborted while the message data is held up: not sent, waits for a retry', async () => {
    const controller = new AbortController();
    const server = await scripted({
      stallData: true,
      onLine: (line) => {
        if (line === 'DATA') setTimeout(() => controller.abort(), 200);
        return undefined;
      },
    });
    const big = message('m1', `${'z'.repeat(998)}\r\n`.repeat(24_000));
    const { outcomes, ms } = await timed(() => sendQueue(options(server.port, { signal: controller.signal, timeouts: { ...TIMEOUTS, dataBlock: 4_000 } }), [big]));
    expect(outcomes[0]).toMatchObject({ status: 'waiting-retry', attempted: true, error: { code: 'EABORTED' } });
    expect(ms).toBeLessThan(5000);
  });
});
