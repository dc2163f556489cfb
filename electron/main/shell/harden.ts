/**
 * Applied to every webContents Electron creates (`web-contents-created`): no webviews, no new
 * windows, no navigation away from the app. Links reach the OS only through the URL policy.
 */
import { shell, type WebContents } from 'electron';
import { APP_ORIGIN, isAppUrl } from '../app-protocol';
import { decideNavigation, decideWindowOpen } from '../permission-policy';
import { checkExternalUrl } from '../url-policy';

export function hardenWebContents(contents: WebContents): void {
  contents.on('will-attach-webview', (event) => event.preventDefault());

  contents.setWindowOpenHandler(({ url }) => {
    const verdict = decideWindowOpen(url);
    if (verdict.openExternally !== null) {
      const vetted = checkExternalUrl(verdict.openExternally);
      if (vetted.ok) void shell.openExternal(vetted.url).catch(() => undefined);
    }
    return { action: verdict.action };
  });

  contents.on('will-frame-navigate', (event) => {
    if (!decideNavigation(event.url, { isMainFrame: event.isMainFrame }, isAppUrl, APP_ORIGIN).allow) event.preventDefault();
  });
  // Older paths still emit these; both are checked so no route around the frame check exists.
  contents.on('will-navigate', (event, url) => {
    if (!decideNavigation(url, { isMainFrame: true }, isAppUrl, APP_ORIGIN).allow) event.preventDefault();
  });
  contents.on('will-redirect', (event, url, _isInPlace, isMainFrame) => {
    if (!decideNavigation(url, { isMainFrame }, isAppUrl, APP_ORIGIN).allow) event.preventDefault();
  });
}
