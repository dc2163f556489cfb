/**
 * The main window: secure options from ../window-options.ts, bounds restored from (and saved
 * to) userData, shown once painted.
 */
import { BrowserWindow, dialog, screen } from 'electron';
import path from 'node:path';
import type { Logger } from '../../core/log/logger';
import { APP_URL } from '../app-protocol';
import { createMainWindowOptions } from '../window-options';
import { readWindowState, restoreWindowBounds, writeWindowState, type DisplayArea } from '../window-state';

function displays(): DisplayArea[] {
  const primary = screen.getPrimaryDisplay();
  // Primary first: restoreWindowBounds falls back to displays[0].
  return [primary, ...screen.getAllDisplays().filter((d) => d.id !== primary.id)].map((d) => ({ workArea: d.workArea }));
}

export async function createMainWindow(options: { preloadPath: string; userDataDir: string; isPackaged: boolean; log: Pick<Logger, 'warn'> }): Promise<BrowserWindow> {
  const stateFile = path.join(options.userDataDir, 'window-state.json');
  const bounds = restoreWindowBounds(await readWindowState(stateFile), displays());
  const win = new BrowserWindow(createMainWindowOptions({ preloadPath: options.preloadPath, bounds, isPackaged: options.isPackaged }));
  if (bounds.maximized) win.maximize();
  win.once('ready-to-show', () => win.show());

  // The page vetoes closing while it holds unsaved changes (account settings' beforeunload);
  // Electron would then stay open without a word, so the person is asked here.
  win.webContents.on('will-prevent-unload', (event) => {
    const choice = dialog.showMessageBoxSync(win, {
      type: 'question',
      buttons: ['Keep editing', 'Close without saving'],
      defaultId: 0,
      cancelId: 0,
      message: 'Close Heron without saving your changes?',
      detail: 'You changed account settings and have not saved them. Keep editing to save them first.',
    });
    if (choice === 1) event.preventDefault();
  });

  win.on('close', () => {
    // Normal bounds, so a maximized window comes back maximized over the size it had before.
    const b = win.getNormalBounds();
    void writeWindowState(stateFile, { x: b.x, y: b.y, width: b.width, height: b.height, maximized: win.isMaximized() }).catch((error: unknown) => {
      options.log.warn('Heron could not remember the window position', error);
    });
  });

  await win.loadURL(APP_URL);
  return win;
}

/** Brings the window to the front (second instance, dock click). */
export function focusWindow(win: BrowserWindow): void {
  if (win.isMinimized()) win.restore();
  if (!win.isVisible()) win.show();
  win.focus();
}
