/**
 * Shared by the get-mail and reader specs: a real Dovecot with a hand-made mailbox of the kinds
 * of mail that break readers (plain, HTML with remote images, attachments with an inline image,
 * legacy charsets, malformed MIME), a counting HTTP server the remote images point at, and the
 * app opened over a stand-in that trusts Dovecot's test CA.
 */
import { chromium, expect, type LaunchOptions, type Page } from '@playwright/test';
import { randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { installStandin, type Standin, type StandinScript } from './harness/standin';
import { seedAccount, seeder } from './harness/seed';
import type { FetchService } from '../electron/main/fetch/service';
import type { DovecotInstance } from './servers';

export interface Counter {
  readonly port: number;
  readonly hits: string[];
  close(): Promise<void>;
}

/** Any request a message makes shows up here: nothing should ever arrive. */
export async function startCounter(): Promise<Counter> {
  const hits: string[] = [];
  const server: Server = createServer((req, res) => {
    hits.push(req.url ?? '');
    res.writeHead(200, { 'Content-Type': 'image/gif' }).end(Buffer.from('R0lGODlhAQABAAAAACw=', 'base64'));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('no port');
  return {
    port: address.port,
    hits,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export const ATTACHMENT = randomBytes(5000);
// 1×1 transparent PNG.
export const PIXEL_PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==', 'base64');

const crlf = (s: string) => Buffer.from(s.replace(/\r?\n/g, '\r\n'), 'latin1');
const utf8 = (s: string) => Buffer.from(s.replace(/\r?\n/g, '\r\n'), 'utf8');

export interface TestMail {
  readonly subject: string;
  readonly bytes: Buffer;
  /** Text the reader must show. */
  readonly shows: string;
}

export function testMailbox(counterPort: number): TestMail[] {
  const b64 = (buf: Buffer) => buf.toString('base64').replace(/.{76}/g, '$&\n');
  return [
    {
      subject: 'Plain hello',
      shows: 'see https://example.org/notes for the agenda',
      bytes: utf8(`From: Grace Hopper <grace@navy.example>
To: Alice <alice@test.domain>
Subject: Plain hello
Date: Tue, 10 Mar 2026 09:00:00 +0000
Message-ID: <plain-1@heron.test>
Content-Type: text/plain; charset=UTF-8

Hello Alice,
see https://example.org/notes for the agenda.
`),
    },
    {
      subject: 'Newsletter with pictures',
      shows: 'Our spring collection',
      bytes: utf8(`From: "service@bank.example" <promo@shop.example>
To: alice@test.domain
Subject: Newsletter with pictures
Date: Tue, 10 Mar 2026 10:00:00 +0000
Message-ID: <html-1@heron.test>
MIME-Version: 1.0
Content-Type: multipart/alternative; boundary="alt"

--alt
Content-Type: text/plain; charset=UTF-8

Our spring collection (text version)
--alt
Content-Type: text/html; charset=UTF-8

<html><body style="background:url(http://127.0.0.1:${counterPort}/bg.png)"><h1>Our spring collection</h1>
<img src="http://127.0.0.1:${counterPort}/track.gif?u=alice" width="1" height="1">
<img src="https://127.0.0.1:${counterPort}/hero.png">
<p><a href="https://shop.example/real-target">https://bank.example/login</a></p></body></html>
--alt--
`),
    },
    {
      subject: 'Quarterly report',
      shows: 'The report is attached',
      bytes: Buffer.concat([
        utf8(`From: Ada Lovelace <ada@engines.example>
To: alice@test.domain
Subject: Quarterly report
Date: Tue, 10 Mar 2026 11:00:00 +0000
Message-ID: <att-1@heron.test>
MIME-Version: 1.0
Content-Type: multipart/mixed; boundary="mix"

--mix
Content-Type: multipart/related; boundary="rel"

--rel
Content-Type: text/html; charset=UTF-8

<p>The report is attached. <img src="cid:logo@heron.test" alt="logo"></p>
--rel
Content-Type: image/png
Content-ID: <logo@heron.test>
Content-Disposition: inline; filename="logo.png"
Content-Transfer-Encoding: base64

${b64(PIXEL_PNG)}
--rel--
--mix
Content-Type: application/pdf; name="report.pdf"
Content-Disposition: attachment; filename="report.pdf"
Content-Transfer-Encoding: base64

${b64(ATTACHMENT)}
--mix--
`),
      ]),
    },
    {
      subject: 'Grüße aus München',
      shows: 'Grüße aus München, Jürgen',
      bytes: crlf(`From: =?ISO-8859-1?Q?J=FCrgen_M=FCller?= <jm@example.de>
To: alice@test.domain
Subject: =?ISO-8859-1?Q?Gr=FC=DFe_aus_M=FCnchen?=
Date: Tue, 10 Mar 2026 12:00:00 +0000
Message-ID: <latin1-1@heron.test>
MIME-Version: 1.0
Content-Type: text/plain; charset=ISO-8859-1
Content-Transfer-Encoding: 8bit

Gr\u00fc\u00dfe aus M\u00fcnchen, J\u00fcrgen
`),
    },
    {
      subject: 'Broken structure',
      shows: 'A body whose boundary never closes',
      bytes: utf8(`From: nobody
Subject: Broken structure
Date: not a date at all
Content-Type: multipart/mixed; boundary="never"
X-Garbage line without a colon

--never
Content-Type: text/plain; charset=x-unknown-charset

A body whose boundary never closes
`),
    },
  ];
}

export interface Opened {
  readonly page: Page;
  readonly standin: Standin;
  close(): Promise<void>;
}

/** The production renderer in a fresh profile, over main's real services trusting Dovecot's CA. */
export async function openApp(origin: string, standinScript: StandinScript, launchOptions: LaunchOptions, dovecot: DovecotInstance): Promise<Opened> {
  const profile = await mkdtemp(path.join(os.tmpdir(), 'heron-e2e-getmail-'));
  const context = await chromium.launchPersistentContext(profile, { ...launchOptions, viewport: { width: 1400, height: 900 } });
  const standin = await installStandin(context, standinScript, { pop3Connect: { ca: [dovecot.ca], servername: 'localhost' } });
  const page = context.pages()[0] ?? (await context.newPage());
  await page.goto(`${origin}/index.html`);
  await page.waitForFunction(() => document.querySelector('.app:not(.app-loading)') !== null);
  return {
    page,
    standin,
    close: async () => {
      await context.close();
      await standin.dispose();
      await rm(profile, { recursive: true, force: true, maxRetries: 3 });
    },
  };
}

/** Creates the account in the app's store (the wizard is another feature) and stores its password. */
export async function addAccount(
  page: Page,
  dovecot: DovecotInstance,
  user: string,
  mode: 'keep' | 'delete',
  headersOnlyOverBytes: number | null = null,
  keepDays: number | null = null,
): Promise<void> {
  const account = seedAccount({
    id: `acct-${user}`,
    label: `${user} (Dovecot)`,
    name: user,
    address: `${user}@test.domain`,
    incoming: { host: '127.0.0.1', port: dovecot.pop3sPort, security: 'tls', username: user },
    outgoing: { host: '127.0.0.1', port: 465, security: 'tls', username: user, ownPassword: true },
    retention: { mode, keepDays, deleteWhenDeletedHere: true },
    headersOnlyOverBytes,
    createdAt: Date.now(),
  });
  await seeder(page).accounts([account]);
  const password = dovecot.users.find((u) => u.name === user)?.password ?? '';
  const servers = [{ host: account.incoming.host, port: account.incoming.port, security: account.incoming.security, username: user }];
  const stored = await page.evaluate(
    async ([id, pw, bound]) =>
      (window as unknown as { heron: { calls: { setPassword(i: unknown): Promise<{ ok: boolean }> } } }).heron.calls.setPassword({
        accountId: id,
        slot: 'incoming',
        password: pw,
        persist: false,
        servers: bound,
      }),
    [account.id, password, servers] as const,
  );
  expect(stored.ok).toBe(true);
  await page.reload();
  await page.waitForFunction(() => document.querySelector('.app:not(.app-loading)') !== null);
}

/** Clicks Get mail and waits until main's fetch has ended and the window shows it ended. */
export async function getMail(page: Page, standin: Standin, accountId: string): Promise<void> {
  const service = standin.services.fetch.service as unknown as FetchService;
  const before = standin.calls.filter((c) => c === 'startFetch').length;
  await page.getByRole('toolbar', { name: 'Message actions' }).getByRole('button', { name: 'Get mail' }).click();
  await expect.poll(() => standin.calls.filter((c) => c === 'startFetch').length).toBe(before + 1);
  await expect.poll(() => service.isFetching(accountId), { timeout: 30_000 }).toBe(false);
  await expect(page.getByRole('toolbar', { name: 'Message actions' }).getByRole('button', { name: 'Get mail' })).toBeEnabled();
}
