/**
 * IPC registration (STYLE.md §2–4): one `ipcMain.handle` per contract call, each checking the
 * sender frame before `dispatchCall` validates the payload and runs the handler. Events go to
 * the main window through a typed `MainEmit`. Nothing generic is registered.
 */
import { ipcMain, type IpcMainInvokeEvent, type WebContents } from 'electron';
import { CALL_NAMES, callChannel, eventChannel, type MainEmit, type MainHandlers } from '../../../shared/ipc/contract';
import { fail, type Result } from '../../../shared/ipc/result';
import type { Logger } from '../../core/log/logger';
import { dispatchCall } from '../dispatch';
import { isTrustedSender, type ExpectedSender, type SenderFacts } from '../trusted-sender';

/** What the sender check needs of an IPC event (a call or a plain message). */
export function senderFacts(event: Pick<IpcMainInvokeEvent, 'senderFrame' | 'sender'>): SenderFacts {
  // senderFrame is null once the frame navigated away or was destroyed; reading it can throw then.
  let frameUrl: string | null = null;
  let isMainFrame = false;
  try {
    const frame = event.senderFrame;
    if (frame !== null) {
      frameUrl = frame.url;
      isMainFrame = frame.parent === null && frame === event.sender.mainFrame;
    }
  } catch {
    frameUrl = null;
  }
  return { frameUrl, isMainFrame, webContentsId: event.sender.id };
}

/** Registers every call; returns a function that removes them again. */
export function registerIpc(handlers: MainHandlers, expected: () => ExpectedSender, log: Pick<Logger, 'warn' | 'error'>): () => void {
  for (const name of CALL_NAMES) {
    ipcMain.handle(callChannel(name), async (event, input: unknown): Promise<Result<unknown>> => {
      const verdict = isTrustedSender(senderFacts(event), expected());
      if (!verdict.ok) {
        log.warn(`Refused ${name} from an untrusted sender: ${verdict.reason}`);
        return fail('EFORBIDDEN', verdict.reason);
      }
      const result = await dispatchCall(handlers, name, input);
      // Heron's own failures, not a server's or the person's: worth a line for whoever debugs it.
      if (!result.ok && result.error.code === 'EINTERNAL') log.error(`${name} failed`, result.error);
      return result;
    });
  }
  return () => {
    for (const name of CALL_NAMES) ipcMain.removeHandler(callChannel(name));
  };
}

/** Sends events to whatever the main window's webContents is now (none while it is closed). */
export function createEmit(target: () => WebContents | null): MainEmit {
  return (name, payload) => {
    const contents = target();
    if (contents !== null && !contents.isDestroyed()) contents.send(eventChannel(name), payload);
  };
}
