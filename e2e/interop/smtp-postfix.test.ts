/**
 * Heron's SMTP engine against a real Postfix (SASL through Dovecot, delivering into Dovecot's
 * Maildirs): STARTTLS and implicit TLS verified against the test CA, the password never in the
 * transcript, Postfix's own refusal words, and an outbox that waits out a dead server and then
 * delivers every message exactly once.
 */
import { readFile } from 'node:fs/promises';
import net, { type AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OutboxItem } from '../../shared/model/draft';
import { applyOutcome, dueItems, markSending, sendNow } from '../../shared/model/outbox';
import type { TranscriptLine } from '../../electron/core/log/redact';
import { sendQueue, type SmtpClientOptions, type SmtpServer } from '../../electron/core/smtp/client';
import { buildMessage } from '../../electron/core/smtp/compose';
import { draftOf } from '../../electron/core/smtp/test-support';
import { dovecotAvailable, postfixAvailable, startDovecot, startPostfix, type DovecotInstance, type PostfixInstance } from '../servers';

const PASSWORD = 'sm7p-pässword "quoted" \\';
const USERS = ['alice', 'bob', 'carol', 'dave'].map((name) => ({ name, password: PASSWORD }));
const available = dovecotAvailable.available && postfixAvailable.available;
const reason = [dovecotAvailable.reason, postfixAvailable.reason].filter(Boolean).join('; ');

/** The messages in a user's Maildir, leaving out the files named in `except` (delivered earlier). */
async function delivered(dovecot: DovecotInstance, user: string, except: ReadonlySet<string> = new Set()): Promise<string[]> {
  const entries = (await dovecot.listMaildir(user)).filter((e) => !except.has(e.path));
  return Promise.all(entries.map((e) => readFile(e.path, 'latin1')));
}

/**
 * The "server is down" case on a port this test keeps: connections are closed before any greeting
 * (a freed port could be taken by another process's listener between close and connect).
 */
async function deadServer(): Promise<{ port: number; close: () => Promise<void> }> {
  const s = net.createServer((socket) => socket.destroy());
  await new Promise<void>((resolve) => s.listen(0, '127.0.0.1', resolve));
  return { port: (s.address() as AddressInfo).port, close: () => new Promise<void>((resolve) => s.close(() => resolve())) };
}

describe.skipIf(!available)(available ? 'SMTP engine against real Postfix' : `SMTP engine against real Postfix (skipped: ${reason})`, () => {
  let dovecot: DovecotInstance;
  let postfix: PostfixInstance;
  const transcript: TranscriptLine[] = [];

  const options = (server: Partial<SmtpServer>, secret = PASSWORD): SmtpClientOptions => ({
    server: { host: '127.0.0.1', port: postfix.submissionPort, security: 'starttls', username: 'alice', auth: 'plain', ...server },
    secret,
    ca: dovecot.ca,
    transcript: (l) => transcript.push(l),
    timeouts: { connect: 5000, greeting: 10_000, socket: 20_000 },
  });
  const addr = (user: string) => `${user}@test.domain`;

  beforeAll(async () => {
    dovecot = await startDovecot({ users: USERS });
    postfix = await startPostfix({ dovecot });
  }, 60_000);
  afterAll(async () => {
    await postfix?.stop();
    await dovecot?.stop();
  });

  it('STARTTLS + AUTH PLAIN: delivered byte for byte (after Postfix’s trace headers), Bcc only in the envelope', async () => {
    const built = await buildMessage(
      draftOf({
        from: { name: 'Alice', address: addr('alice') },
        to: [{ name: 'Bob', address: addr('bob') }],
        bcc: [{ name: '', address: addr('carol') }],
        subject: 'Über STARTTLS',
        text: 'line one\n.\n..\nlast',
      }),
      [],
    );
    const [o] = await sendQueue(options({}), [{ id: 'p1', ...built }]);
    expect([o?.status, o?.error]).toEqual(['sent', null]);
    expect(o?.response).toMatch(/^250 2\.0\.0 Ok: queued as /);
    await postfix.waitForEmptyQueue(15_000);
    const body = Buffer.from(built.raw).toString('latin1').replace(/\r\n/g, '\n');
    for (const user of ['bob', 'carol']) {
      const files = await delivered(dovecot, user);
      expect(files).toHaveLength(1);
      expect(files[0]?.endsWith(body)).toBe(true);
      expect(files[0]).not.toMatch(/^Bcc:/im);
    }
    const text = transcript.map((l) => l.text).join('\n');
    expect(text).toContain('AUTH PLAIN ****');
    expect(text).not.toContain(Buffer.from(`\0alice\0${PASSWORD}`).toString('base64'));
    expect(text).not.toContain(PASSWORD);
  });

  it('implicit TLS + AUTH LOGIN; one unknown recipient → sent, with Postfix’s words for that recipient', async () => {
    const built = await buildMessage(
      draftOf({ from: { name: '', address: addr('alice') }, to: [{ name: '', address: addr('dave') }, { name: '', address: addr('nobody') }] }),
      [],
    );
    const [o] = await sendQueue(options({ port: postfix.submissionsPort, security: 'tls', auth: 'login' }), [{ id: 'p2', ...built }]);
    expect(o?.status).toBe('sent');
    expect(o?.perRecipient[0]).toEqual({ address: addr('dave'), accepted: true });
    expect(o?.perRecipient[1]).toMatchObject({ address: addr('nobody'), accepted: false, temporary: false });
    expect(o?.perRecipient[1]?.reason).toMatch(/^No such mailbox: nobody@test\.domain \(SMTP: 550 5\.1\.1 .*User unknown/);
    await postfix.waitForEmptyQueue(15_000);
    expect(await delivered(dovecot, 'dave')).toHaveLength(1);
  });

  it('a wrong password: EAUTH quoting Postfix, nothing delivered', async () => {
    const built = await buildMessage(draftOf({ from: { name: '', address: addr('alice') }, to: [{ name: '', address: addr('dave') }] }), []);
    const [o] = await sendQueue(options({}, 'wrong'), [{ id: 'p3', ...built }]);
    expect([o?.status, o?.error?.code, o?.attempted]).toEqual(['failed', 'EAUTH', false]);
    expect(o?.error?.message).toMatch(/^The server rejected the password for alice \(SMTP: 535 5\.7\.8 Error: authentication failed/);
  });

  it('outbox: three messages queued while the server is down wait, then go out exactly once when it is back', async () => {
    const down = await deadServer();
    let items: OutboxItem[] = [];
    for (const n of [1, 2, 3]) {
      const built = await buildMessage(
        draftOf({ from: { name: '', address: addr('alice') }, to: [{ name: '', address: addr('bob') }], subject: `queued ${n}` }),
        [],
      );
      items.push({ id: `q${n}`, accountId: 'a1', ...built, status: 'queued', attempts: 0, nextAttemptAt: 0, lastError: null, perRecipient: [] });
    }
    // Earlier tests' mail, by file: Maildir names sort by the second only, so new files are not
    // always listed after old ones.
    const before = new Set((await dovecot.listMaildir('bob')).map((e) => e.path));
    // One outbox pass: send what is due with the given server, apply the outcomes.
    const pass = async (port: number, now: number) => {
      const due = dueItems(items, now).map(markSending);
      const outcomes = await sendQueue(options({ port }), due);
      items = items.map((i) => {
        const o = outcomes.find((x) => x.id === i.id);
        return o ? applyOutcome(i, o, now, () => 0) : i;
      });
      return outcomes.length;
    };
    expect(await pass(down.port, 1000)).toBe(3);
    await down.close();
    expect(items.map((i) => [i.status, i.attempts, i.nextAttemptAt, i.lastError?.code])).toEqual([
      ['waiting-retry', 0, 61_000, 'ECONNECTION'], ['waiting-retry', 0, 61_000, 'ECONNECTION'], ['waiting-retry', 0, 61_000, 'ECONNECTION'],
    ]);
    expect(await pass(postfix.submissionPort, 2000)).toBe(0); // not due yet
    items = sendNow(items, 3000); // the network came back
    expect(await pass(postfix.submissionPort, 3000)).toBe(3);
    expect(items.map((i) => [i.status, i.lastError?.message ?? null])).toEqual([['sent', null], ['sent', null], ['sent', null]]);
    expect(await pass(postfix.submissionPort, 10_000_000)).toBe(0); // nothing is ever sent twice
    await postfix.waitForEmptyQueue(15_000);
    const files = await delivered(dovecot, 'bob', before);
    const ids = files.map((f) => /^Message-ID: <([^>]+)>/im.exec(f)?.[1]).sort();
    expect(ids).toEqual(items.map((i) => i.messageId).sort());
  });
});
