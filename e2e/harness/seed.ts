/**
 * The one way specs and benches put data into the app's store: seed-entry.ts, bundled and run in
 * the page, writes through the app's own repositories (folder counters, sort keys, raw bytes and
 * POP state come out as the app makes them). Journeys do not seed: they add accounts with the
 * wizard and fetch real mail.
 */
import { build } from 'esbuild';
import path from 'node:path';
import type { Page } from '@playwright/test';
import type { Account } from '../../shared/model/account';
import type { PartlyDelivered, SeedApi, SeedMessage } from './seed-entry';
import { ROOT } from './standin';

export type { PartlyDelivered, SeedMessage };

const DAY = 86_400_000;

let bundled: Promise<string> | null = null;

function seedScript(): Promise<string> {
  bundled ??= build({
    entryPoints: [path.join(ROOT, 'e2e/harness/seed-entry.ts')],
    bundle: true,
    write: false,
    format: 'iife',
    platform: 'browser',
    target: 'chrome120',
    logLevel: 'warning',
  }).then((result) => {
    const source = result.outputFiles[0]?.text;
    if (source === undefined) throw new Error('esbuild produced no seeding bundle');
    return source;
  });
  return bundled;
}

type Args<K extends keyof SeedApi> = Parameters<SeedApi[K]>;

async function run<K extends keyof SeedApi>(page: Page, name: K, ...args: Args<K>): Promise<void> {
  // The app's page must have opened its store first (fresh profiles create it then).
  await page.waitForFunction(() => document.querySelector('.app:not(.app-loading)') !== null);
  if (!(await page.evaluate(() => '__heronSeed' in window))) await page.evaluate(await seedScript());
  await page.evaluate(
    async ([n, a]) => {
      const api = (window as unknown as { __heronSeed: Record<string, (...x: unknown[]) => Promise<void>> }).__heronSeed;
      await api[n]?.(...a);
    },
    [name, args] as const,
  );
}

/** Writes into the page's store through the app's repositories; the app sees it after a reload. */
export function seeder(page: Page) {
  return {
    accounts: (rows: readonly Account[]) => run(page, 'accounts', rows),
    updateAccount: (id: string, change: Partial<Account>) => run(page, 'updateAccount', id, change),
    messages: (list: readonly SeedMessage[]) => run(page, 'messages', list),
    partlyDelivered: (p: PartlyDelivered) => run(page, 'partlyDelivered', p),
  };
}

export interface SeedAccountOptions {
  readonly id: string;
  readonly address: string;
  readonly name?: string;
  readonly label?: string;
  readonly signature?: string;
  readonly order?: number;
  /** Default: a server nobody listens on (port 9); no automatic checks either way. */
  readonly incoming?: { readonly host: string; readonly port: number; readonly security?: 'tls' | 'starttls' | 'none'; readonly username?: string };
  /** `ownPassword`: the outgoing server has a password of its own (default: the incoming one). */
  readonly outgoing?: { readonly host: string; readonly port: number; readonly security?: 'tls' | 'starttls' | 'none'; readonly username?: string; readonly ownPassword?: boolean };
  readonly retention?: Account['retention'];
  readonly headersOnlyOverBytes?: number | null;
  readonly createdAt?: number;
}

/** An account as the wizard saves one; checks mail only when a test clicks Get mail. */
export function seedAccount(a: SeedAccountOptions): Account {
  const user = a.address.split('@')[0] ?? a.address;
  return {
    id: a.id,
    label: a.label ?? a.address,
    identity: { name: a.name ?? 'Alice Test', address: a.address, ...(a.signature ? { signature: a.signature } : {}) },
    incoming: { protocol: 'pop3', host: a.incoming?.host ?? '127.0.0.1', port: a.incoming?.port ?? 9, security: a.incoming?.security ?? 'tls', username: a.incoming?.username ?? user, auth: 'user' },
    outgoing: {
      protocol: 'smtp',
      host: a.outgoing?.host ?? '127.0.0.1',
      port: a.outgoing?.port ?? 9,
      security: a.outgoing?.security ?? 'starttls',
      username: a.outgoing?.username ?? user,
      auth: 'plain',
      ...(a.outgoing?.ownPassword === true ? {} : { sameCredentialsAsIncoming: true }),
    },
    retention: a.retention ?? { mode: 'keep', keepDays: 14, deleteWhenDeletedHere: true },
    checkAtStartup: false,
    checkIntervalMinutes: 0,
    headersOnlyOverBytes: a.headersOnlyOverBytes ?? null,
    createdAt: a.createdAt ?? 0,
    order: a.order ?? 0,
  };
}

/** Puts accounts into the page's store as the wizard would, then reloads. */
export async function seedAccounts(page: Page, accounts: readonly SeedAccountOptions[]): Promise<void> {
  await seeder(page).accounts(accounts.map(seedAccount));
  await page.reload();
  await page.waitForFunction(() => document.querySelector('.app:not(.app-loading)') !== null);
}

/** A small, realistic mailbox (one account, seven messages, as if fetched), then a reload so the app shows it. */
export async function seedMailbox(page: Page, now = Date.UTC(2026, 2, 12, 15, 30)): Promise<void> {
  const account = seedAccount({
    id: 'acct-1',
    label: 'Work',
    name: 'Alice Martin',
    address: 'alice@example.com',
    // No automatic checks: the seeded account has no password and no server.
    incoming: { host: 'pop.example.com', port: 995, security: 'tls', username: 'alice' },
    outgoing: { host: 'smtp.example.com', port: 465, security: 'tls', username: 'alice', ownPassword: true },
    createdAt: now - 30 * DAY,
  });
  const people: [string, string, string, string, number, boolean][] = [
    ['Grace Hopper', 'grace@navy.example', 'Compiler review notes for Thursday', 'I went through the draft line by line; the two open questions are in section 3.', 0.02, true],
    ['Build server', 'ci@builds.example', 'Nightly build 2026.03.12 passed', 'All 1,482 tests passed in 14 min 12 s. Artifacts are ready for download.', 0.2, true],
    ['Ada Lovelace', 'ada@engines.example', 'Re: Bernoulli numbers, table 4', 'Thank you for the corrections. I have attached the revised table and a note on the loop.', 1.1, false],
    ['Margaret Hamilton', 'mh@apollo.example', 'Priority display: final wording', 'Here is the text we agreed on for the alarm screens, with the two edge cases.', 2.3, false],
    ['Tim Berners-Lee', 'tim@web.example', 'Hypertext proposal — comments welcome', 'Vague but exciting, my manager said. I would value your view before the next draft.', 4.6, false],
    ['Edsger Dijkstra', 'ewd@tue.example', 'On the cruelty of really teaching', 'Enclosed, the manuscript as promised. Please do not circulate it yet.', 9.4, false],
    ['Katherine Johnson', 'kj@langley.example', 'Trajectory figures checked', 'The numbers agree to the last decimal place. Glenn can go.', 21, false],
  ];
  const messages: SeedMessage[] = people.map(([name, address, subject, snippet, daysAgo, unread], i) => ({
    id: `msg-${i}`,
    accountId: account.id,
    messageId: `<seed-${i}@example.com>`,
    from: { name, address },
    to: [{ name: 'Alice Martin', address: 'alice@example.com' }],
    subject,
    date: Math.round(now - daysAgo * DAY),
    size: 2048 + i * 300,
    hasAttachments: i === 2,
    snippet,
    text: `Hello Alice,\n\n${snippet}\n\nBest regards,\n${name}`,
    unread,
    uidl: `UID${1000 + i}`,
  }));
  const seed = seeder(page);
  await seed.accounts([account]);
  await seed.messages(messages);
  await page.reload();
  await page.getByRole('listbox', { name: /^Messages in / }).waitFor();
}
