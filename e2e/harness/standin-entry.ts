/**
 * Runs in the page (bundled to an IIFE and added as an init script): defines `window.heron`
 * from the contract exactly as preload does, but over HTTP to the stand-in (standin.ts) instead
 * of Electron IPC. Only the app's own top-level document gets it, as only the main frame gets
 * preload; the token in the URLs exists only in this script.
 *
 * A bench may set `window.__heronObserveCall = (name, input) => …` to see each call as it is made.
 */
import { buildApi } from '../../shared/ipc/api';
import { API_GLOBAL } from '../../shared/ipc/contract';
import { STORE_PORT_CHANNEL } from '../../shared/ipc/store-port';
import type { Result } from '../../shared/ipc/result';
import { ownViews } from '../../shared/ipc/own-views';
import { decodeFrame, encodeFrame, FrameReader, type FrameBytes } from './codec';

declare const __HERON_ORIGIN__: string;
declare const __HERON_TOKEN__: string;

type Listener = (payload: unknown) => void;
interface StandinWindow {
  __heronObserveCall?: (name: string, input: unknown) => void;
}

if (window.top === window && location.origin === __HERON_ORIGIN__) {
  const base = `${__HERON_ORIGIN__}/__heron/${__HERON_TOKEN__}`;
  const listeners = new Map<string, Set<Listener>>();

  const dispatch = (bytes: FrameBytes) => {
    const { name, value: decoded } = decodeFrame(bytes);
    // As preload does before the payload crosses the contextBridge (own-views.ts): the page gets
    // each byte view in a buffer of its own, and the harness pays that copy as the app does.
    const value = ownViews(decoded);
    // One decoded payload for every listener, as ipcRenderer hands each the same arguments.
    for (const listener of [...(listeners.get(name) ?? [])]) {
      try {
        listener(value);
      } catch (error) {
        reportError(error);
      }
    }
  };

  const pump = async (reader: ReadableStreamDefaultReader<Uint8Array>) => {
    const frames = new FrameReader();
    for (;;) {
      const chunk = await reader.read().catch(() => null); // null: the page is going away
      if (chunk === null || chunk.done) return;
      for (const frame of frames.push(chunk.value)) dispatch(frame);
    }
  };

  const eventsOpen = fetch(`${base}/events`, { cache: 'no-store' }).then((response) => {
    if (!response.ok || !response.body) throw new Error(`HTTP ${response.status}`);
    pump(response.body.getReader()).catch(reportError);
  });
  eventsOpen.catch((error: unknown) => console.error('Heron stand-in: no events stream:', error));

  // Each call starts once the one before it has started (its answer's headers arrived), so main
  // sees calls in the order they were made; and only after the events stream is open.
  let previousStarted: Promise<unknown> = eventsOpen.catch(() => undefined);
  const invoke = async (name: string, input: unknown): Promise<Result<unknown>> => {
    try {
      (window as unknown as StandinWindow).__heronObserveCall?.(name, input);
    } catch (error) {
      reportError(error);
    }
    const body = encodeFrame(name, input);
    const started = previousStarted.then(() => fetch(`${base}/call`, { method: 'POST', body, cache: 'no-store' }));
    previousStarted = started.catch(() => undefined);
    const response = await started;
    if (!response.ok) throw new Error(`The stand-in refused ${name}: HTTP ${response.status} ${await response.text()}`);
    return decodeFrame(new Uint8Array(await response.arrayBuffer())).value as Result<unknown>;
  };

  // The store port: the window's end of a channel, handed to the page as preload hands Electron's;
  // the other end is carried to main over HTTP by a worker of the stand-in's (standin-store-worker.ts).
  const connectStore = () => {
    const channel = new MessageChannel();
    const carrier = new Worker(`${base}/store-worker.js`);
    carrier.postMessage({ base, port: channel.port1 }, [channel.port1]);
    window.postMessage(STORE_PORT_CHANNEL, location.origin, [channel.port2]);
  };

  const api = buildApi(
    invoke,
    (name, listener) => {
      let set = listeners.get(name);
      if (!set) listeners.set(name, (set = new Set()));
      set.add(listener);
      return () => {
        set.delete(listener);
      };
    },
    connectStore,
  );
  Object.defineProperty(window, API_GLOBAL, { value: api, enumerable: true });
}
