/**
 * The application menu as plain data (issue 2 §3): File/Edit/View/Window/Help, with the macOS
 * app menu first on darwin. Items are Electron roles wherever one exists, so the OS supplies the
 * right label, accelerator and behaviour; the few app commands carry a `command` id that the
 * shell turns into a click handler. Pure, so each platform's menu is tested without Electron.
 */

export type MenuRole =
  | 'about' | 'services' | 'hide' | 'hideOthers' | 'unhide' | 'quit' | 'close'
  | 'undo' | 'redo' | 'cut' | 'copy' | 'paste' | 'pasteAndMatchStyle' | 'delete' | 'selectAll'
  | 'startSpeaking' | 'stopSpeaking'
  | 'reload' | 'forceReload' | 'toggleDevTools' | 'resetZoom' | 'zoomIn' | 'zoomOut' | 'togglefullscreen'
  | 'minimize' | 'zoom' | 'front' | 'window' | 'help' | 'appMenu' | 'fileMenu' | 'editMenu' | 'viewMenu' | 'windowMenu';

/** App-specific commands; the shell maps each to an action. */
export type MenuCommand = 'show-data-folder' | 'own-mail';

export interface MenuItemSpec {
  readonly label?: string;
  readonly role?: MenuRole;
  readonly type?: 'separator' | 'submenu';
  readonly command?: MenuCommand;
  readonly accelerator?: string;
  readonly submenu?: readonly MenuItemSpec[];
}

const separator: MenuItemSpec = { type: 'separator' };

export function buildMenuTemplate(options: { platform: string; appName: string; isPackaged: boolean }): MenuItemSpec[] {
  const mac = options.platform === 'darwin';
  const template: MenuItemSpec[] = [];

  if (mac) {
    template.push({
      label: options.appName,
      role: 'appMenu',
      submenu: [
        { role: 'about', label: `About ${options.appName}` },
        separator,
        { role: 'services' },
        separator,
        { role: 'hide' },
        { role: 'hideOthers' },
        { role: 'unhide' },
        separator,
        { role: 'quit' },
      ],
    });
  }

  template.push({
    label: '&File',
    role: 'fileMenu',
    // macOS quits from the app menu; elsewhere File > Quit (Ctrl+Q) is what people look for.
    submenu: mac
      ? [{ label: 'Import, Export and Back Up…', command: 'own-mail' }, separator, { label: 'Show Data Folder', command: 'show-data-folder' }, separator, { role: 'close' }]
      : [{ label: 'Import, Export and Back Up…', command: 'own-mail' }, separator, { label: 'Show Data Folder', command: 'show-data-folder' }, separator, { role: 'quit', accelerator: 'CmdOrCtrl+Q' }],
  });

  template.push({
    label: '&Edit',
    role: 'editMenu',
    submenu: [
      { role: 'undo' },
      { role: 'redo' },
      separator,
      { role: 'cut' },
      { role: 'copy' },
      { role: 'paste' },
      ...(mac ? [{ role: 'pasteAndMatchStyle' } as const] : []),
      { role: 'delete' },
      separator,
      { role: 'selectAll' },
      ...(mac
        ? [separator, { label: 'Speech', type: 'submenu', submenu: [{ role: 'startSpeaking' }, { role: 'stopSpeaking' }] } as const]
        : []),
    ],
  });

  template.push({
    label: '&View',
    role: 'viewMenu',
    submenu: [
      // Reload and DevTools are for developers; a packaged app offers neither.
      ...(options.isPackaged ? [] : [{ role: 'reload' } as const, { role: 'forceReload' } as const, { role: 'toggleDevTools' } as const, separator]),
      { role: 'resetZoom' },
      { role: 'zoomIn' },
      { role: 'zoomOut' },
      separator,
      { role: 'togglefullscreen' },
    ],
  });

  template.push({
    label: '&Window',
    role: 'windowMenu',
    submenu: mac
      ? [{ role: 'minimize' }, { role: 'zoom' }, separator, { role: 'front' }, separator, { role: 'window' }]
      : [{ role: 'minimize' }, { role: 'close' }],
  });

  template.push({
    label: '&Help',
    role: 'help',
    // On macOS "About" lives in the app menu; the Help menu there gets the system search field.
    submenu: mac ? [{ label: 'Show Data Folder', command: 'show-data-folder' }] : [{ role: 'about', label: `About ${options.appName}` }],
  });

  return template;
}
