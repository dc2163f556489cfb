import { beforeAll, describe, expect, it } from 'vitest';
import { SMTPServer } from 'smtp-server';
import type { AddressInfo } from 'node:net';
import { HeronError } from '../../../shared/ipc/result';
import { createPop3Probe } from './probe-pop3';
import { createSmtpProbe } from './probe-smtp';
import { startFakePop3 } from './testing/fake-pop3';
import { makeTestPki, type TestPki } from './testing/test-ca';

let pki: TestPki;
const resolveHost = async () => '127.0.0.1';
const signal = () => AbortSignal.timeout(5000);

beforeAll(() => {
  pki = makeTestPki(['pop.example.test', 'smtp.example.test']);
});

async function refusal(promise: Promise<unknown>): Promise<HeronError> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(HeronError);
    return error as HeronError;
  }
  throw new Error('expected a refusal');
}

describe('POP3 probe (through the POP3 engine)', () => {
  it('reads CAPA over implicit TLS, checking the certificate against the host name', async () => {
    const server = await startFakePop3({ capa: ['USER', 'SASL PLAIN LOGIN', 'UIDL'], implicitTls: { cert: pki.cert, key: pki.key } });
    try {
      const probe = createPop3Probe({ resolveHost, ca: [pki.ca] });
      expect(await probe({ host: 'pop.example.test', port: server.port, security: 'tls', signal: signal() })).toEqual({
        user: true, stls: false, sasl: ['PLAIN', 'LOGIN'],
      });
      expect(server.commands).toEqual(['CAPA', 'QUIT']);
      const wrongName = await refusal(createPop3Probe({ resolveHost, ca: [pki.ca] })({ host: 'other.example.test', port: server.port, security: 'tls', signal: signal() }));
      expect(wrongName.code).toBe('ECERT');
    } finally {
      await server.close();
    }
  });

  it('upgrades with STLS and reads CAPA again; a plaintext look sends no credential', async () => {
    const server = await startFakePop3({ capa: ['USER'], stls: { cert: pki.cert, key: pki.key } });
    try {
      const probe = createPop3Probe({ resolveHost, ca: [pki.ca] });
      expect(await probe({ host: 'pop.example.test', port: server.port, security: 'none', signal: signal() })).toEqual({ user: true, stls: true, sasl: [] });
      expect(await probe({ host: 'pop.example.test', port: server.port, security: 'starttls', signal: signal() })).toEqual({ user: true, stls: false, sasl: [] });
      expect(server.commands).toEqual(['CAPA', 'QUIT', 'CAPA', 'STLS', 'CAPA', 'QUIT']);
    } finally {
      await server.close();
    }
  });

  it('gives up on a server that never greets when the signal fires', async () => {
    const server = await startFakePop3({ capa: [], hang: true });
    try {
      const started = Date.now();
      const error = await refusal(createPop3Probe({ resolveHost })({ host: 'pop.example.test', port: server.port, security: 'none', signal: AbortSignal.timeout(300) }));
      expect(['EABORTED', 'ETIMEDOUT']).toContain(error.code);
      expect(Date.now() - started).toBeLessThan(3000);
    } finally {
      await server.close();
    }
  });
});

describe('SMTP probe (raw EHLO)', () => {
  async function smtp(options: ConstructorParameters<typeof SMTPServer>[0]) {
    const server = new SMTPServer({ key: pki.key, cert: pki.cert, logger: false, ...options });
    // The certificate test drops the connection mid-handshake on purpose.
    server.on('error', () => undefined);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return { server, port: (server.server.address() as AddressInfo).port, close: () => new Promise<void>((r) => server.close(() => r())) };
  }

  it('upgrades with STARTTLS and reads EHLO again (servers such as Postfix list AUTH only after TLS)', async () => {
    const s = await smtp({ authMethods: ['PLAIN', 'LOGIN'], authOptional: false, hideSTARTTLS: false, allowInsecureAuth: false });
    try {
      const probe = createSmtpProbe({ resolveHost, ca: [pki.ca] });
      expect(await probe({ host: 'smtp.example.test', port: s.port, security: 'none', signal: signal() })).toEqual({ starttls: true, auth: ['PLAIN', 'LOGIN'] });
      expect(await probe({ host: 'smtp.example.test', port: s.port, security: 'starttls', signal: signal() })).toEqual({ starttls: false, auth: ['PLAIN', 'LOGIN'] });
    } finally {
      await s.close();
    }
  });

  it('speaks implicit TLS and refuses a certificate for another name', async () => {
    const s = await smtp({ secure: true, authMethods: ['PLAIN'] });
    try {
      const probe = createSmtpProbe({ resolveHost, ca: [pki.ca] });
      expect(await probe({ host: 'smtp.example.test', port: s.port, security: 'tls', signal: signal() })).toEqual({ starttls: false, auth: ['PLAIN'] });
      expect((await refusal(probe({ host: 'mail.other.test', port: s.port, security: 'tls', signal: signal() }))).code).toBe('ECERT');
    } finally {
      await s.close();
    }
  });

  it('says when STARTTLS is missing', async () => {
    const s = await smtp({ disabledCommands: ['STARTTLS'], authOptional: true });
    try {
      const error = await refusal(createSmtpProbe({ resolveHost, ca: [pki.ca] })({ host: 'smtp.example.test', port: s.port, security: 'starttls', signal: signal() }));
      expect([error.code, error.message]).toEqual(['ETLS', 'smtp.example.test does not offer STARTTLS.']);
    } finally {
      await s.close();
    }
  });
});
