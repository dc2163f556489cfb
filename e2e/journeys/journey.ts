/**
 * One journey's world: real Dovecot and Postfix on loopback (users alice, bob, carol, dan of
 * test.domain), a DNS responder so the setup wizard discovers them, alice's mailbox seeded with
 * the journey mail, and Heron (the production renderer in Chromium over main's real services).
 * Accounts are added through the wizard, mail comes in through Get mail: nothing is seeded into
 * IndexedDB, so every journey starts where a person starts.
 */
import { expect, test, type Page } from '@playwright/test';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { simpleParser, type ParsedMail } from 'mailparser';
import { startDnsServer, type TestDnsServer } from '../../electron/core/autoconfig/testing/dns-server';
import { HeronError } from '../../shared/ipc/result';
import type { FetchService } from '../../electron/main/fetch/service';
import { openAppRig, readStore, type AppRig, type AppRigOptions } from '../harness/app-rig';
import { dovecotAvailable, postfixAvailable, startMailServers, type MailServers } from '../servers';
import { journeyMailbox } from './mailbox';

export const journeysAvailable = dovecotAvailable.available && postfixAvailable.available;
export const journeysSkipReason =
  [dovecotAvailable.reason, postfixAvailable.reason].filter(Boolean).join('; ') ||
  'Dovecot/Postfix are not installed here';

export const USERS = ['alice', 'bob', 'carol', 'dan'].map((name) => ({ name, password: `${name}-journey-pw` }));

export function passwordOf(user: string): string {
  const u = USERS.find((x) => x.name === user);
  if (!u) throw new Error(`no journey user ${user}`);
  return u.password;
}

export interface Journey {
  readonly servers: MailServers;
  readonly rig: AppRig;
  readonly page: Page;
  /** The loopback DNS responder's address (a second Heron, a new profile, discovers the servers through it too). */
  readonly dnsServer?: string;
  close(): Promise<void>;
}

/**
 * A describe block whose tests each get a fresh journey world (servers, DNS, Heron in Chromium),
 * skipped with the reason where the servers are not installed or under Electron.
 */
export function describeJourney(
  title: string,
  options: JourneyOptions & { timeoutMs: number },
  body: (journey: () => Journey) => void,
): void {
  test.describe(journeysAvailable ? title : `${title} (skipped: ${journeysSkipReason})`, () => {
    test.skip(!journeysAvailable, journeysSkipReason);
    let current: Journey | null = null;
    test.beforeEach(async ({}, testInfo) => {
      testInfo.skip(testInfo.project.name !== 'chromium', 'drives the renderer in Chromium with a custom stand-in');
      testInfo.setTimeout(options.timeoutMs);
      current = await startJourney(options);
    });
    test.afterEach(async () => {
      await current?.close();
      current = null;
    });
    body(() => {
      if (current === null) throw new Error('no journey outside a test');
      return current;
    });
  });
}

export interface JourneyOptions {
  /** What alice's server holds before Heron first connects (default: the journey mailbox). */
  readonly aliceMail?: readonly Buffer[];
  /** Postfix's advertised SIZE, when a journey needs one. */
  readonly messageSizeLimit?: number;
  /** Lines added to Dovecot's generated configuration (e.g. `pop3_lock_session = yes`). */
  readonly dovecotConfig?: string;
  /** What main's import/export/backup/restore file dialog answers. */
  readonly pickPath?: AppRigOptions['pickPath'];
  /** The clock scheduled backups run by. */
  readonly backupClock?: AppRigOptions['backupClock'];
  /** Where main looks for Thunderbird's profiles.ini. */
  readonly thunderbirdRoots?: readonly string[];
  /**
   * An OAuth2 authorization server beside the mail servers, whose bearer tokens Dovecot and
   * Postfix accept; test.domain's autoconfig then lists OAuth2 (and passwords) for them, and Heron
   * knows the server as the provider that signs in for `localhost`.
   */
  readonly oauth2?: {
    readonly accessTokenSeconds?: number;
    readonly signInTimeoutMs?: number;
    /** false: Heron knows the provider but ships no registration for it (the person enters one in Settings). */
    readonly registered?: boolean;
  };
}

/** test.domain's autoconfig file when it offers sign-in: the real servers, OAuth2 listed first. */
function oauthAutoconfig(servers: MailServers): string {
  return `<?xml version="1.0"?>
<clientConfig version="1.1"><emailProvider id="test.domain"><domain>test.domain</domain><displayName>Test Mail</displayName>
<incomingServer type="pop3"><hostname>localhost</hostname><port>${servers.dovecot.pop3sPort}</port><socketType>SSL</socketType><username>%EMAILADDRESS%</username><authentication>OAuth2</authentication><authentication>password-cleartext</authentication></incomingServer>
<outgoingServer type="smtp"><hostname>localhost</hostname><port>${servers.postfix.submissionPort}</port><socketType>STARTTLS</socketType><username>%EMAILADDRESS%</username><authentication>OAuth2</authentication><authentication>password-cleartext</authentication></outgoingServer>
</emailProvider></clientConfig>`;
}

export async function startJourney(options: JourneyOptions = {}): Promise<Journey> {
  const servers = await startMailServers({
    users: USERS,
    ...(options.messageSizeLimit === undefined ? {} : { messageSizeLimit: options.messageSizeLimit }),
    ...(options.dovecotConfig === undefined ? {} : { extraConfig: options.dovecotConfig }),
    ...(options.oauth2 ? { oauth2: options.oauth2.accessTokenSeconds === undefined ? true : { accessTokenSeconds: options.oauth2.accessTokenSeconds } } : {}),
  });
  let dns: TestDnsServer | null = null;
  try {
    await servers.dovecot.seed('alice', options.aliceMail ?? journeyMailbox().map((m) => m.bytes));
    dns = await startDnsServer({
      '_pop3s._tcp.test.domain': [
        { type: 'SRV', priority: 0, weight: 1, port: servers.dovecot.pop3sPort, target: 'localhost' },
      ],
      '_submission._tcp.test.domain': [
        { type: 'SRV', priority: 0, weight: 1, port: servers.postfix.submissionPort, target: 'localhost' },
      ],
    });
    const autoconfig = options.oauth2 ? oauthAutoconfig(servers) : null;
    const oauth = servers.oauth;
    const rig = await openAppRig({
      ...(options.pickPath ? { pickPath: options.pickPath } : {}),
      ...(options.thunderbirdRoots ? { thunderbirdRoots: options.thunderbirdRoots } : {}),
      ...(options.backupClock ? { backupClock: options.backupClock } : {}),
      ca: servers.dovecot.ca,
      dnsServer: dns.address,
      fetchText: async (url) => {
        if (autoconfig !== null && url.startsWith('https://autoconfig.test.domain/')) return autoconfig;
        throw new HeronError('ENOTFOUND', `Nothing at ${url} in this test.`);
      },
      ...(oauth && options.oauth2
        ? {
            oauth: {
              providers: [options.oauth2.registered === false ? { ...oauth.provider(['localhost']), registration: null } : oauth.provider(['localhost'])],
              ...(options.oauth2.signInTimeoutMs === undefined ? {} : { signInTimeoutMs: options.oauth2.signInTimeoutMs }),
            },
            recordTraffic: true,
          }
        : {}),
    });
    const dnsServer = dns;
    return {
      servers,
      rig,
      page: rig.page,
      dnsServer: dnsServer.address,
      async close() {
        await rig.close();
        await dnsServer.close();
        await servers.stop();
      },
    };
  } catch (error) {
    await dns?.close();
    await servers.stop();
    throw error;
  }
}

/**
 * Adds `user@test.domain` through the setup wizard as a person would (discovery, connection
 * test, save) and answers the new account's id. The wizard's defaults are kept: keep mail on the
 * server for 14 days.
 */
export async function addAccountWithWizard(page: Page, user: string, name: string): Promise<string> {
  const before = new Set((await readStore<{ id: string }>(page, 'accounts')).map((a) => a.id));
  await page.getByRole('button', { name: 'Add account', exact: true }).last().click();
  await page.getByLabel('Your name').fill(name);
  await page.getByLabel('Email address').fill(`${user}@test.domain`);
  await page.getByLabel('Password').fill(passwordOf(user));
  await page.getByRole('button', { name: 'Continue' }).click();
  await expect(page.getByRole('heading', { name: 'Check your settings' })).toBeVisible({ timeout: 20_000 });
  await page.getByRole('button', { name: /^(Test and save account|Save account)$/ }).click();
  await expect(page.getByRole('heading', { name: 'Check your settings' })).toBeHidden({ timeout: 30_000 });
  const added = (await readStore<{ id: string }>(page, 'accounts')).filter((a) => !before.has(a.id));
  expect(added).toHaveLength(1);
  return added[0]!.id;
}

/**
 * Clicks Get mail (which checks the accounts of the folder on screen) and waits until main's fetch
 * for `accountId` has ended and the button is back.
 */
export async function getMail(journey: Pick<Journey, 'page' | 'rig'>, accountId: string): Promise<void> {
  const { page } = journey;
  const service = journey.rig.services.fetch.service as unknown as FetchService;
  const button = page.getByRole('toolbar', { name: 'Message actions' }).getByRole('button', { name: 'Get mail' });
  // A new account may be checked at once on its own: wait for that to end first.
  await expect.poll(() => service.isFetching(accountId), { timeout: 30_000 }).toBe(false);
  await expect(button).toBeEnabled({ timeout: 30_000 });
  await button.click();
  await expect.poll(() => service.isFetching(accountId), { timeout: 30_000 }).toBe(false);
  await expect(button).toBeEnabled({ timeout: 30_000 });
}

/** The list of the folder on screen. */
export function messageList(page: Page) {
  return page.getByRole('listbox', { name: /^Messages in / });
}

/** Opens a folder from the sidebar (the first match: the unified view when there are several accounts). */
export async function openFolder(page: Page, folder: 'Inbox' | 'Sent' | 'Drafts' | 'Outbox' | 'Trash'): Promise<void> {
  await page
    .getByRole('button', { name: new RegExp(`^${folder}`) })
    .first()
    .click();
}

/** Selects the message whose row shows `text` and waits for the reader to show its subject. */
export async function openMessage(page: Page, text: string, subject: string = text): Promise<void> {
  await messageList(page).getByRole('option').filter({ hasText: text }).first().click({ timeout: 15_000 });
  await expect(page.locator('#reader-subject')).toHaveText(subject);
}

/** Every message in `user`'s Maildir, parsed, with its raw bytes. */
export async function delivered(servers: MailServers, user: string): Promise<Array<{ raw: Buffer; mail: ParsedMail }>> {
  const entries = await servers.dovecot.listMaildir(user);
  return Promise.all(
    entries.map(async (e) => {
      const raw = await readFile(e.path);
      return { raw, mail: await simpleParser(raw) };
    }),
  );
}

/** Waits until `user`'s Maildir holds `count` messages (Postfix delivers asynchronously). */
export async function waitForDelivery(
  servers: MailServers,
  user: string,
  count: number,
): Promise<Array<{ raw: Buffer; mail: ParsedMail }>> {
  await expect.poll(async () => (await servers.dovecot.listMaildir(user)).length, { timeout: 30_000 }).toBe(count);
  return delivered(servers, user);
}

/**
 * With HERON_JOURNEY_SHOTS=dir, saves a screenshot of the window as `dir/<name>.png`, so a person
 * can look at each step of a journey (the journeys take them at the steps worth seeing).
 */
export async function snap(page: Page, name: string): Promise<void> {
  const dir = process.env.HERON_JOURNEY_SHOTS;
  if (!dir) return;
  await page.screenshot({ path: path.join(dir, `${name}.png`) });
}

/** The Message-IDs left in `user`'s Maildir (a message without one by its subject), sorted. */
export async function messageIdsOnServer(journey: Journey, user: string = 'alice'): Promise<string[]> {
  const ids: string[] = [];
  for (const e of await journey.servers.dovecot.listMaildir(user)) {
    const head = (await readFile(e.path, 'latin1')).split(/\r?\n\r?\n/)[0] ?? '';
    const m = /^Message-ID:\s*<([^>]+)>/im.exec(head);
    ids.push(m?.[1] ?? `(no id: ${/^Subject:\s*(.*)$/im.exec(head)?.[1] ?? '?'})`);
  }
  return ids.sort();
}

/** The Message-IDs of the journey mailbox, as `messageIdsOnServer` names them. */
export function journeyMessageIds(): string[] {
  return journeyMailbox()
    .map((m) => m.messageId ?? `(no id: ${m.subject})`)
    .sort();
}

/** A raw header's unfolded value (the first occurrence), as it is on the wire. */
export function rawHeader(raw: Buffer, name: string): string | null {
  const head = raw.toString('latin1').split(/\r?\n\r?\n/)[0] ?? '';
  const unfolded = head.replace(/\r?\n[ \t]+/g, ' ');
  const line = unfolded.split(/\r?\n/).find((l) => l.toLowerCase().startsWith(`${name.toLowerCase()}:`));
  return line === undefined ? null : line.slice(name.length + 1).trim();
}
