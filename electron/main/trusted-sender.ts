/**
 * Who may make IPC calls (STYLE.md §4: the sender frame is checked). Only the top frame of the
 * main window, showing the app's own page. Mail is rendered in sandboxed iframes; even if one
 * reached the preload API by a browser bug, its frame is not the main frame and is refused here.
 */
export interface SenderFacts {
  /** The URL of the frame that sent the message (`event.senderFrame.url`); null when the frame is gone. */
  readonly frameUrl: string | null;
  /** Whether that frame is its window's top frame. */
  readonly isMainFrame: boolean;
  readonly webContentsId: number;
}

export interface ExpectedSender {
  /** The main window's webContents id; null while no window exists. */
  readonly webContentsId: number | null;
  /** The app page's URL (`file:///…/out/renderer/index.html`, or the dev server's page). */
  readonly appUrl: string;
}

export type SenderVerdict = { ok: true } | { ok: false; reason: string };

export function isTrustedSender(sender: SenderFacts, expected: ExpectedSender): SenderVerdict {
  if (expected.webContentsId === null || sender.webContentsId !== expected.webContentsId) {
    return { ok: false, reason: 'The call did not come from Heron’s main window.' };
  }
  if (!sender.isMainFrame) return { ok: false, reason: 'The call came from an embedded frame.' };
  if (sender.frameUrl === null || !isAppPage(sender.frameUrl, expected.appUrl)) {
    return { ok: false, reason: 'The call came from a page that is not Heron’s own.' };
  }
  return { ok: true };
}

/**
 * Same page as the app's: same protocol, host and path. Query and fragment may differ (the
 * renderer routes with the fragment). Compared after URL parsing so `..`, case and percent
 * encodings cannot smuggle a different file past a string comparison.
 */
export function isAppPage(candidate: string, appUrl: string): boolean {
  let a: URL;
  let b: URL;
  try {
    a = new URL(candidate);
    b = new URL(appUrl);
  } catch {
    return false;
  }
  if (a.username || a.password) return false;
  // Host names are case-insensitive; Node keeps the case of a non-special scheme's host, Chromium does not.
  return a.protocol === b.protocol && a.host.toLowerCase() === b.host.toLowerCase() && a.pathname === b.pathname;
}
