/**
 * Servers that throw a password back at the client, for the no-secret-leak test: a POP3 and an
 * SMTP server that quote the password (plain, and as the client encoded it) in their error
 * replies, during login and after it. Whatever Heron does with a server's words (errors, reports,
 * outcomes, logs), the password must not come out. Test-only.
 */
import type { FakeHandler } from '../../../core/pop3/testing/fake-server';
import type { Reply, Script } from '../../../core/smtp/test-support';

const b64 = (s: string) => Buffer.from(s, 'utf8').toString('base64');

export type Pop3Echo = 'refuse-pass' | 'refuse-auth-plain' | 'refuse-auth-login' | 'accept-then-echo';

/** Overrides for the fake POP3 server (electron/core/pop3/testing) that echo `password`. */
export function echoingPop3(kind: Pop3Echo, password: string): Partial<Record<string, FakeHandler>> {
  switch (kind) {
    case 'refuse-pass':
      return { PASS: (s, args) => s.reply(`-ERR [AUTH] Login failed: user alice, password ${args.join(' ')} (${password})`) };
    case 'refuse-auth-plain':
      return {
        AUTH: async (s, args) => {
          const response = args[1] ?? (s.reply('+ '), await s.readLine()) ?? '';
          s.reply(`-ERR [AUTH] Invalid credentials ${response} = ${password}`);
        },
      };
    case 'refuse-auth-login':
      return {
        AUTH: async (s) => {
          s.reply(`+ ${b64('Username:')}`);
          const user = (await s.readLine()) ?? '';
          s.reply(`+ ${b64('Password:')}`);
          const pass = (await s.readLine()) ?? '';
          s.reply(`-ERR [AUTH] ${user} ${pass} rejected (${password}, ${Buffer.from(password).toString('hex')})`);
        },
      };
    case 'accept-then-echo':
      return {
        RETR: async (s, args) => {
          if (args[0] === '1') return s.next();
          s.reply(`-ERR [SYS/PERM] message ${args[0]} is locked by ${password} (${b64(`\0alice\0${password}`)})`);
        },
      };
  }
}

export type SmtpEcho = 'refuse-auth' | 'accept-then-echo';

/** A script for the scripted SMTP server (electron/core/smtp/test-support.ts) that echoes `password`. */
export function echoingSmtp(kind: SmtpEcho, password: string): Script {
  const echo = `${password} ${b64(password)} ${b64(`\0alice\0${password}`)}`;
  // AUTH LOGIN's steps: which line is the answer to which prompt.
  const login = new WeakMap<object, 'user' | 'pass'>();
  const onLine = (line: string, session: object): Reply | undefined => {
    const step = login.get(session);
    if (step === 'user') {
      login.set(session, 'pass');
      return `334 ${b64('Password:')}`;
    }
    if (step === 'pass') {
      login.delete(session);
      return kind === 'refuse-auth' ? `535 5.7.8 Authentication failed for ${line} (${echo})` : '235 2.7.0 Authentication successful';
    }
    const [verb = '', mech = '', initial] = line.split(' ');
    if (verb.toUpperCase() === 'EHLO') return `250-localhost greets you, ${password}\r\n250-PIPELINING\r\n250-8BITMIME\r\n250 AUTH PLAIN LOGIN`;
    if (verb.toUpperCase() !== 'AUTH') return undefined;
    if (mech.toUpperCase() === 'LOGIN') {
      login.set(session, 'user');
      return `334 ${b64('Username:')}`;
    }
    if (initial === undefined) return undefined;
    return kind === 'refuse-auth' ? `535 5.7.8 Authentication failed: ${initial} (${echo})` : '235 2.7.0 Authentication successful';
  };
  return {
    onLine,
    onData: () => `554 5.7.1 Message refused: sender ${echo}`,
    // The connection is in clear (security 'none'); no STARTTLS is offered or used.
    tls: { key: '', cert: '' },
  };
}
