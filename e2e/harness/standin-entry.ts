/**
 * Runs in the page (bundled to an IIFE and added as an init script): defines `window.heron`
 * from the contract exactly as preload does, but over Playwright bindings instead of Electron IPC.
 * Only the app's own top-level document gets it, as only the main frame gets preload.
 */
import { buildApi } from '../../shared/ipc/api';
import { API_GLOBAL } from '../../shared/ipc/contract';
import type { Result } from '../../shared/ipc/result';
import { decode, encode } from './codec';

declare const __HERON_ORIGIN__: string;

type Listener = (payload: unknown) => void;
interface StandinWindow {
  __heronInvoke(name: string, input: unknown): Promise<unknown>;
}

if (window.top === window && location.origin === __HERON_ORIGIN__) {
  const w = window as unknown as StandinWindow;
  const listeners = new Map<string, Set<Listener>>();
  const api = buildApi(
    async (name, input) => decode(await w.__heronInvoke(name, encode(input))) as Result<unknown>,
    (name, listener) => {
      let set = listeners.get(name);
      if (!set) listeners.set(name, (set = new Set()));
      set.add(listener);
      return () => {
        set.delete(listener);
      };
    },
  );
  Object.defineProperty(window, '__heronEmit', {
    value: (name: string, payload: unknown) => {
      for (const listener of [...(listeners.get(name) ?? [])]) listener(decode(payload));
    },
  });
  Object.defineProperty(window, API_GLOBAL, { value: api, enumerable: true });
}
