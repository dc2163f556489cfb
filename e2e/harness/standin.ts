/**
 * The main-process side of the stand-in: the real handlers (`createMainServices` +
 * `createHandlers` + `dispatchCall`, the same code Electron's IPC registration runs) answer the
 * page through a Playwright binding; events main emits are dispatched into the page.
 */
import { build } from 'esbuild';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BrowserContext, Page } from '@playwright/test';
import type { MainEmit } from '../../shared/ipc/contract';
import { fail } from '../../shared/ipc/result';
import { dispatchCall } from '../../electron/main/dispatch';
import { createHandlers } from '../../electron/main/handlers/index';
import { createMainServices, type MainServices, type MainServicesOptions } from '../../electron/main/services';
import { decode, encode } from './codec';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** Bundles the page side of the stand-in for one app origin. */
export async function bundleStandin(origin: string): Promise<string> {
  const result = await build({
    entryPoints: [path.join(ROOT, 'e2e/harness/standin-entry.ts')],
    bundle: true,
    write: false,
    format: 'iife',
    platform: 'browser',
    target: 'chrome120',
    define: { __HERON_ORIGIN__: JSON.stringify(origin) },
    logLevel: 'warning',
  });
  const out = result.outputFiles[0];
  if (!out) throw new Error('esbuild produced no stand-in bundle');
  return out.text;
}

export interface Standin {
  readonly services: MainServices;
  /** URLs main was asked to open in the OS (recorded, never opened). */
  readonly openedExternal: readonly string[];
  /** Calls the page made, in order (name only: payloads may hold secrets). */
  readonly calls: readonly string[];
  dispose(): Promise<void>;
}

async function packageVersion(): Promise<string> {
  const pkg = JSON.parse(await readFile(path.join(ROOT, 'package.json'), 'utf8')) as { version: string };
  return pkg.version;
}

/** Test-only wiring a caller may add (the bench's real Dovecot needs its test CA trusted). */
export type StandinOptions = Partial<Pick<MainServicesOptions, 'pop3Connect' | 'testNetwork'>>;

/** Wires a browser context to main's real services. Call before the first page loads. */
export async function installStandin(context: BrowserContext, script: string, options: StandinOptions = {}): Promise<Standin> {
  const userDataDir = await mkdtemp(path.join(os.tmpdir(), 'heron-e2e-main-'));
  const openedExternal: string[] = [];
  const calls: string[] = [];
  const emit: MainEmit = (name, payload) => {
    for (const page of context.pages()) {
      page
        .evaluate(([n, p]) => (window as unknown as { __heronEmit?: (n: string, p: unknown) => void }).__heronEmit?.(n, p), [name, encode(payload)] as const)
        .catch((error: unknown) => {
          // A page that is closing or navigating cannot take the event; the app would drop it too.
          if (!page.isClosed()) console.warn(`stand-in: could not deliver ${name}:`, error);
        });
    }
  };
  const services = createMainServices({
    userDataDir,
    openExternal: async (url) => {
      openedExternal.push(url);
    },
    emit,
    runtime: 'harness',
    version: await packageVersion(),
    // The bundled worker from the production build, as the app loads it.
    fetchWorkerPath: path.join(ROOT, 'out/main/fetch-worker.cjs'),
    ...options,
  });
  const handlers = createHandlers(services);
  await context.exposeBinding('__heronInvoke', async (source: { page: Page; frame: unknown }, name: unknown, input: unknown) => {
    // Main answers only its own window's top frame (the trusted-sender check).
    if (source.frame !== source.page.mainFrame()) return encode(fail('EFORBIDDEN', 'This frame may not talk to Heron.'));
    calls.push(String(name));
    return encode(await dispatchCall(handlers, String(name), decode(input)));
  });
  await context.addInitScript({ content: script });
  return {
    services,
    openedExternal,
    calls,
    dispose: () => rm(userDataDir, { recursive: true, force: true }),
  };
}
