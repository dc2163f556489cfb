/**
 * Compose → Outbox → real Postfix (STARTTLS + SASL via Dovecot) → Dovecot Maildir, driven through
 * the production renderer in Chromium with main's real handlers behind the contract-built
 * stand-in (harness/app-rig.ts: the test CA, and an open-file "dialog" that returns a test file).
 */
import { test as base, expect, type Page } from '@playwright/test';
import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import net, { type AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { simpleParser } from 'mailparser';
import { openAppRig, type AppRig } from './harness/app-rig';
import { seedAccount, seeder } from './harness/seed';
import { dovecotAvailable, postfixAvailable, startDovecot, startPostfix, type DovecotInstance, type PostfixInstance } from './servers';

const PASSWORD = 'compose-e2e-secret';
const available = dovecotAvailable.available && postfixAvailable.available;
const test = base;

async function deadPort(): Promise<number> {
  const s = net.createServer();
  await new Promise<void>((resolve) => s.listen(0, '127.0.0.1', resolve));
  const port = (s.address() as AddressInfo).port;
  await new Promise<void>((resolve) => s.close(() => resolve()));
  return port;
}

interface Rig extends AppRig {
  /** Stores the outgoing password for the submission server on this port (as the person would). */
  storePassword(port: number): Promise<void>;
}

/** Chromium + the production renderer + main's real handlers (test CA, stub file picker). */
async function openApp(ca: string, pickPaths: () => string[]): Promise<Rig> {
  const rig = await openAppRig({ ca, pickAttachmentFiles: async () => pickPaths() });
  return {
    ...rig,
    async storePassword(port) {
      await rig.services.credentials.bindings.set('acct-1', 'outgoing', [{ host: '127.0.0.1', port, security: 'starttls', username: 'alice' }]);
      await rig.services.credentials.store.set('acct-1', 'outgoing', PASSWORD, { persist: false });
    },
  };
}

/** The test account, sending through `port`. */
function alice(port: number) {
  return seedAccount({
    id: 'acct-1',
    label: 'Test',
    address: 'alice@test.domain',
    signature: 'Alice\nHeron tests',
    incoming: { host: '127.0.0.1', port: 995, security: 'tls', username: 'alice' },
    outgoing: { host: '127.0.0.1', port, security: 'starttls', username: 'alice', ownPassword: true },
  });
}

async function addAlice(page: Page, port: number): Promise<void> {
  await seeder(page).accounts([alice(port)]);
  await page.reload();
}

async function compose(page: Page, to: string, subject: string, body: string, attach: boolean): Promise<void> {
  await page.getByRole('button', { name: 'New message' }).click();
  const pane = page.getByRole('region', { name: 'New message' });
  await pane.getByRole('combobox', { name: 'To', exact: true }).fill(to);
  await pane.getByRole('combobox', { name: 'To', exact: true }).press('Enter');
  await pane.getByRole('textbox', { name: 'Subject' }).fill(subject);
  const editor = page.getByRole('textbox', { name: 'Message text' });
  await editor.click();
  await page.keyboard.press('Control+Home');
  await page.keyboard.type(body);
  if (attach) {
    await page.getByRole('button', { name: 'Attach files…' }).first().click();
    await expect(page.getByRole('list', { name: 'Attachments' })).toContainText('data.bin');
  }
  await page.getByRole('button', { name: 'Send', exact: true }).click();
  await expect(page.getByRole('button', { name: 'New message' })).toBeVisible();
}

async function maildirFiles(dovecot: DovecotInstance, user: string): Promise<Buffer[]> {
  const entries = await dovecot.listMaildir(user);
  return Promise.all(entries.map((e) => readFile(e.path)));
}

/** The stored bytes of every message in Sent, as latin1 text (raw IndexedDB: each Sent row's raw chunk). */
async function sentRaws(page: Page): Promise<string[]> {
  return page.evaluate(async () => {
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const req = indexedDB.open('heron');
      req.onsuccess = () => resolve(req.result);
      req.onerror = () => reject(req.error);
    });
    const all = <T,>(store: string) =>
      new Promise<T[]>((resolve, reject) => {
        const req = db.transaction(store).objectStore(store).getAll();
        req.onsuccess = () => resolve(req.result as T[]);
        req.onerror = () => reject(req.error);
      });
    const messages = await all<{ id: string; folder: string; rawChunk?: string }>('messages');
    const chunks = new Map((await all<{ id: string; members: string[]; offsets: number[]; sizes: number[]; bytes: Blob }>('rawChunks')).map((c) => [c.id, c]));
    db.close();
    const out: string[] = [];
    for (const m of messages) {
      const chunk = m.folder === 'sent' && m.rawChunk ? chunks.get(m.rawChunk) : undefined;
      const i = chunk ? chunk.members.indexOf(m.id) : -1;
      if (!chunk || i < 0) continue;
      const start = chunk.offsets[i] ?? 0;
      let s = '';
      for (const x of new Uint8Array(await chunk.bytes.slice(start, start + (chunk.sizes[i] ?? 0)).arrayBuffer())) s += String.fromCharCode(x);
      out.push(s);
    }
    return out;
  });
}

test.describe(available ? 'compose against real Postfix + Dovecot' : `compose against real Postfix + Dovecot (skipped: ${[dovecotAvailable.reason, postfixAvailable.reason].filter(Boolean).join('; ')})`, () => {
  test.skip(!available, 'Dovecot/Postfix are not installed here');
  test.setTimeout(120_000);

  test('compose with an attachment → sent → delivered with the same subject, text and bytes; Sent holds exactly what was submitted', async ({}, testInfo) => {
    testInfo.skip(testInfo.project.name !== 'chromium', 'drives the renderer in Chromium with a custom stand-in');
    const dovecot = await startDovecot({ users: [{ name: 'alice', password: PASSWORD }, { name: 'bob', password: PASSWORD }] });
    let postfix: PostfixInstance | null = null;
    const dir = await mkdtemp(path.join(os.tmpdir(), 'heron-compose-files-'));
    const data = randomBytes(300 * 1024 + 7);
    await writeFile(path.join(dir, 'data.bin'), data);
    let rig: Rig | null = null;
    try {
      postfix = await startPostfix({ dovecot });
      rig = await openApp(dovecot.ca, () => [path.join(dir, 'data.bin')]);
      await addAlice(rig.page, postfix.submissionPort);
      await rig.storePassword(postfix.submissionPort);
      await compose(rig.page, 'bob@test.domain', 'Über the report', 'Here is the data you asked for.', true);
      await expect.poll(async () => (await maildirFiles(dovecot, 'bob')).length, { timeout: 30_000 }).toBe(1);
      const [file] = await maildirFiles(dovecot, 'bob');
      const parsed = await simpleParser(file as Buffer);
      expect(parsed.subject).toBe('Über the report');
      expect(parsed.text).toContain('Here is the data you asked for.');
      // The editor writes the separator as "--&nbsp;" (a trailing space would collapse in HTML).
      expect(parsed.text).toMatch(/\n--[ \u00a0]\nAlice\nHeron tests/);
      expect(parsed.attachments.map((a) => [a.filename, a.size])).toEqual([['data.bin', data.length]]);
      expect(Buffer.compare(parsed.attachments[0]?.content as Buffer, data)).toBe(0);
      // Sent: the same bytes Postfix received (it only prepends its trace headers; Maildir stores LF).
      await rig.page.getByRole('button', { name: 'Sent' }).first().click();
      await expect(rig.page.getByText('Über the report').first()).toBeVisible();
      const raws = await sentRaws(rig.page);
      expect(raws).toHaveLength(1);
      expect((file as Buffer).toString('latin1').endsWith((raws[0] as string).replace(/\r\n/g, '\n'))).toBe(true);
      // Nothing left in the Outbox or Drafts.
      await rig.page.getByRole('button', { name: 'Outbox' }).first().click();
      await expect(rig.page.getByText('Nothing is waiting to be sent.')).toBeVisible();
    } finally {
      await rig?.close();
      await postfix?.stop();
      await dovecot.stop();
      await rm(dir, { recursive: true, force: true });
    }
  });

  test('offline: three messages queue while Postfix is down, then all three are delivered exactly once', async ({}, testInfo) => {
    testInfo.skip(testInfo.project.name !== 'chromium', 'drives the renderer in Chromium with a custom stand-in');
    const dovecot = await startDovecot({ users: [{ name: 'alice', password: PASSWORD }, { name: 'bob', password: PASSWORD }] });
    let postfix: PostfixInstance | null = null;
    let rig: Rig | null = null;
    try {
      rig = await openApp(dovecot.ca, () => []);
      const page = rig.page;
      const dead = await deadPort();
      await addAlice(page, dead);
      await rig.storePassword(dead);
      for (const n of [1, 2, 3]) await compose(page, 'bob@test.domain', `Offline ${n}`, `Queued while offline, number ${n}.`, false);
      await page.getByRole('button', { name: 'Outbox' }).first().click();
      await expect(page.getByRole('listitem').filter({ hasText: /Waiting to send — next try in/ })).toHaveCount(3, { timeout: 20_000 });
      // Postfix comes up (on its own port: the account is pointed at it), then the network "comes back".
      postfix = await startPostfix({ dovecot });
      const port = postfix.submissionPort;
      // A changed server needs its password again (passwords are bound to their server in main).
      await rig.storePassword(port);
      await seeder(page).updateAccount('acct-1', { outgoing: alice(port).outgoing });
      await page.evaluate(() => window.dispatchEvent(new Event('online')));
      await expect(page.getByText('Nothing is waiting to be sent.')).toBeVisible({ timeout: 30_000 });
      await postfix.waitForEmptyQueue(15_000);
      const subjects = (await Promise.all((await maildirFiles(dovecot, 'bob')).map(async (f) => (await simpleParser(f)).subject))).sort();
      expect(subjects).toEqual(['Offline 1', 'Offline 2', 'Offline 3']);
      // Exactly once: another "online" finds nothing to send.
      await page.evaluate(() => window.dispatchEvent(new Event('online')));
      await page.waitForTimeout(1500);
      expect(await maildirFiles(dovecot, 'bob')).toHaveLength(3);
      expect(await sentRaws(page)).toHaveLength(3);
    } finally {
      await rig?.close();
      await postfix?.stop();
      await dovecot.stop();
    }
  });
});
