/**
 * The main-process side of the stand-in: the real handlers (`createMainServices` +
 * `createHandlers` + `dispatchCall`, the same code Electron's IPC registration runs) answer the
 * page over HTTP on the app's own origin (`connect-src 'self'` already allows it), mounted on the
 * renderer's static server under a random token:
 *   POST /__heron/<token>/call    body: a frame (codec.ts) of [name, input]; answer: the Result's frame
 *   GET  /__heron/<token>/events  one per page, never ends: every event main emits, as frames, in order
 * Unlike Electron's IPC this rides on HTTP/1.1, where Chromium opens at most 6 connections per
 * origin: with a page's events stream holding one, at most 5 of its calls can be unanswered at
 * once; a further call waits in Chromium until one is answered.
 */
import { build } from 'esbuild';
import { randomUUID } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BrowserContext } from '@playwright/test';
import type { MainEmit, MainHandlers } from '../../shared/ipc/contract';
import { fail } from '../../shared/ipc/result';
import { dispatchCall } from '../../electron/main/dispatch';
import { createHandlers } from '../../electron/main/handlers/index';
import { createMainServices, type MainServices, type MainServicesOptions } from '../../electron/main/services';
import { decodeFrame, encodeFrame, encodeFrameParts } from './codec';
import type { StaticServer } from './static-server';
import { httpStore, type StoreObserver } from './standin-store';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** Far above any real call (a batch of raw messages to parse), still a bound on what Node buffers. */
const MAX_CALL_BYTES = 256 * 1024 * 1024;
/** A page that has not read this much of its events is stuck: its stream is closed rather than Node's memory filled. */
const MAX_EVENT_BACKLOG = 512 * 1024 * 1024;
// Replaced by each stand-in's own token, so a worker bundles once for all its tests.
const TOKEN_SLOT = '__heron_token_slot_7f3a__';

/** The page side of the stand-in for one app origin (the static server that serves it). */
export interface StandinScript {
  readonly server: StaticServer;
  readonly source: string;
  /** The worker that carries the store port over HTTP (standin-store-worker.ts). */
  readonly storeWorker: string;
}

export async function bundleStandin(server: StaticServer): Promise<StandinScript> {
  const result = await build({
    entryPoints: [path.join(ROOT, 'e2e/harness/standin-entry.ts')],
    bundle: true,
    write: false,
    format: 'iife',
    platform: 'browser',
    target: 'chrome120',
    define: { __HERON_ORIGIN__: JSON.stringify(server.origin), __HERON_TOKEN__: JSON.stringify(TOKEN_SLOT) },
    logLevel: 'warning',
  });
  const source = result.outputFiles[0]?.text;
  if (source === undefined) throw new Error('esbuild produced no stand-in bundle');
  if (source.split(TOKEN_SLOT).length !== 2) throw new Error('the stand-in bundle must name its token exactly once');
  const carrier = await build({ entryPoints: [path.join(ROOT, 'e2e/harness/standin-store-worker.ts')], bundle: true, write: false, format: 'iife', platform: 'browser', target: 'chrome120', logLevel: 'warning' });
  const storeWorker = carrier.outputFiles[0]?.text;
  if (storeWorker === undefined) throw new Error('esbuild produced no stand-in store worker');
  return { server, source, storeWorker };
}

export interface Standin {
  readonly services: MainServices;
  /** URLs main was asked to open in the OS (recorded, never opened). */
  readonly openedExternal: readonly string[];
  /** Files main handed to the system's app (recorded, never opened). */
  readonly openedPaths: readonly string[];
  /** Calls the page made, in order (name only: payloads may hold secrets). */
  readonly calls: readonly string[];
  /**
   * With `recordTraffic`: every answer and event main sent the page, as JSON (bytes left out), so
   * a test can prove what never reached the window.
   */
  readonly traffic: readonly string[];
  dispose(): Promise<void>;
}

async function packageVersion(): Promise<string> {
  const pkg = JSON.parse(await readFile(path.join(ROOT, 'package.json'), 'utf8')) as { version: string };
  return pkg.version;
}

/** Test-only wiring a caller may add (the bench's real Dovecot needs its test CA trusted; a file-picker stub; a bench watching the store port). */
export type StandinOptions = Partial<Pick<MainServicesOptions, 'pop3Connect' | 'testNetwork' | 'pickAttachmentFiles' | 'pickPath' | 'thunderbirdRoots' | 'backupClock'>> & {
  readonly observeStore?: StoreObserver;
  readonly recordTraffic?: boolean;
};

/** JSON of an answer or event without its bytes (mail, stored as received, is not what these checks are about). */
function trafficText(name: string, value: unknown): string {
  return `${name} ${JSON.stringify(value, (_key, v: unknown) => (ArrayBuffer.isView(v) || v instanceof ArrayBuffer ? '[bytes]' : v))}`;
}

/** Wires a browser context to main's real services. Call before the first page loads. */
export async function installStandin(context: BrowserContext, script: StandinScript, standinOptions: StandinOptions = {}): Promise<Standin> {
  const { observeStore, ...options } = standinOptions;
  const userDataDir = await mkdtemp(path.join(os.tmpdir(), 'heron-e2e-main-'));
  const openedExternal: string[] = [];
  const openedPaths: string[] = [];
  const calls: string[] = [];
  const traffic: string[] = [];
  const record = options.recordTraffic ? (name: string, value: unknown) => traffic.push(trafficText(name, value)) : null;
  const streams = new Set<ServerResponse>();
  const { recordTraffic: _recordTraffic, ...serviceOptions } = options;
  const services = createMainServices({
    userDataDir,
    openExternal: async (url) => {
      openedExternal.push(url);
    },
    openPath: async (filePath) => {
      openedPaths.push(filePath);
    },
    emit: emitTo(streams, record),
    runtime: 'harness',
    version: await packageVersion(),
    // The bundled worker from the production build, as the app loads it.
    fetchWorkerPath: path.join(ROOT, 'out/main/fetch-worker.cjs'),
    ...serviceOptions,
  });
  // As the shell does once its window is open: a scheduled backup overdue now runs.
  void services.own.scheduler.start();
  const handlers = createHandlers(services);
  const store = httpStore(services.store, observeStore);
  const token = randomUUID();
  const unmount = script.server.mount(token, (req, res, route) => {
    if (route === 'store-worker.js' && req.method === 'GET' && fromAppWorker(req)) {
      res.writeHead(200, { 'Content-Type': 'text/javascript; charset=utf-8', 'Cache-Control': 'no-store' }).end(script.storeWorker);
    } else if (!fromAppTopFrame(req, script.server.origin)) {
      res.writeHead(403, { 'Content-Type': 'text/plain' }).end('This frame may not talk to Heron.');
    } else if (route === 'call' && req.method === 'POST') {
      void serveCall(req, res, handlers, calls, record);
    } else if (route === 'events' && req.method === 'GET') {
      openEvents(res, streams);
    } else if (route === 'store' && req.method === 'GET') {
      store.open(res);
    } else if (route === 'store' && req.method === 'POST') {
      store.receive(req, res);
    } else {
      res.writeHead(405).end();
    }
  });
  await context.addInitScript({ content: script.source.replace(TOKEN_SLOT, token) });
  return {
    services,
    openedExternal,
    openedPaths,
    calls,
    traffic,
    dispose: async () => {
      unmount();
      services.own.scheduler.stop();
      await services.own.scheduler.idle();
      for (const res of streams) res.end();
      streams.clear();
      store.close();
      await services.fetch.jobs.stop();
      await services.tempFiles.removeAll();
      await rm(userDataDir, { recursive: true, force: true });
    },
  };
}

/**
 * The trusted-sender check, as main checks the IPC sender's frame: only the app's own document
 * knows the token (its init script defines the API in the top frame only); the browser's own
 * headers then say the request is a same-origin fetch(), which a sandboxed (opaque-origin) frame,
 * a navigation or another site cannot make.
 */
function fromAppTopFrame(req: IncomingMessage, origin: string): boolean {
  const h = req.headers;
  const originOk = req.method === 'POST' ? h.origin === origin : h.origin === undefined || h.origin === origin;
  return originOk && h['sec-fetch-site'] === 'same-origin' && h['sec-fetch-dest'] === 'empty';
}

/** The page starting the stand-in's store worker: a same-origin worker script request. */
function fromAppWorker(req: IncomingMessage): boolean {
  return req.headers['sec-fetch-site'] === 'same-origin' && req.headers['sec-fetch-dest'] === 'worker';
}

async function serveCall(req: IncomingMessage, res: ServerResponse, handlers: MainHandlers, calls: string[], record: ((name: string, value: unknown) => void) | null): Promise<void> {
  const body = await readBody(req, MAX_CALL_BYTES).catch(() => null);
  if (body === 'too-large') {
    res.writeHead(413, { 'Content-Type': 'text/plain', Connection: 'close' }).end(`A call may carry at most ${MAX_CALL_BYTES} bytes.`);
    return;
  }
  if (body === null) return; // The page went away mid-request.
  let frame;
  try {
    frame = decodeFrame(body);
  } catch (error) {
    res.writeHead(400, { 'Content-Type': 'text/plain' }).end(error instanceof Error ? error.message : String(error));
    return;
  }
  calls.push(frame.name);
  const pending = dispatchCall(handlers, frame.name, frame.value);
  // The page starts its next call when these headers arrive: calls begin in the order the page
  // made them, as over Electron's one IPC channel, while a slow one does not hold up the rest.
  res.writeHead(200, { 'Content-Type': 'application/octet-stream', 'Cache-Control': 'no-store' });
  res.flushHeaders();
  const result = await pending;
  record?.(frame.name, result);
  let reply: Uint8Array;
  try {
    reply = encodeFrame(frame.name, result);
  } catch (error) {
    reply = encodeFrame(frame.name, fail('EINTERNAL', `The stand-in could not send the answer to ${frame.name}: ${String(error)}`));
  }
  if (!res.destroyed) res.end(reply);
}

function readBody(req: IncomingMessage, limit: number): Promise<Buffer | 'too-large'> {
  return new Promise((resolve, reject) => {
    if (Number(req.headers['content-length'] ?? 0) > limit) {
      req.resume();
      resolve('too-large');
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.byteLength;
      if (size <= limit) {
        chunks.push(chunk);
        return;
      }
      // Still flowing: the rest is read and dropped, and `Connection: close` ends it.
      req.off('data', onData);
      req.resume();
      chunks.length = 0;
      resolve('too-large');
    };
    req.on('data', onData);
    req.once('end', () => resolve(chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks, size)));
    req.once('error', reject);
    req.once('close', () => reject(new Error('closed')));
  });
}

function openEvents(res: ServerResponse, streams: Set<ServerResponse>): void {
  // The stream never ends, so its end is the connection's: no chunked encoding, whose framing
  // around each of a batch's hundreds of byte segments cost main's thread more than the bytes.
  res.useChunkedEncodingByDefault = false;
  res.writeHead(200, { 'Content-Type': 'application/octet-stream', 'Cache-Control': 'no-store', 'X-Content-Type-Options': 'nosniff' });
  // The page makes its first call only once these headers arrive, so no event can precede its stream.
  res.flushHeaders();
  streams.add(res);
  const drop = () => streams.delete(res);
  res.once('close', drop);
  res.on('error', drop);
}

/** Main's emit: one frame to every open events stream, encoded once. Never throws into main. */
function emitTo(streams: Set<ServerResponse>, record: ((name: string, value: unknown) => void) | null): MainEmit {
  return (name, payload) => {
    record?.(name, payload);
    if (streams.size === 0) return;
    let parts: Uint8Array[];
    try {
      // The payload's bytes are written as they are, not copied into one frame (codec.ts says why);
      // main never changes bytes it has emitted.
      parts = encodeFrameParts(name, payload);
    } catch (error) {
      console.warn(`stand-in: could not encode ${name}:`, error);
      return;
    }
    for (const res of streams) {
      if (res.destroyed || res.writableEnded) {
        streams.delete(res);
      } else if (res.writableLength > MAX_EVENT_BACKLOG) {
        console.warn(`stand-in: a page stopped reading its events (${res.writableLength} bytes waiting); closing its stream`);
        streams.delete(res);
        res.destroy();
      } else {
        // Over the socket's high-water mark write() buffers and returns false; the page catches up.
        // Corked, the parts leave in one writev.
        res.cork();
        for (const part of parts) res.write(part);
        res.uncork();
      }
    }
  };
}
