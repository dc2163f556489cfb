/**
 * The drift test (STYLE.md §2): preload's exposed API, main's handler map and the e2e stand-in
 * carry exactly the contract's keys, nothing more and nothing less. A call added to the
 * contract without a handler, or a handler without a contract entry, fails here.
 */
import { build } from 'esbuild';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { API_GLOBAL, CALL_NAMES, EVENT_NAMES, callChannel, eventChannel } from '../../shared/ipc/contract';
import { STORE_PORT_CHANNEL } from '../../shared/ipc/store-port';
import { createHandlers } from './handlers/index';
import { createMainServices } from './services';

const root = path.resolve(__dirname, '../..');
const sorted = (keys: Iterable<string>) => [...keys].sort();

describe('main handler map', () => {
  it('has exactly the contract calls, built through the real composition root', () => {
    const services = createMainServices({ userDataDir: '/nonexistent', openExternal: async () => undefined, emit: () => undefined, runtime: 'harness', version: '0.0.0' });
    const handlers = createHandlers(services);
    const keys = Object.keys(handlers);
    // Named lists so a failure says which call lost its handler (or which handler lost its call).
    expect({ missing: CALL_NAMES.filter((n) => !keys.includes(n)), extra: keys.filter((k) => !(CALL_NAMES as string[]).includes(k)) }).toEqual({ missing: [], extra: [] });
    expect(sorted(keys)).toEqual(sorted(CALL_NAMES));
    for (const name of CALL_NAMES) expect(typeof (handlers as Record<string, unknown>)[name], name).toBe('function');
  });
});

interface Recorded {
  exposed: Array<{ name: string; api: unknown }>;
  invoked: Array<{ channel: string; args: unknown[] }>;
  /** ipcRenderer.send: only the store port's request may use it. */
  sent: string[];
  /** What the preload posted to the page (the store port). */
  posted: Array<{ message: unknown; origin: string; transfer: unknown[] }>;
  listeners: Map<string, Set<(...args: unknown[]) => void>>;
  required: string[];
  ipcRenderer: Record<string, unknown>;
}

/** Bundles the real preload as the build does, and runs it against a recording `electron`. */
async function runPreload(): Promise<Recorded> {
  const out = await build({
    entryPoints: [path.join(root, 'electron/preload/preload.ts')],
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    external: ['electron'],
    write: false,
    logLevel: 'silent',
  });
  const code = out.outputFiles[0]?.text ?? '';
  const rec: Recorded = { exposed: [], invoked: [], sent: [], posted: [], listeners: new Map(), required: [], ipcRenderer: {} };
  rec.ipcRenderer = {
    invoke: async (channel: string, ...args: unknown[]) => {
      rec.invoked.push({ channel, args });
      return { ok: true, value: channel };
    },
    on: (channel: string, listener: (...args: unknown[]) => void) => {
      const set = rec.listeners.get(channel) ?? new Set();
      set.add(listener);
      rec.listeners.set(channel, set);
    },
    removeListener: (channel: string, listener: (...args: unknown[]) => void) => {
      rec.listeners.get(channel)?.delete(listener);
    },
    send: (channel: string, ...args: unknown[]) => {
      if (channel !== STORE_PORT_CHANNEL || args.length > 0) throw new Error(`preload may send only the store port's request, not ${channel}`);
      rec.sent.push(channel);
    },
  };
  const page = { location: { origin: 'heron://app' }, postMessage: (message: unknown, origin: string, transfer: unknown[]) => rec.posted.push({ message, origin, transfer }) };
  const electron = {
    contextBridge: { exposeInMainWorld: (name: string, api: unknown) => rec.exposed.push({ name, api }) },
    ipcRenderer: rec.ipcRenderer,
  };
  // A sandboxed preload can require only 'electron'; this require enforces the same.
  const sandboxRequire = (id: string) => {
    rec.required.push(id);
    if (id === 'electron') return electron;
    throw new Error(`a sandboxed preload cannot require "${id}"`);
  };
  const module = { exports: {} };
  new Function('require', 'module', 'exports', 'globalThis', code)(sandboxRequire, module, module.exports, page);
  return rec;
}

/** Every value reachable from the exposed object, functions included. */
function reachable(value: unknown, seen = new Set<unknown>()): Set<unknown> {
  if ((typeof value === 'object' && value !== null) || typeof value === 'function') {
    if (seen.has(value)) return seen;
    seen.add(value);
    for (const key of Reflect.ownKeys(value as object)) {
      const d = Object.getOwnPropertyDescriptor(value, key);
      if (d && 'value' in d) reachable(d.value, seen);
    }
  }
  return seen;
}

describe('preload', () => {
  it('exposes exactly one global, heron, with exactly the contract keys', async () => {
    const rec = await runPreload();
    expect(rec.required).toEqual(['electron']);
    expect(rec.exposed.map((e) => e.name)).toEqual([API_GLOBAL]);
    const api = rec.exposed[0]?.api as { calls: Record<string, unknown>; events: Record<string, unknown> };
    expect(sorted(Object.keys(api))).toEqual(['calls', 'connectStore', 'events']);
    expect(sorted(Object.keys(api.calls))).toEqual(sorted(CALL_NAMES));
    expect(sorted(Object.keys(api.events))).toEqual(sorted(EVENT_NAMES));
  });

  it('never exposes ipcRenderer or any of its functions', async () => {
    const rec = await runPreload();
    const exposed = reachable(rec.exposed[0]?.api);
    expect(exposed.has(rec.ipcRenderer)).toBe(false);
    for (const fn of Object.values(rec.ipcRenderer)) expect(exposed.has(fn)).toBe(false);
  });

  it('invokes each call on its own channel with the payload only', async () => {
    const rec = await runPreload();
    const calls = (rec.exposed[0]?.api as { calls: Record<string, (input?: unknown) => Promise<unknown>> }).calls;
    for (const name of CALL_NAMES) expect(await calls[name]?.({ n: name })).toEqual({ ok: true, value: callChannel(name) });
    expect(rec.invoked).toEqual(CALL_NAMES.map((name) => ({ channel: callChannel(name), args: [{ n: name }] })));
  });

  it('delivers event payloads without the IPC event object and unsubscribes cleanly', async () => {
    const rec = await runPreload();
    const events = (rec.exposed[0]?.api as { events: Record<string, (l: (p: unknown) => void) => () => void> }).events;
    for (const name of EVENT_NAMES) {
      const got: unknown[][] = [];
      const off = events[name]?.((...args: unknown[]) => got.push(args));
      const listeners = [...(rec.listeners.get(eventChannel(name)) ?? [])];
      expect(listeners).toHaveLength(1);
      listeners[0]?.({ sender: 'ipc-event-object' }, { payload: name });
      expect(got).toEqual([[{ payload: name }]]);
      off?.();
      expect(rec.listeners.get(eventChannel(name))?.size).toBe(0);
    }
  });

  it('hands the page each byte view of a shared buffer in a buffer of its own (the contextBridge would clone the whole buffer per view)', async () => {
    const rec = await runPreload();
    const events = (rec.exposed[0]?.api as { events: Record<string, (l: (p: unknown) => void) => () => void> }).events;
    const name = EVENT_NAMES[0] as (typeof EVENT_NAMES)[number];
    const got: unknown[] = [];
    events[name]?.((p) => got.push(p));
    const bytes = new Uint8Array(8).map((_, i) => i);
    const payload = { parts: [{ id: 'm1', raw: bytes.subarray(0, 3) }, { id: 'm2', raw: bytes.subarray(3) }] };
    [...(rec.listeners.get(eventChannel(name)) ?? [])][0]?.({ sender: 'ipc-event-object' }, payload);
    const raws = (got[0] as typeof payload).parts.map((m) => m.raw);
    expect(raws.map((r) => [r.byteOffset, r.buffer.byteLength, Array.from(r)])).toEqual([[0, 3, [0, 1, 2]], [0, 5, [3, 4, 5, 6, 7]]]);
  });

  it('asks main for the store port only when the page does, and hands the port to the page at its own origin', async () => {
    const rec = await runPreload();
    expect(rec.sent).toEqual([]);
    (rec.exposed[0]?.api as { connectStore: () => void }).connectStore();
    expect(rec.sent).toEqual([STORE_PORT_CHANNEL]);
    const port = { a: 'port' };
    [...(rec.listeners.get(STORE_PORT_CHANNEL) ?? [])][0]?.({ ports: [port] });
    expect(rec.posted).toEqual([{ message: STORE_PORT_CHANNEL, origin: 'heron://app', transfer: [port] }]);
  });
});

describe('e2e stand-in', () => {
  const entry = path.join(root, 'e2e/harness/standin-entry.ts');

  /** Bundles the stand-in's page script as the harness does and runs it in a fake window. */
  async function runStandin(origin: string, isTop = true) {
    const define = { __HERON_ORIGIN__: JSON.stringify('heron://app'), __HERON_TOKEN__: JSON.stringify('drift-test') };
    const out = await build({ entryPoints: [entry], bundle: true, format: 'iife', platform: 'browser', write: false, logLevel: 'silent', define });
    const fakeWindow: Record<string, unknown> = {};
    fakeWindow.top = isTop ? fakeWindow : {};
    // The stand-in talks HTTP to the test process; here nothing answers (a fetch that never settles).
    new Function('window', 'location', 'fetch', out.outputFiles[0]?.text ?? '')(fakeWindow, { origin }, () => new Promise(() => {}));
    return { api: fakeWindow[API_GLOBAL] as { calls: Record<string, unknown>; events: Record<string, unknown> } | undefined };
  }

  it.skipIf(!existsSync(entry))('exposes exactly the contract keys, like preload (skipped while e2e/harness/standin-entry.ts does not exist)', async () => {
    const { api } = await runStandin('heron://app');
    expect(api).toBeDefined();
    expect(sorted(Object.keys(api ?? {}))).toEqual(['calls', 'connectStore', 'events']);
    expect(sorted(Object.keys(api?.calls ?? {}))).toEqual(sorted(CALL_NAMES));
    expect(sorted(Object.keys(api?.events ?? {}))).toEqual(sorted(EVENT_NAMES));
  });

  it.skipIf(!existsSync(entry))('gives the API only to the app origin\'s top frame (skipped while the stand-in does not exist)', async () => {
    expect((await runStandin('https://evil.example')).api).toBeUndefined();
    expect((await runStandin('heron://app', false)).api).toBeUndefined();
  });
});
