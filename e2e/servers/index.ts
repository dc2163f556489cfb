/**
 * Real mail servers on loopback for tests and benchmarks. One instance per test file:
 *
 *   const servers = await startMailServers({ users: [{ name: 'alice', password: 'secret' }] });
 *   // servers.dovecot.pop3sPort, servers.postfix.submissionPort, servers.dovecot.ca …
 *   await servers.stop();
 *
 * Set HERON_KEEP_STATE=1 to keep a stopped instance's state dir (configs, logs, Maildirs) for debugging.
 */
import { startDovecot, type DovecotInstance, type DovecotOptions } from './dovecot';
import { startPostfix, type PostfixInstance } from './postfix';

export { makeTestPki, type CertFiles, type TestPki } from './certs';
export { dovecotAvailable, mpopAvailable, postfixAvailable, type Availability } from './availability';
export { MAIL_GID, MAIL_UID, startDovecot, type DovecotInstance, type DovecotOptions, type MailUser, type MaildirEntry } from './dovecot';
export { TEST_DOMAIN, startPostfix, type PostfixInstance, type PostfixOptions } from './postfix';
export { processesMatching, readGreeting } from './support';

export interface MailServers {
  readonly dovecot: DovecotInstance;
  readonly postfix: PostfixInstance;
  stop(): Promise<void>;
}

/** Dovecot, then Postfix delivering into it; if Postfix fails, Dovecot is stopped before the error propagates. */
export async function startMailServers(options: DovecotOptions & { messageSizeLimit?: number }): Promise<MailServers> {
  const dovecot = await startDovecot(options);
  let postfix: PostfixInstance;
  try {
    postfix = await startPostfix({ dovecot, ...(options.messageSizeLimit === undefined ? {} : { messageSizeLimit: options.messageSizeLimit }) });
  } catch (error) {
    await dovecot.stop();
    throw error;
  }
  return {
    dovecot,
    postfix,
    async stop() {
      try {
        await postfix.stop();
      } finally {
        await dovecot.stop();
      }
    },
  };
}
