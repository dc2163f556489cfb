/**
 * Bearer tokens on the real servers: Dovecot's oauth2 passdb asks the in-repo authorization
 * server (RFC 7662 introspection) about each token Heron's POP3 engine and SMTP client present
 * over XOAUTH2 — Postfix through Dovecot's SASL. A token the server no longer accepts is refused
 * as a login failure (EAUTH), which is what makes Heron refresh it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HeronError } from '../../shared/ipc/result';
import { startSignIn } from '../../electron/core/oauth/authorization';
import { playBrowser } from '../../electron/core/oauth/testing/browser';
import { targetFor } from '../../electron/core/oauth/types';
import type { TranscriptLine } from '../../electron/core/log/redact';
import { Pop3Client } from '../../electron/core/pop3/index';
import { sendQueue } from '../../electron/core/smtp/client';
import { buildMessage } from '../../electron/core/smtp/compose';
import { draftOf } from '../../electron/core/smtp/test-support';
import { dovecotAvailable, postfixAvailable, startMailServers, type MailServers } from '../servers';

const available = dovecotAvailable.available && postfixAvailable.available;
const reason = [dovecotAvailable.reason, postfixAvailable.reason].filter(Boolean).join('; ');
const USERS = [{ name: 'alice', password: 'alice-oauth-pw' }];

describe.skipIf(!available)(available ? 'XOAUTH2 against real Dovecot and Postfix' : `XOAUTH2 against real Dovecot and Postfix (skipped: ${reason})`, () => {
  let servers: MailServers;
  let accessToken = '';

  beforeAll(async () => {
    servers = await startMailServers({ users: USERS, oauth2: true });
    const oauth = servers.oauth!;
    const provider = oauth.provider(['localhost']);
    const attempt = await startSignIn(targetFor(provider, provider.registration!), { ca: [servers.dovecot.ca], who: 'alice@test.domain', loginHint: 'alice@test.domain', timeoutMs: 10_000 });
    await playBrowser(attempt.url, { ca: servers.dovecot.ca, login: 'alice@test.domain', password: 'alice-oauth-pw' });
    accessToken = (await attempt.result).accessToken;
  });
  afterAll(async () => {
    await servers?.stop();
  });

  async function pop3Login(token: string, transcript: TranscriptLine[] = []): Promise<number> {
    const client = await Pop3Client.connect({ host: 'localhost', port: servers.dovecot.pop3sPort, security: 'tls', ca: [servers.dovecot.ca], transcript: (l) => transcript.push(l) });
    try {
      await client.login({ method: 'xoauth2', username: 'alice@test.domain', token });
      const stat = await client.stat();
      await client.quit();
      return stat.count;
    } finally {
      client.destroy();
    }
  }

  async function send(token: string, subject: string) {
    const built = await buildMessage({ ...draftOf({ subject }), from: { name: 'Alice', address: 'alice@test.domain' }, to: [{ name: '', address: 'alice@test.domain' }] }, [], { smtpUtf8: false });
    const transcript: TranscriptLine[] = [];
    const [outcome] = await sendQueue(
      {
        server: { host: 'localhost', port: servers.postfix.submissionPort, security: 'starttls', username: 'alice@test.domain', auth: 'xoauth2' },
        secret: token,
        ca: servers.dovecot.ca,
        transcript: (l) => transcript.push(l),
      },
      [{ id: 'm1', raw: built.raw, envelope: built.envelope }],
    );
    return { outcome: outcome!, transcript };
  }

  it('POP3 logs in with the access token; the transcript shows AUTH XOAUTH2 without the token', async () => {
    const transcript: TranscriptLine[] = [];
    await servers.dovecot.seed('alice', [Buffer.from('Subject: one\r\n\r\nbody\r\n')]);
    expect(await pop3Login(accessToken, transcript)).toBe(1);
    const text = transcript.map((l) => l.text).join('\n');
    expect(text).toMatch(/^AUTH XOAUTH2 \*+$/m);
    expect(text).not.toContain(accessToken);
    expect(servers.oauth!.introspections.at(-1)).toEqual({ token: accessToken, active: true });
  });

  it('Postfix offers XOAUTH2 through Dovecot and takes a message with the token', async () => {
    const { outcome, transcript } = await send(accessToken, 'Sent with a bearer token');
    expect(outcome.status).toBe('sent');
    expect(transcript.map((l) => l.text).join('\n')).not.toContain(accessToken);
    await servers.postfix.waitForEmptyQueue();
  });

  it('a token the servers no longer accept is a login failure (EAUTH) on both', async () => {
    servers.oauth!.killAccessTokens('alice');
    const pop = await pop3Login(accessToken).then(
      () => null,
      (e: unknown) => e,
    );
    expect(pop).toBeInstanceOf(HeronError);
    expect((pop as HeronError).code).toBe('EAUTH');
    const { outcome } = await send(accessToken, 'never sent');
    expect(outcome).toMatchObject({ status: 'failed', attempted: false, error: { code: 'EAUTH' } });
  });

  it('the password is not a token, and a token is not a password', async () => {
    expect(((await pop3Login('alice-oauth-pw').catch((e: unknown) => e)) as HeronError).code).toBe('EAUTH');
    const client = await Pop3Client.connect({ host: 'localhost', port: servers.dovecot.pop3sPort, security: 'tls', ca: [servers.dovecot.ca] });
    const error = await client.login({ method: 'user', username: 'alice', password: accessToken }).catch((e: unknown) => e);
    client.destroy();
    expect((error as HeronError).code).toBe('EAUTH');
  });
});
