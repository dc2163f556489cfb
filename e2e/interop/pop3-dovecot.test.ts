/**
 * Heron's POP3 engine against a real Dovecot: TLS (implicit and STLS) verified against the test CA,
 * refusal without it, pinning, every login method Dovecot offers, and Dovecot's own error words.
 * The mailbox-sized tests (1,000 messages, DELE semantics) are in pop3-dovecot-mailbox.test.ts.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HeronError } from '../../shared/ipc/result';
import type { TranscriptLine } from '../../electron/core/log/redact';
import { openSession, Pop3Client, type Pop3ConnectOptions, type Pop3Credentials } from '../../electron/core/pop3';
import { dovecotAvailable, startDovecot, type DovecotInstance } from '../servers';
import { makeMessage } from '../servers/messages';

const PASSWORD = 'c0rrect horse battery \\ \" é';
const USERS = [{ name: 'alice', password: PASSWORD }];

async function failure(promise: Promise<unknown>): Promise<HeronError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof HeronError) return error;
    throw new Error(`expected a HeronError, got ${String(error)}`, { cause: error });
  }
  throw new Error('expected the call to fail, it succeeded');
}

describe.skipIf(!dovecotAvailable.available)(dovecotAvailable.title('POP3 engine against real Dovecot: TLS and login'), () => {
  let dovecot: DovecotInstance;
  /** Same users, no APOP in auth_mechanisms (its greeting has no timestamp). */
  let noApop: DovecotInstance;

  const tlsOptions = (over: Partial<Pop3ConnectOptions> = {}): Pop3ConnectOptions => ({
    host: '127.0.0.1', port: dovecot.pop3sPort, security: 'tls', servername: 'localhost', ca: dovecot.ca, ...over,
  });
  const creds = (method: Pop3Credentials['method'], password = PASSWORD): Pop3Credentials => ({ method, username: 'alice', password });

  beforeAll(async () => {
    [dovecot, noApop] = await Promise.all([startDovecot({ users: USERS, apop: true }), startDovecot({ users: USERS })]);
    await dovecot.seed('alice', [makeMessage(1, { size: 3000 }), makeMessage(2, { size: 4000 })]);
  });
  afterAll(async () => {
    await Promise.all([dovecot?.stop(), noApop?.stop()]);
  });

  it('POP3S: verified against the generated CA, serving the generated leaf; CAPA parsed (PIPELINING, UIDL, TOP, SASL)', async () => {
    const client = await Pop3Client.connect(tlsOptions());
    try {
      expect(client.greeting).toMatch(/^\+OK Dovecot \(Debian\) ready\. <[^>]+@[^>]+>$/);
      expect(client.tls).toMatchObject({ authorized: true, pinned: false, fingerprint256: dovecot.pki.leaf.fingerprint256 });
      expect(client.tls?.protocol).toBe('TLSv1.3');
      expect(client.capabilities).toMatchObject({
        pipelining: true, uidl: true, top: true, user: true, stls: false, respCodes: true, authRespCode: true,
        sasl: ['PLAIN', 'LOGIN', 'CRAM-MD5'],
      });
      expect(client.capabilities.raw).toEqual(['CAPA', 'TOP', 'UIDL', 'RESP-CODES', 'PIPELINING', 'AUTH-RESP-CODE', 'USER', 'SASL PLAIN LOGIN CRAM-MD5']);
      await client.login(creds('user'));
      expect(await client.stat()).toEqual({ count: 2, size: expect.any(Number) });
      await client.quit();
    } finally {
      client.destroy();
    }
  });

  it('STLS on the plain port: upgrades, verifies the leaf, and asks CAPA again (no STLS after the upgrade)', async () => {
    const lines: TranscriptLine[] = [];
    const client = await Pop3Client.connect(tlsOptions({ port: dovecot.pop3Port, security: 'starttls', transcript: (l) => lines.push(l) }));
    try {
      expect(client.tls).toMatchObject({ authorized: true, pinned: false, fingerprint256: dovecot.pki.leaf.fingerprint256 });
      expect(client.capabilities.stls).toBe(false);
      expect(client.capabilities.user).toBe(true);
      expect(lines.filter((l) => l.dir === 'C').map((l) => l.text)).toEqual(['CAPA', 'STLS', 'CAPA']);
      await client.login(creds('plain'));
      await client.quit();
    } finally {
      client.destroy();
    }
    // The password never reaches the transcript.
    expect(JSON.stringify(lines)).not.toContain(PASSWORD);
    expect(JSON.stringify(lines)).not.toContain(Buffer.from(`\0alice\0${PASSWORD}`).toString('base64'));
  });

  it('POP3S without the test CA is refused with ECERT carrying the leaf fingerprint, before any credential is sent', async () => {
    const lines: string[] = [];
    const error = await failure(Pop3Client.connect(tlsOptions({ ca: undefined, transcript: (l) => lines.push(`${l.dir} ${l.text}`) })));
    expect(error.code).toBe('ECERT');
    expect(error.detail?.fingerprint256).toBe(dovecot.pki.leaf.fingerprint256);
    expect(lines).toEqual([]);
  });

  it('STLS without the test CA is refused with ECERT after the upgrade attempt', async () => {
    const error = await failure(Pop3Client.connect(tlsOptions({ port: dovecot.pop3Port, security: 'starttls', ca: undefined })));
    expect(error.code).toBe('ECERT');
    expect(error.detail?.fingerprint256).toBe(dovecot.pki.leaf.fingerprint256);
  });

  it('a host name the certificate does not cover is ECERT even with the CA trusted', async () => {
    const error = await failure(Pop3Client.connect(tlsOptions({ servername: 'mail.example.com' })));
    expect(error.code).toBe('ECERT');
  });

  it('an unverifiable leaf is accepted only when its fingerprint is pinned (and a wrong pin is still ECERT)', async () => {
    const client = await Pop3Client.connect(tlsOptions({ ca: undefined, pinnedCert: dovecot.pki.leaf.fingerprint256 }));
    expect(client.tls).toMatchObject({ authorized: false, pinned: true, fingerprint256: dovecot.pki.leaf.fingerprint256 });
    await client.login(creds('user'));
    await client.quit();
    const error = await failure(Pop3Client.connect(tlsOptions({ ca: undefined, pinnedCert: dovecot.pki.selfSigned.fingerprint256 })));
    expect(error.code).toBe('ECERT');
  });

  for (const method of ['user', 'plain', 'login', 'cram-md5', 'apop'] as const) {
    it(`logs in with ${method} and sees the mailbox`, async () => {
      const session = await openSession({ ...tlsOptions(), credentials: creds(method) });
      try {
        expect(session.count).toBe(2);
        expect(session.messages.map((m) => m.msg)).toEqual([1, 2]);
        for (const m of session.messages) expect(m.uid).toMatch(/^[0-9a-f]{16}$/);
        await session.client.quit();
      } finally {
        session.client.destroy();
      }
    });

    it(`a wrong password with ${method} is EAUTH quoting Dovecot's words`, async () => {
      const error = await failure(openSession({ ...tlsOptions(), credentials: creds(method, 'wrong password') }));
      expect(error.code).toBe('EAUTH');
      expect(error.retryable).toBe(false);
      expect(error.message).toContain('-ERR [AUTH] Authentication failed.');
      expect(error.detail?.response).toBe('-ERR [AUTH] Authentication failed.');
    });
  }

  it('APOP against a server whose greeting has no timestamp is EUNSUPPORTED, nothing sent', async () => {
    const lines: string[] = [];
    const client = await Pop3Client.connect({ ...tlsOptions({ port: noApop.pop3sPort, ca: noApop.ca }), transcript: (l) => lines.push(`${l.dir} ${l.text}`) });
    try {
      expect(client.greeting).toBe('+OK Dovecot (Debian) ready.');
      const error = await failure(client.login(creds('apop')));
      expect(error.code).toBe('EUNSUPPORTED');
      expect(lines.filter((l) => l.startsWith('C ')).map((l) => l.split(' ')[1])).toEqual(['CAPA']);
    } finally {
      client.destroy();
    }
  });

  it('no TLS: Heron refuses to send a plaintext password unless the account allows it (ETLS), and sends nothing', async () => {
    const lines: string[] = [];
    const client = await Pop3Client.connect({ host: '127.0.0.1', port: dovecot.pop3Port, security: 'none', transcript: (l) => lines.push(`${l.dir} ${l.text}`) });
    try {
      expect(client.tls).toBeNull();
      const error = await failure(client.login(creds('user')));
      expect(error.code).toBe('ETLS');
      expect(lines.filter((l) => l.startsWith('C '))).toEqual(['C CAPA']);
    } finally {
      client.destroy();
    }
  });

  it('from 127.0.0.2 (not "secure" to Dovecot) USER and PLAIN are hidden, so Heron does not try them; CRAM-MD5 still works', async () => {
    const plainFrom2 = { host: '127.0.0.1', port: dovecot.pop3Port, security: 'none' as const, localAddress: '127.0.0.2' };
    const client = await Pop3Client.connect(plainFrom2);
    try {
      expect(client.capabilities.user).toBe(false);
      expect(client.capabilities.sasl).toEqual(['CRAM-MD5']);
      const error = await failure(client.login({ ...creds('user'), allowPlaintextPassword: true }));
      expect(error.code).toBe('EUNSUPPORTED');
    } finally {
      client.destroy();
    }
    const session = await openSession({ ...plainFrom2, credentials: creds('cram-md5') });
    expect(session.count).toBe(2);
    await session.client.quit();
  });

  it('PIPELINING: openSession sends STAT, LIST and UIDL before reading the first answer', async () => {
    const lines: TranscriptLine[] = [];
    const session = await openSession({ ...tlsOptions(), credentials: creds('user'), transcript: (l) => lines.push(l) });
    await session.client.quit();
    const stat = lines.findIndex((l) => l.dir === 'C' && l.text === 'STAT');
    expect(stat).toBeGreaterThan(0);
    expect(lines.slice(stat, stat + 3)).toEqual([
      { dir: 'C', text: 'STAT' },
      { dir: 'C', text: 'LIST' },
      { dir: 'C', text: 'UIDL' },
    ]);
  });
});
