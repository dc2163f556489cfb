import { call, event } from '../define';
import { v } from '../validate';

export interface AppInfo {
  readonly name: string;
  readonly version: string;
  /** 'electron' in the real app, 'harness' when the renderer runs against the test stand-in. */
  readonly runtime: 'electron' | 'harness';
  readonly platform: string;
}

/** App-level calls: information about the app and the few things the shell does for the renderer. */
export const appCalls = {
  getAppInfo: call<AppInfo>()(v.none()),
  /** Opens an http(s) or mailto link in the system's browser or mail handler, through main's URL policy. */
  openExternal: call<void>()(v.object({ url: v.string({ min: 1, max: 8192 }) })),
  /**
   * mailto links the OS handed to Heron (started from a link, or a link clicked while running),
   * oldest first; each is returned once. Call on start and after every `mailtoRequested`.
   */
  takePendingMailto: call<string[]>()(v.none()),
  /**
   * The preferences main acts on by itself (stored by the renderer in Dexie; sent at start and on
   * every change). While `notifyNewMail` is false, main shows no new-mail notification.
   */
  setPreferences: call<void>()(v.object({ notifyNewMail: v.boolean() })),
} as const;

export const appEvents = {
  /** A mailto link is waiting: drain with `takePendingMailto` (the event carries no link, so none is lost or doubled). */
  mailtoRequested: event<{ readonly pending: number }>(),
  /**
   * The machine woke from sleep (Electron's powerMonitor 'resume'): timers slept with it, so the
   * Outbox looks at once for messages that fell due meanwhile.
   */
  systemResumed: event<{ readonly at: number }>(),
} as const;
