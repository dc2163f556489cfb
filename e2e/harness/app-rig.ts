/**
 * Heron in Chromium over main's real services, wired for real mail servers: the test CA trusted
 * by connection tests, sending and fetching, and (optionally) discovery through a loopback DNS
 * responder. Used by the wizard and settings specs, which need the services object itself (to
 * see what main holds) and a fresh profile they can reload.
 */
import { chromium, type Page } from '@playwright/test';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { HeronError } from '../../shared/ipc/result';
import { createResolver } from '../../electron/core/autoconfig/dns';
import type { DiscoverDeps } from '../../electron/core/autoconfig/discover';
import type { MainServices, MainServicesOptions } from '../../electron/main/services';
import { startStaticServer } from './static-server';
import { bundleStandin, installStandin, ROOT, type StandinOptions } from './standin';

export interface AppRig {
  readonly page: Page;
  readonly services: MainServices;
  /** URLs main was asked to open in the OS (recorded, never opened). */
  readonly openedExternal: readonly string[];
  /** With `recordTraffic`: every answer and event main sent the window, as JSON without bytes. */
  readonly traffic: readonly string[];
  /** Main's user-data directory (its log, connection logs, encrypted secrets). */
  readonly userDataDir: string;
  close(): Promise<void>;
}

export interface AppRigOptions {
  /** PEM of the CA that signed the servers' certificates (never a self-signed leaf: that must be pinned). */
  readonly ca: string;
  /** A loopback DNS responder for discovery; without one, discovery finds nothing. */
  readonly dnsServer?: string;
  /** Discovery's HTTP fetch (autoconfig/ISPDB); default: unreachable. */
  readonly fetchText?: DiscoverDeps['fetchText'];
  /** What main's file picker returns when the page asks to attach files. */
  readonly pickAttachmentFiles?: () => Promise<readonly string[]>;
  /** What main's import/export/backup/restore dialog returns (the test picks the path). */
  readonly pickPath?: MainServicesOptions['pickPath'];
  /** The clock scheduled backups run by (the test moves it). */
  readonly backupClock?: MainServicesOptions['backupClock'];
  /** Where main looks for Thunderbird's profiles.ini (a profile tree the test built). */
  readonly thunderbirdRoots?: readonly string[];
  /** OAuth2 providers on loopback (an in-repo authorization server) and how long a sign-in waits. */
  readonly oauth?: NonNullable<NonNullable<StandinOptions['testNetwork']>['oauth']>;
  /** Keep every answer and event main sends the window (`traffic`). */
  readonly recordTraffic?: boolean;
}

export async function openAppRig(options: AppRigOptions): Promise<AppRig> {
  const server = await startStaticServer(path.join(ROOT, 'out/renderer'));
  const script = await bundleStandin(server);
  const profile = await mkdtemp(path.join(os.tmpdir(), 'heron-rig-profile-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: process.env.HERON_CHROMIUM ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'],
    viewport: { width: 1400, height: 900 },
  });
  const nothing = async (): Promise<never> => {
    throw new HeronError('ECONNECTION', 'Not reachable in this test.');
  };
  const { dnsServer } = options;
  const standin = await installStandin(context, script, {
    pop3Connect: { ca: options.ca },
    ...(options.pickAttachmentFiles ? { pickAttachmentFiles: options.pickAttachmentFiles } : {}),
    ...(options.pickPath ? { pickPath: options.pickPath } : {}),
    ...(options.backupClock ? { backupClock: options.backupClock } : {}),
    thunderbirdRoots: options.thunderbirdRoots ?? [],
    ...(options.recordTraffic ? { recordTraffic: true } : {}),
    testNetwork: {
      ca: [options.ca],
      ...(options.oauth ? { oauth: options.oauth } : {}),
      discover: {
        ...(dnsServer ? { createResolver: () => createResolver({ servers: [dnsServer], timeoutMs: 1000 }) } : {}),
        fetchText: options.fetchText ?? nothing,
        probeIncoming: nothing,
        probeOutgoing: nothing,
      },
    },
  });
  const page = context.pages()[0] ?? (await context.newPage());
  await page.goto(`${server.origin}/index.html`);
  return {
    page,
    services: standin.services,
    openedExternal: standin.openedExternal,
    traffic: standin.traffic,
    userDataDir: standin.services.userDataDir,
    async close() {
      await standin.services.fetch.service.stopAll();
      await context.close();
      await standin.dispose();
      await server.close();
      await rm(profile, { recursive: true, force: true });
    },
  };
}

/** Every row of one IndexedDB store, read with raw IndexedDB (not the app's code). */
export async function readStore<T = Record<string, unknown>>(page: Page, store: string): Promise<T[]> {
  return page.evaluate(async (store) => {
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const req = indexedDB.open('heron');
      req.onsuccess = () => resolve(req.result);
      req.onerror = () => reject(req.error);
    });
    try {
      return await new Promise<T[]>((resolve, reject) => {
        const all = db.transaction(store).objectStore(store).getAll();
        all.onsuccess = () => resolve(all.result as T[]);
        all.onerror = () => reject(all.error);
      });
    } finally {
      db.close();
    }
  }, store);
}

/** Calls main through the page's own `window.heron`, as the renderer does. */
export async function callMain(page: Page, name: string, input?: unknown): Promise<unknown> {
  return page.evaluate(
    async ([n, x]) => {
      const heron = (window as unknown as { heron: { calls: Record<string, (x?: unknown) => Promise<unknown>> } }).heron;
      const fn = heron.calls[n];
      if (!fn) throw new Error(`no call ${n}`);
      return fn(x);
    },
    [name, input] as const,
  );
}
