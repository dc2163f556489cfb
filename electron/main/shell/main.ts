/**
 * App lifecycle (issue 2 §3): one instance, one secure window, IPC registered from the contract,
 * mailto links queued for the renderer. Everything that can be plain Node lives outside shell/
 * and is unit-tested; this file only wires Electron's events to it.
 */
import { app, BrowserWindow, clipboard, dialog, powerMonitor, session, shell } from 'electron';
import path from 'node:path';
import { APP_URL } from '../app-protocol';
import { createHandlers } from '../handlers/index';
import { mailtoFromArgv } from '../launch-args';
import { createMainServices } from '../services';
import { pathDialog } from './path-dialog';
import { createEmit, registerIpc } from './ipc';
import { hardenWebContents } from './harden';
import { installMenu } from './menu';
import { guardSession, registerAppScheme, serveApp } from './protocol';
import { notifyNewMail } from './notify';
import { safeStorageCipher } from './safe-storage-cipher';
import { serveStorePort } from './store-port';
import { createMainWindow, focusWindow } from './window';

// Every renderer sandboxed, whatever a window's options say.
app.enableSandbox();
// A profile folder given on the command line (tests, portable use) must hold everything, secrets included.
const userDataOverride = app.commandLine?.getSwitchValue('user-data-dir');
if (userDataOverride) app.setPath('userData', userDataOverride);
registerAppScheme();

const preloadPath = path.join(__dirname, '../preload/preload.cjs');
const rendererDir = path.join(__dirname, '../renderer');

let mainWindow: BrowserWindow | null = null;
let opening: Promise<void> | null = null;

if (!app.requestSingleInstanceLock()) {
  // Another Heron runs: it received our argv through 'second-instance'; this process leaves.
  app.quit();
} else {
  const services = createMainServices({
    userDataDir: app.getPath('userData'),
    openExternal: (url) => shell.openExternal(url),
    emit: createEmit(() => mainWindow?.webContents ?? null),
    runtime: 'electron',
    version: app.getVersion(),
    // Used only from IPC handlers, which are registered after 'ready' as safeStorage requires.
    secretCipher: safeStorageCipher,
    onNewMail: notifyNewMail(() => mainWindow),
    // The connection log's Copy button: the window itself has no clipboard permission.
    writeClipboard: (text) => clipboard.writeText(text),
    // Attachments: main shows the dialog and keeps the paths; the renderer only gets tokens.
    pickAttachmentFiles: async () => {
      const options = { title: 'Attach files', properties: ['openFile', 'multiSelections'] as ('openFile' | 'multiSelections')[] };
      const result = mainWindow ? await dialog.showOpenDialog(mainWindow, options) : await dialog.showOpenDialog(options);
      return result.canceled ? [] : result.filePaths;
    },
    // Saving an attachment: the person picks the place; the name was made safe in main already.
    saveFileDialog: async (defaultName) => {
      const options = { title: 'Save attachment', defaultPath: path.join(app.getPath('downloads'), defaultName) };
      const result = mainWindow ? await dialog.showSaveDialog(mainWindow, options) : await dialog.showSaveDialog(options);
      return result.canceled || !result.filePath ? null : result.filePath;
    },
    // Opening an attachment: the system's app for its type; Electron answers an error string ('' = opened).
    openPath: async (filePath) => {
      const error = await shell.openPath(filePath);
      if (error) throw new Error(error);
    },
    // Import, export, backup and restore: main shows the dialog; the window never names a path.
    pickPath: pathDialog(() => mainWindow, app.getPath('documents')),
    logToStderr: true,
  });
  const log = services.logger.child('shell');
  for (const url of mailtoFromArgv(process.argv)) services.mailtoInbox.push(url);

  const openWindow = async (): Promise<void> => {
    if (mainWindow !== null) return focusWindow(mainWindow);
    // One window even if 'activate' and 'second-instance' arrive together.
    opening ??= createMainWindow({ preloadPath, userDataDir: services.userDataDir, isPackaged: app.isPackaged, log })
      .then((win) => {
        mainWindow = win;
        win.on('closed', () => {
          if (mainWindow === win) mainWindow = null;
        });
      })
      .finally(() => {
        opening = null;
      });
    return opening;
  };
  const report = (error: unknown) => log.error('Heron could not open its window', error);

  app.on('second-instance', (_event, argv) => {
    for (const url of mailtoFromArgv(argv)) services.mailtoInbox.push(url);
    if (app.isReady()) void openWindow().catch(report);
  });
  // macOS hands links over with open-url, possibly before 'ready'; the inbox keeps them.
  app.on('open-url', (event, url) => {
    event.preventDefault();
    services.mailtoInbox.push(url);
  });
  app.on('web-contents-created', (_event, contents) => hardenWebContents(contents));

  void app.whenReady().then(async () => {
    guardSession(session.defaultSession);
    serveApp(session.defaultSession, rendererDir);
    installMenu({ platform: process.platform, appName: app.getName(), isPackaged: app.isPackaged, userDataDir: services.userDataDir, showOwnMail: () => services.emit('showOwnMail', { section: 'own-mail' }) });
    const expected = () => ({ webContentsId: mainWindow?.webContents.id ?? null, appUrl: APP_URL });
    registerIpc(createHandlers(services), expected, services.logger.child('ipc'));
    serveStorePort(services.store, expected);
    // Only an installed app registers itself; a dev run must not take over the person's mail links.
    if (app.isPackaged && !app.isDefaultProtocolClient('mailto')) app.setAsDefaultProtocolClient('mailto');
    // The window's timers slept with the machine: the Outbox sends what fell due meanwhile.
    powerMonitor.on('resume', () => {
      services.emit('systemResumed', { at: Date.now() });
      // A timer does not count the time asleep: a backup that fell due meanwhile runs now.
      services.own.scheduler.wake();
    });
    app.on('activate', () => {
      if (BrowserWindow.getAllWindows().length === 0) void openWindow().catch(report);
    });
    await openWindow();
    // A scheduled backup overdue at start runs now (once the window's store is there to read).
    void services.own.scheduler.start().catch((error: unknown) => log.warn('Scheduled backups could not start', error));
  }).catch((error: unknown) => {
    report(error);
    app.exit(1);
  });

  // Running fetches end without QUIT: the server deletes nothing that was not confirmed stored.
  app.on('before-quit', () => {
    void services.fetch.service.stopAll();
    void services.fetch.jobs.stop();
    void services.tempFiles.removeAll();
    services.own.scheduler.stop();
  });

  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
}
