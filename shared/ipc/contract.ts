/**
 * THE IPC contract (STYLE.md §2). Every renderer→main call and main→renderer event is a key of
 * `mainCalls` / `mainEvents`; preload, main's handler map and the test stand-in are all built
 * from these keys, so they cannot drift. Each feature owns one fragment file in `calls/`.
 */
import { appCalls, appEvents } from './calls/app';
import { attachmentsCalls, attachmentsEvents } from './calls/attachments';
import { connectionCalls, connectionEvents } from './calls/connection';
import { connectionLogCalls, connectionLogEvents } from './calls/connection-log';
import { credentialsCalls, credentialsEvents } from './calls/credentials';
import { fetchCalls, fetchEvents } from './calls/fetch';
import { filesCalls, filesEvents } from './calls/files';
import { logCalls, logEvents } from './calls/log';
import { ownCalls, ownEvents } from './calls/own';
import { sendCalls, sendEvents } from './calls/send';
import { setupCalls, setupEvents } from './calls/setup';
import { signInCalls, signInEvents } from './calls/sign-in';
import type { ApiOf, Emit, EventsApiOf, HandlersOf } from './define';

export const mainCalls = {
  ...appCalls,
  ...attachmentsCalls,
  ...connectionCalls,
  ...connectionLogCalls,
  ...credentialsCalls,
  ...fetchCalls,
  ...filesCalls,
  ...logCalls,
  ...ownCalls,
  ...sendCalls,
  ...setupCalls,
  ...signInCalls,
} as const;

export const mainEvents = {
  ...appEvents,
  ...attachmentsEvents,
  ...connectionEvents,
  ...connectionLogEvents,
  ...credentialsEvents,
  ...fetchEvents,
  ...filesEvents,
  ...logEvents,
  ...ownEvents,
  ...sendEvents,
  ...setupEvents,
  ...signInEvents,
} as const;

export type MainCalls = typeof mainCalls;
export type MainEvents = typeof mainEvents;
export type CallName = keyof MainCalls & string;
export type EventName = keyof MainEvents & string;

/** The object the renderer gets as `window.heron`. */
export interface HeronApi {
  readonly calls: ApiOf<MainCalls>;
  readonly events: EventsApiOf<MainEvents>;
  /**
   * Asks main for the store port (store-port.ts); it arrives as a window message whose data is
   * STORE_PORT_CHANNEL, with the port in `ports` (a port cannot cross the contextBridge itself).
   */
  readonly connectStore: () => void;
}

export type MainHandlers = HandlersOf<MainCalls>;
export type MainEmit = Emit<MainEvents>;

export const CALL_NAMES = Object.keys(mainCalls) as CallName[];
export const EVENT_NAMES = Object.keys(mainEvents) as EventName[];

/** Channel names are derived from keys, never written by hand. */
export function callChannel(name: CallName): string {
  return `heron:call:${name}`;
}

export function eventChannel(name: EventName): string {
  return `heron:event:${name}`;
}

/** The global name under which preload (or the test stand-in) exposes the API. */
export const API_GLOBAL = 'heron';
