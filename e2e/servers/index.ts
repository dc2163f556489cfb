/**
 * Real mail servers on loopback for tests and benchmarks. One instance per test file:
 *
 *   const servers = await startMailServers({ users: [{ name: 'alice', password: 'secret' }] });
 *   // servers.dovecot.pop3sPort, servers.postfix.submissionPort, servers.dovecot.ca …
 *   await servers.stop();
 *
 * With `oauth2: true` an OAuth2 authorization server runs beside them (servers.oauth) and Dovecot —
 * and Postfix, whose SASL is Dovecot's — accept its bearer tokens over XOAUTH2 and OAUTHBEARER.
 *
 * Set HERON_KEEP_STATE=1 to keep a stopped instance's state dir (configs, logs, Maildirs) for debugging.
 */
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { startAuthorizationServer, type AuthorizationServer, type AuthorizationServerOptions } from '../../electron/core/oauth/testing/authorization-server';
import { makeTestPki } from './certs';
import { startDovecot, type DovecotInstance, type DovecotOptions } from './dovecot';
import { startPostfix, type PostfixInstance } from './postfix';

export { makeTestPki, type CertFiles, type TestPki } from './certs';
export { dovecotAvailable, mpopAvailable, postfixAvailable, type Availability } from './availability';
export { MAIL_GID, MAIL_UID, startDovecot, type DovecotInstance, type DovecotOptions, type MailUser, type MaildirEntry } from './dovecot';
export { TEST_DOMAIN, startPostfix, type PostfixInstance, type PostfixOptions } from './postfix';
export { processesMatching, readGreeting } from './support';
export type { AuthorizationServer } from '../../electron/core/oauth/testing/authorization-server';

export interface MailServers {
  readonly dovecot: DovecotInstance;
  readonly postfix: PostfixInstance;
  /** The OAuth2 authorization server whose tokens both servers accept (with `oauth2`), else null. */
  readonly oauth: AuthorizationServer | null;
  stop(): Promise<void>;
}

export interface MailServersOptions extends Omit<DovecotOptions, 'oauth2'> {
  readonly messageSizeLimit?: number;
  /** Run an authorization server on loopback and accept its tokens (true, or its options). */
  readonly oauth2?: boolean | Pick<AuthorizationServerOptions, 'accessTokenSeconds' | 'clientSecret' | 'rotateRefreshTokens'>;
}

/** Dovecot, then Postfix delivering into it; if Postfix fails, Dovecot is stopped before the error propagates. */
export async function startMailServers(options: MailServersOptions): Promise<MailServers> {
  let oauth: AuthorizationServer | null = null;
  let pkiDir: string | null = null;
  const { oauth2, messageSizeLimit, ...rest } = options;
  const dovecotOptions: DovecotOptions = { ...rest };
  if (oauth2) {
    // One PKI for all three, so the authorization server's certificate is one Dovecot and Heron trust.
    let pki = options.pki;
    if (!pki) {
      pkiDir = await mkdtemp(path.join(os.tmpdir(), 'heron-oauth-pki-'));
      // Dovecot's auth process (not root) reads the CA to verify the introspection endpoint.
      await chmod(pkiDir, 0o755);
      pki = await makeTestPki(pkiDir);
    }
    oauth = await startAuthorizationServer({ cert: pki.leaf.certPem, key: pki.leaf.keyPem, users: options.users, ...(oauth2 === true ? {} : oauth2) });
    Object.assign(dovecotOptions, { pki, oauth2: { introspectionUrl: oauth.introspectionEndpoint } });
  }
  const cleanUp = async () => {
    await oauth?.close();
    if (pkiDir) await rm(pkiDir, { recursive: true, force: true });
  };
  let dovecot: DovecotInstance;
  try {
    dovecot = await startDovecot(dovecotOptions);
  } catch (error) {
    await cleanUp();
    throw error;
  }
  let postfix: PostfixInstance;
  try {
    postfix = await startPostfix({ dovecot, ...(messageSizeLimit === undefined ? {} : { messageSizeLimit }) });
  } catch (error) {
    await dovecot.stop();
    await cleanUp();
    throw error;
  }
  return {
    dovecot,
    postfix,
    oauth,
    async stop() {
      try {
        await postfix.stop();
      } finally {
        try {
          await dovecot.stop();
        } finally {
          await cleanUp();
        }
      }
    },
  };
}
