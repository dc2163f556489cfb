/**
 * POP3 login methods: USER/PASS (RFC 1939 §7), APOP (RFC 1939 §7, RFC 1734 era), and SASL AUTH
 * (RFC 5034) with PLAIN (RFC 4616), LOGIN, CRAM-MD5 (RFC 2195) and XOAUTH2 (Google/Microsoft).
 * The method the account names is the method used: if the server does not offer it, login fails
 * with EUNSUPPORTED — never a quiet fall back to something weaker.
 */
import { createHash, createHmac } from 'node:crypto';
import { HeronError } from '../../../shared/ipc/result';
import type { Pop3Capabilities } from './capabilities';
import type { CommandSpec, Reply } from './connection';
import { errorFromReply } from './errors';
import { capText } from './parser';

export interface Pop3Credentials {
  method: 'user' | 'apop' | 'plain' | 'login' | 'cram-md5' | 'xoauth2';
  username: string;
  password?: string;
  token?: string;
  allowPlaintextPassword?: boolean;
}

export interface AuthContext {
  readonly host: string;
  readonly greeting: string;
  readonly capabilities: Pop3Capabilities;
  /** Whether CAPA answered at all: a server without CAPA cannot advertise USER, so USER is tried. */
  readonly capaKnown: boolean;
  readonly encrypted: boolean;
  readonly signal: AbortSignal | undefined;
  readonly send: (spec: CommandSpec) => Promise<Reply>;
}

const METHODS = new Set(['user', 'apop', 'plain', 'login', 'cram-md5', 'xoauth2']);

/** Checked before any connection is made: CR, LF or NUL in a value would inject protocol lines. */
export function validateCredentials(c: Pop3Credentials): void {
  const bad = (field: string, why: string) =>
    new HeronError('EINVALID', `The ${field} ${why}.`, { detail: { field } });
  if (!METHODS.has(c.method)) throw bad('login method', `"${capText(String(c.method), 40)}" is not one Heron knows`);
  if (typeof c.username !== 'string' || c.username === '') throw bad('user name', 'is empty');
  for (const [field, value] of [['user name', c.username], ['password', c.password], ['token', c.token]] as const) {
    if (value !== undefined && /[\r\n\0]/.test(value)) throw bad(field, 'contains a line break or NUL character, which POP3 cannot carry');
  }
  if (c.method === 'xoauth2') {
    if (!c.token) throw bad('token', 'is missing (XOAUTH2 needs an access token)');
  } else if (!c.password) throw bad('password', 'is missing');
  if (c.method === 'user' && c.username.includes(' ')) throw bad('user name', 'contains a space, which USER cannot carry');
}

/** Methods that put the password (or a bearer token) on the wire in a form anyone can replay. */
function sendsSecretInClear(method: Pop3Credentials['method']): boolean {
  return method === 'user' || method === 'plain' || method === 'login' || method === 'xoauth2';
}

export async function authenticate(ctx: AuthContext, c: Pop3Credentials): Promise<void> {
  validateCredentials(c);
  const { host } = ctx;
  if (!ctx.encrypted && sendsSecretInClear(c.method) && c.allowPlaintextPassword !== true) {
    throw new HeronError('ETLS', `Heron refused to send your password unencrypted to ${host}: the connection has no TLS.`, {
      detail: { host, method: c.method },
    });
  }
  const unsupported = (what: string) =>
    new HeronError('EUNSUPPORTED', `${host} does not offer ${what}, the login method this account uses.`, {
      detail: { host, method: c.method, offered: ctx.capabilities.sasl.join(' ') },
    });
  const step = async (line: string, allowContinue = false): Promise<Reply> =>
    ctx.send({ line, allowContinue, signal: ctx.signal });
  const expectOk = (reply: Reply, command: string) => {
    if (reply.status.kind === 'err') throw errorFromReply(host, command, reply.status, true);
    if (reply.status.kind !== 'ok') {
      throw new HeronError('EPROTOCOL', `${host} answered ${command} with an unexpected continuation (POP3: ${capText(reply.status.line)}).`, {
        detail: { host, command, response: capText(reply.status.line) },
      });
    }
  };
  const password = c.password ?? '';
  const b64 = (s: string) => Buffer.from(s, 'utf8').toString('base64');

  switch (c.method) {
    case 'user': {
      if (ctx.capaKnown && !ctx.capabilities.user) throw unsupported('USER/PASS');
      expectOk(await step(`USER ${c.username}`), 'USER');
      expectOk(await step(`PASS ${password}`), 'PASS');
      return;
    }
    case 'apop': {
      // RFC 1939 §7: the digest covers the timestamp from the greeting, `<…@…>`.
      const stamp = apopTimestamp(ctx.greeting);
      if (!stamp) throw unsupported('APOP (its greeting has no timestamp)');
      const digest = createHash('md5').update(stamp + password, 'utf8').digest('hex');
      expectOk(await step(`APOP ${c.username} ${digest}`), 'APOP');
      return;
    }
    case 'plain': {
      if (!ctx.capabilities.sasl.includes('PLAIN')) throw unsupported('SASL PLAIN');
      // RFC 4616: authzid NUL authcid NUL password; RFC 5034 §4 allows it as the initial response.
      const reply = await step(`AUTH PLAIN ${b64(`\0${c.username}\0${password}`)}`, true);
      await finishSasl(reply, 'AUTH PLAIN');
      return;
    }
    case 'login': {
      if (!ctx.capabilities.sasl.includes('LOGIN')) throw unsupported('SASL LOGIN');
      let reply = await step('AUTH LOGIN', true);
      if (reply.status.kind === 'continue') reply = await step(b64(c.username), true);
      if (reply.status.kind === 'continue') reply = await step(b64(password), true);
      await finishSasl(reply, 'AUTH LOGIN');
      return;
    }
    case 'cram-md5': {
      if (!ctx.capabilities.sasl.includes('CRAM-MD5')) throw unsupported('SASL CRAM-MD5');
      let reply = await step('AUTH CRAM-MD5', true);
      if (reply.status.kind === 'continue') {
        const challenge = Buffer.from(reply.status.text, 'base64');
        const mac = createHmac('md5', password).update(challenge).digest('hex');
        reply = await step(b64(`${c.username} ${mac}`), true);
      }
      await finishSasl(reply, 'AUTH CRAM-MD5');
      return;
    }
    case 'xoauth2': {
      if (!ctx.capabilities.sasl.includes('XOAUTH2')) throw unsupported('SASL XOAUTH2');
      const reply = await step(`AUTH XOAUTH2 ${b64(`user=${c.username}\x01auth=Bearer ${c.token ?? ''}\x01\x01`)}`, true);
      await finishSasl(reply, 'AUTH XOAUTH2');
      return;
    }
  }

  /** A SASL exchange ends in +OK or -ERR; a challenge now means the server wants more than we have. */
  async function finishSasl(reply: Reply, command: string): Promise<void> {
    if (reply.status.kind === 'continue') {
      // XOAUTH2 sends its error as a challenge; RFC 5034 §4: answer `*` to cancel, then the -ERR follows.
      const failure = await step('*', true);
      if (failure.status.kind === 'err') throw errorFromReply(host, command, failure.status, true);
      throw new HeronError('EAUTH', `${host} did not accept the ${command.slice(5)} login (POP3: ${capText(reply.status.line)}).`, {
        detail: { host, command, response: capText(reply.status.line) },
      });
    }
    expectOk(reply, command);
  }
}

/**
 * RFC 1939 §7: the APOP timestamp, the first `<…@…>` of the greeting (no `<`, `>` or white space
 * inside, something on both sides of an `@`). One pass: a run that cannot be a timestamp is
 * skipped whole, so a hostile greeting costs its length, not its length squared.
 */
const WHITE = /\s/;

export function apopTimestamp(greeting: string): string | null {
  let start = greeting.indexOf('<');
  while (start !== -1) {
    let at = -1; // the first `@` with something before it
    let i = start + 1;
    for (; i < greeting.length; i += 1) {
      const c = greeting.charCodeAt(i);
      if (c === 0x3c || c === 0x3e || c === 0x20 || (c >= 0x09 && c <= 0x0d) || (c > 0x7f && WHITE.test(greeting.charAt(i)))) break;
      if (c === 0x40 && at === -1 && i > start + 1) at = i;
    }
    if (greeting.charCodeAt(i) === 0x3e && at !== -1 && at < i - 1) return greeting.slice(start, i + 1);
    start = greeting.indexOf('<', i);
  }
  return null;
}
