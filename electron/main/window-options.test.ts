import { describe, expect, it } from 'vitest';
import { createMainWindowOptions, MIN_WINDOW } from './window-options';

describe('createMainWindowOptions', () => {
  const options = createMainWindowOptions({ preloadPath: '/app/out/preload/preload.cjs', bounds: { width: 1000, height: 700, maximized: false }, isPackaged: true });

  it('pins every security flag of the renderer', () => {
    expect(options.webPreferences).toEqual({
      preload: '/app/out/preload/preload.cjs',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      experimentalFeatures: false,
      enableBlinkFeatures: '',
      navigateOnDragDrop: false,
      spellcheck: true,
      safeDialogs: true,
      devTools: false,
      plugins: true,
    });
  });

  it('offers DevTools only to a development build', () => {
    const dev = createMainWindowOptions({ preloadPath: '/p', bounds: { width: 800, height: 600, maximized: false }, isPackaged: false });
    expect(dev.webPreferences.devTools).toBe(true);
    expect(dev.webPreferences.sandbox).toBe(true);
  });

  it('uses the restored bounds and stays hidden until painted', () => {
    expect(options).toMatchObject({ width: 1000, height: 700, show: false, minWidth: MIN_WINDOW.width, minHeight: MIN_WINDOW.height });
    expect('x' in options).toBe(false);
    const placed = createMainWindowOptions({ preloadPath: '/p', bounds: { x: 10, y: 20, width: 800, height: 600, maximized: true }, isPackaged: true });
    expect([placed.x, placed.y]).toEqual([10, 20]);
  });
});
