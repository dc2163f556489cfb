/**
 * The main window's options as plain data (issue 2 §3), so a unit test can pin every security
 * flag without starting Electron. The shell passes this object to `new BrowserWindow` unchanged.
 * The shape mirrors Electron's `BrowserWindowConstructorOptions` for the fields Heron sets.
 */
import type { WindowBounds } from './window-state';

export interface SecureWebPreferences {
  readonly preload: string;
  /** The renderer's JavaScript runs in a world separate from preload's: only `window.heron` crosses. */
  readonly contextIsolation: true;
  /** The renderer process is OS-sandboxed; preload can require only 'electron'. */
  readonly sandbox: true;
  readonly nodeIntegration: false;
  readonly nodeIntegrationInWorker: false;
  readonly nodeIntegrationInSubFrames: false;
  readonly webSecurity: true;
  readonly allowRunningInsecureContent: false;
  readonly webviewTag: false;
  readonly experimentalFeatures: false;
  readonly enableBlinkFeatures: '';
  readonly navigateOnDragDrop: false;
  readonly spellcheck: boolean;
  readonly safeDialogs: true;
  readonly devTools: boolean;
  /**
   * Chromium's PDF viewer, the only plugin Electron has, for the reader's PDF preview
   * (features/reader/AttachmentPreview.tsx). Mail never reaches it: message frames are sandboxed
   * (a sandboxed frame never loads a plugin) and the app's CSP has object-src 'none'.
   */
  readonly plugins: true;
}

export interface MainWindowOptions {
  readonly x?: number;
  readonly y?: number;
  readonly width: number;
  readonly height: number;
  readonly minWidth: number;
  readonly minHeight: number;
  readonly title: string;
  /** Shown on 'ready-to-show' so the person never sees an empty white frame. */
  readonly show: false;
  readonly backgroundColor: string;
  readonly webPreferences: SecureWebPreferences;
}

export const MIN_WINDOW = { width: 720, height: 480 } as const;

export function createMainWindowOptions(options: {
  preloadPath: string;
  bounds: WindowBounds;
  /** DevTools only in development builds: a packaged app gives hostile mail no console to aim at. */
  isPackaged: boolean;
}): MainWindowOptions {
  const { bounds } = options;
  return {
    ...(bounds.x === undefined || bounds.y === undefined ? {} : { x: bounds.x, y: bounds.y }),
    width: bounds.width,
    height: bounds.height,
    minWidth: MIN_WINDOW.width,
    minHeight: MIN_WINDOW.height,
    title: 'Heron Mail',
    show: false,
    backgroundColor: '#ffffff',
    webPreferences: {
      preload: options.preloadPath,
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
      devTools: !options.isPackaged,
      plugins: true,
    },
  };
}
