/**
 * The only code that touches the preload API (`window.heron`). Every call answers a Result, and
 * a call main never answers becomes an ETIMEDOUT failure instead of a promise that hangs the UI.
 */
import { SEND_DEADLINE_MS } from '../../../shared/ipc/calls/send';
import type { CallName, EventName, HeronApi, MainCalls, MainEvents } from '../../../shared/ipc/contract';
import type { CallInput, CallOutput, EventPayload } from '../../../shared/ipc/define';
import { fail, serializeError, type Result } from '../../../shared/ipc/result';

export const DEFAULT_CALL_TIMEOUT_MS = 30_000;

export interface BridgeOptions {
  readonly timeoutMs?: number;
  /** Calls that legitimately run longer than the default. */
  readonly timeouts?: Partial<Record<CallName, number>>;
}

type ArgsOf<K extends CallName> = CallInput<MainCalls[K]> extends void ? [] : [input: CallInput<MainCalls[K]>];

export interface Bridge {
  /** True when a preload API is present (false in a plain browser tab). */
  readonly connected: boolean;
  call<K extends CallName>(name: K, ...args: ArgsOf<K>): Promise<Result<CallOutput<MainCalls[K]>>>;
  subscribe<K extends EventName>(name: K, listener: (payload: EventPayload<MainEvents[K]>) => void): () => void;
}

export function createBridge(api: HeronApi | undefined, options: BridgeOptions = {}): Bridge {
  const defaultTimeout = options.timeoutMs ?? DEFAULT_CALL_TIMEOUT_MS;
  return {
    connected: api !== undefined,
    async call(name, ...args) {
      if (!api) {
        return fail('EINTERNAL', 'Heron’s window is not connected to its main process, so it cannot do this.');
      }
      const fn = (api.calls as unknown as Record<string, (input?: unknown) => Promise<Result<unknown>>>)[name];
      if (!fn) return fail('EINTERNAL', `Heron’s main process does not offer "${name}".`);
      const ms = options.timeouts?.[name] ?? defaultTimeout;
      let timer: ReturnType<typeof setTimeout> | undefined;
      const timeout = new Promise<Result<never>>((resolve) => {
        timer = setTimeout(
          () =>
            resolve(
              fail('ETIMEDOUT', `Heron’s main process did not answer “${name}” within ${Math.round(ms / 1000)} seconds.`, {
                retryable: true,
                detail: { call: name, timeoutMs: ms },
              }),
            ),
          ms,
        );
      });
      try {
        const answer = await Promise.race([fn(args[0]), timeout]);
        return answer as Result<CallOutput<MainCalls[typeof name]>>;
      } catch (error) {
        // The IPC channel itself failed (e.g. main crashed mid-call): still a Result, never a throw.
        return { ok: false, error: serializeError(error) };
      } finally {
        clearTimeout(timer);
      }
    },
    subscribe(name, listener) {
      if (!api) return () => {};
      const sub = (api.events as unknown as Record<string, ((l: (p: unknown) => void) => () => void) | undefined>)[name];
      return sub ? sub(listener as (p: unknown) => void) : () => {};
    },
  };
}

let shared: Bridge | null = null;

/** The app's bridge over `window.heron`. */
export function getBridge(): Bridge {
  if (!shared) {
    const api = (globalThis as { heron?: HeronApi }).heron;
    shared = createBridge(api, {
      timeouts: {
        // The open-file dialog waits for the person; sending many messages or big ones takes long,
        // and a send the bridge gave up on would leave its messages "may have been sent".
        pickAttachments: 60 * 60_000,
        sendMessages: SEND_DEADLINE_MS + 5 * 60_000,
        queueMessage: 5 * 60_000,
        // These answer once the person closed main's file dialog.
        importMail: 60 * 60_000,
        exportMail: 60 * 60_000,
        backupMail: 60 * 60_000,
        restoreBackup: 60 * 60_000,
        // The person signs in in the browser; main stops waiting after 5 minutes.
        signIn: 15 * 60_000,
      },
    });
  }
  return shared;
}
