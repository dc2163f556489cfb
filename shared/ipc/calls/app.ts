import { call } from '../define';
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
} as const;

export const appEvents = {} as const;
