/**
 * The fake server's built-in commands, one layer per RFC: RFC 1939 (USER/PASS/APOP, transaction
 * commands, QUIT/UPDATE), RFC 2449 (CAPA), RFC 2595 (STLS), RFC 5034 (AUTH) with its mechanisms.
 */
import { createHash, createHmac } from 'node:crypto';
import type { FakeHandler, FakeSession } from './fake-server';

type Handlers = Record<string, FakeHandler>;

const b64 = (s: string) => Buffer.from(s, 'utf8').toString('base64');
const unb64 = (s: string) => Buffer.from(s, 'base64').toString('utf8');

function grant(s: FakeSession, user: string): void {
  s.user = user;
  s.state = 'TRANSACTION';
  s.view = [...s.server.mailbox];
  s.reply(`+OK ${user}'s maildrop has ${s.view.length} messages`);
}

function refuse(s: FakeSession): void {
  s.reply('-ERR [AUTH] Authentication failed.');
}

function inAuthorization(s: FakeSession): boolean {
  if (s.state === 'AUTHORIZATION') return true;
  s.reply('-ERR Already logged in');
  return false;
}

const pendingUser = new WeakMap<FakeSession, string>();

export const commonAuthHandlers: Handlers = {
  CAPA(s) {
    if (s.server.options.capabilities?.capa === false) return s.reply('-ERR Unknown command');
    s.reply('+OK Capability list follows');
    for (const line of s.server.capabilityLines(s)) s.reply(line);
    s.reply('.');
  },
  STLS(s) {
    const offered = s.server.options.capabilities?.stls ?? s.server.options.tls?.mode === 'starttls';
    if (!offered || s.secure || !s.server.options.tls) return s.reply('-ERR STLS not available');
    s.reply('+OK Begin TLS negotiation now.');
    s.upgradeTls();
  },
  USER(s, args) {
    if (!inAuthorization(s)) return;
    if (s.server.options.capabilities?.user === false) return s.reply('-ERR Unknown command');
    pendingUser.set(s, args.join(' '));
    s.reply('+OK');
  },
  PASS(s, args) {
    if (!inAuthorization(s)) return;
    const user = pendingUser.get(s);
    if (user === undefined) return s.reply('-ERR No USER given');
    const password = args.join(' ');
    if (s.server.users[user]?.password === password) grant(s, user);
    else refuse(s);
  },
  APOP(s, args) {
    if (!inAuthorization(s)) return;
    const [user = '', digest = ''] = args;
    // The server's own timestamp is the last `<…>` of its greeting (tests put hostile text before it).
    const open = s.server.greeting.lastIndexOf('<');
    const close = s.server.greeting.indexOf('>', open);
    const stamp = open === -1 || close === -1 ? '' : s.server.greeting.slice(open, close + 1);
    const password = s.server.users[user]?.password;
    const expected = password === undefined ? null : createHash('md5').update(stamp + password).digest('hex');
    if (stamp !== '' && expected === digest) grant(s, user);
    else refuse(s);
  },
  async AUTH(s, args) {
    if (!inAuthorization(s)) return;
    const mech = (args[0] ?? '').toUpperCase();
    const offered = s.server.options.capabilities?.sasl ?? ['PLAIN', 'LOGIN', 'CRAM-MD5', 'XOAUTH2'];
    if (!offered.includes(mech)) return s.reply('-ERR Unsupported authentication mechanism');
    const initial = args[1];
    // A `+ challenge` then the client's next line; `*` cancels (RFC 5034 §4).
    const ask = async (challenge: string): Promise<string | null> => {
      s.reply(`+ ${challenge}`);
      const line = await s.readLine();
      if (line === null || line === '*') {
        if (line === '*') s.reply('-ERR Authentication cancelled');
        return null;
      }
      return line;
    };
    if (mech === 'PLAIN') {
      const response = initial ?? (await ask(''));
      if (response === null) return;
      const [, user = '', password = ''] = unb64(response).split('\0');
      return s.server.users[user]?.password === password ? grant(s, user) : refuse(s);
    }
    if (mech === 'LOGIN') {
      const userLine = initial ?? (await ask(b64('Username:')));
      if (userLine === null) return;
      const passLine = await ask(b64('Password:'));
      if (passLine === null) return;
      const user = unb64(userLine);
      return s.server.users[user]?.password === unb64(passLine) ? grant(s, user) : refuse(s);
    }
    if (mech === 'CRAM-MD5') {
      const challenge = '<1896.697170952@fake.heron>';
      const response = await ask(b64(challenge));
      if (response === null) return;
      const [user = '', mac = ''] = unb64(response).split(' ');
      const password = s.server.users[user]?.password;
      const expected = password === undefined ? null : createHmac('md5', password).update(challenge).digest('hex');
      return expected === mac ? grant(s, user) : refuse(s);
    }
    if (mech === 'XOAUTH2') {
      const response = initial ?? (await ask(''));
      if (response === null) return;
      const m = /^user=([^\x01]*)\x01auth=Bearer ([^\x01]*)\x01\x01$/.exec(unb64(response));
      if (m && s.server.users[m[1] ?? '']?.token === m[2]) return grant(s, m[1] ?? '');
      // Google's behaviour: the error as a JSON challenge, then -ERR after the client's empty line.
      const answer = await ask(b64('{"status":"401","schemes":"bearer","scope":"https://mail.google.com/"}'));
      if (answer !== null) refuse(s);
      return;
    }
  },
  QUIT(s) {
    if (s.state === 'TRANSACTION') {
      // UPDATE state (RFC 1939 §6): only now do deletions take effect.
      s.state = 'UPDATE';
      const doomed = new Set([...s.deleted].map((n) => s.view[n - 1]?.uid));
      for (const uid of doomed) if (uid !== undefined) s.record.deletedAtQuit.push(uid);
      s.server.deleted.push(...s.record.deletedAtQuit);
      s.server.mailbox = s.server.mailbox.filter((m) => !doomed.has(m.uid));
    }
    s.reply('+OK Logging out.');
    s.close();
  },
  NOOP(s) {
    if (s.state !== 'TRANSACTION') return s.reply('-ERR Not logged in');
    s.reply('+OK');
  },
};

/** Resolves `n` to a live (not deleted) message number, or answers -ERR and returns null. */
function target(s: FakeSession, arg: string | undefined): number | null {
  const n = Number(arg);
  if (!Number.isInteger(n) || n < 1 || n > s.view.length || s.deleted.has(n)) {
    s.reply('-ERR There is no message ' + String(arg));
    return null;
  }
  return n;
}

function live(s: FakeSession): number[] {
  return s.view.map((_, i) => i + 1).filter((n) => !s.deleted.has(n));
}

export const transactionHandlers: Handlers = Object.fromEntries(
  Object.entries({
    STAT(s) {
      const nums = live(s);
      const size = nums.reduce((sum, n) => sum + (s.view[n - 1]?.size ?? 0), 0);
      s.reply(`+OK ${nums.length} ${size}`);
    },
    LIST(s, args) {
      if (args[0] !== undefined) {
        const n = target(s, args[0]);
        if (n !== null) s.reply(`+OK ${n} ${s.view[n - 1]?.size}`);
        return;
      }
      s.reply(`+OK ${live(s).length} messages`);
      s.write(live(s).map((n) => `${n} ${s.view[n - 1]?.size}\r\n`).join('') + '.\r\n');
    },
    UIDL(s, args) {
      if (s.server.options.capabilities?.uidl === false) return s.reply('-ERR Unknown command');
      if (args[0] !== undefined) {
        const n = target(s, args[0]);
        if (n !== null) s.reply(`+OK ${n} ${s.view[n - 1]?.uid}`);
        return;
      }
      s.reply('+OK');
      s.write(live(s).map((n) => `${n} ${s.view[n - 1]?.uid}\r\n`).join('') + '.\r\n');
    },
    async TOP(s, args) {
      if (s.server.options.capabilities?.top === false) return s.reply('-ERR Unknown command');
      const n = target(s, args[0]);
      const lines = Number(args[1]);
      if (n === null) return;
      if (!Number.isInteger(lines) || lines < 0) return s.reply('-ERR Bad line count');
      s.reply('+OK');
      await s.sendMessage(n, lines);
    },
    async RETR(s, args) {
      const n = target(s, args[0]);
      if (n === null) return;
      s.reply(`+OK ${s.view[n - 1]?.size} octets`);
      await s.sendMessage(n);
    },
    DELE(s, args) {
      const n = target(s, args[0]);
      if (n === null) return;
      s.deleted.add(n);
      s.reply(`+OK Message ${n} deleted`);
    },
    RSET(s) {
      s.deleted.clear();
      s.reply(`+OK ${s.view.length} messages`);
    },
  } as Handlers).map(([verb, handler]) => [
    verb,
    ((s, args, line) => {
      if (s.state !== 'TRANSACTION') return s.reply('-ERR Not logged in');
      return handler(s, args, line);
    }) satisfies FakeHandler,
  ]),
);

