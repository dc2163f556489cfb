/**
 * The in-process contenders of `npm run bench:pop3`, each run in its own child process (under
 * `/usr/bin/time -v` when present) so its peak RSS is its own. Prints one JSON line:
 * { messages, bytes, ms } — the time from before connecting to the last byte of the last message.
 *
 *   tsx scripts/bench/pop3-clients.ts <heron|bare|warm> <port> <user> <password> <expectedCount> <caFile>
 */
import { readFileSync } from 'node:fs';
import tls from 'node:tls';

interface Outcome {
  messages: number;
  bytes: number;
  ms: number;
}

const [mode, portText, user, password, countText, caFile] = process.argv.slice(2);
if (!mode || !portText || !user || !password || !countText || !caFile) {
  console.error('usage: pop3-clients.ts <heron|bare|warm> <port> <user> <password> <expectedCount> <caFile>');
  process.exit(2);
}
const port = Number(portText);
const expected = Number(countText);
const ca = readFileSync(caFile, 'utf8');
const HOST = '127.0.0.1';

/** Heron's engine as the fetcher uses it: openSession (STAT/LIST/UIDL), then retrieveMany pipelined. */
async function heron(): Promise<Outcome> {
  const { openSession } = await import('../../electron/core/pop3');
  const started = performance.now();
  const session = await openSession({
    host: HOST, port, security: 'tls', servername: 'localhost', ca,
    credentials: { method: 'user', username: user as string, password: password as string },
  });
  try {
    if (session.count !== expected) throw new Error(`mailbox has ${session.count} messages, expected ${expected}`);
    let messages = 0;
    let bytes = 0;
    for await (const { msg, data, problem } of session.client.retrieveMany(session.messages.map((m) => m.msg))) {
      if (data === null) throw new Error(`message ${msg}: ${problem.error.message}`);
      messages += 1;
      bytes += data.length;
    }
    const ms = performance.now() - started;
    await session.client.quit();
    return { messages, bytes, ms };
  } finally {
    session.client.destroy();
  }
}

/**
 * The practical limit: log in, send every RETR at once, count bytes until the last terminator.
 * No parsing beyond finding "\r\n.\r\n" (dot-stuffing guarantees it only ends a response).
 */
function bare(commandsAfterLogin: string, terminators: number): Promise<Outcome> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const socket = tls.connect({ host: HOST, port, ca, servername: 'localhost' });
    let bytes = 0;
    let seen = 0;
    let carry = Buffer.alloc(0);
    let checkedLogin = false;
    let head = '';
    socket.once('secureConnect', () => {
      socket.write(`USER ${user}\r\nPASS ${password}\r\n${commandsAfterLogin}`);
    });
    socket.on('data', (chunk: Buffer) => {
      bytes += chunk.length;
      if (!checkedLogin) {
        head += chunk.subarray(0, 512).toString('latin1');
        const lines = head.split('\r\n');
        if (lines.length >= 4) {
          checkedLogin = true;
          const bad = lines.slice(0, 3).find((l) => l.startsWith('-ERR'));
          if (bad) {
            socket.destroy();
            reject(new Error(`login failed: ${bad}`));
            return;
          }
        }
      }
      // A terminator split across reads: look only at the seam (no copy of the whole chunk).
      if (carry.length > 0) {
        const seam = Buffer.concat([carry, chunk.subarray(0, 4)]);
        for (let at = seam.indexOf(TERMINATOR); at !== -1 && at < carry.length; at = seam.indexOf(TERMINATOR, at + 1)) {
          if (at + TERMINATOR.length > carry.length) seen += 1;
        }
      }
      for (let at = chunk.indexOf(TERMINATOR); at !== -1; at = chunk.indexOf(TERMINATOR, at + 3)) seen += 1;
      const tail = chunk.length >= 4 ? chunk : Buffer.concat([carry, chunk]);
      carry = Buffer.from(tail.subarray(Math.max(0, tail.length - 4)));
      if (seen >= terminators) {
        const ms = performance.now() - started;
        socket.end('QUIT\r\n');
        socket.destroy();
        resolve({ messages: seen, bytes, ms });
      }
    });
    socket.on('error', reject);
    socket.on('close', () => reject(new Error(`connection closed after ${seen}/${terminators} messages`)));
  });
}
const TERMINATOR = Buffer.from('\r\n.\r\n');

async function main(): Promise<void> {
  let outcome: Outcome;
  if (mode === 'heron') outcome = await heron();
  else if (mode === 'bare') {
    let retrs = '';
    for (let msg = 1; msg <= expected; msg += 1) retrs += `RETR ${msg}\r\n`;
    outcome = await bare(retrs, expected);
  } else if (mode === 'warm') {
    // Builds Dovecot's uidlist and index once, so no contender pays for it.
    outcome = await bare('UIDL\r\n', 1);
  } else throw new Error(`unknown mode ${mode}`);
  process.stdout.write(`${JSON.stringify(outcome)}\n`);
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : String(error));
    process.exit(1);
  },
);
