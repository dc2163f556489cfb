import { app, BrowserWindow } from 'electron';
import path from 'node:path';

// Minimal shell; the secure window, menu, IPC registration and lifecycle land with the foundation work.
app.whenReady().then(() => {
  const win = new BrowserWindow({
    width: 1200,
    height: 800,
    webPreferences: {
      preload: path.join(__dirname, '../preload/preload.cjs'),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
    },
  });
  void win.loadFile(path.join(__dirname, '../renderer/index.html'));
});
