import { describe, expect, it } from 'vitest';
import { buildMenuTemplate, type MenuItemSpec } from './menu-template';

function flatten(items: readonly MenuItemSpec[]): MenuItemSpec[] {
  return items.flatMap((item) => [item, ...flatten(item.submenu ?? [])]);
}

describe('buildMenuTemplate', () => {
  it('has File/Edit/View/Window/Help on Windows and Linux, with Quit under File', () => {
    for (const platform of ['win32', 'linux']) {
      const menu = buildMenuTemplate({ platform, appName: 'Heron Mail', isPackaged: true });
      expect(menu.map((m) => m.label)).toEqual(['&File', '&Edit', '&View', '&Window', '&Help']);
      expect(menu[0]?.submenu?.at(-1)).toEqual({ role: 'quit', accelerator: 'CmdOrCtrl+Q' });
      // Import, export and backup are one step away from the File menu.
      expect(menu[0]?.submenu?.[0]).toEqual({ label: 'Import, Export and Back Up…', command: 'own-mail' });
      expect(menu[4]?.submenu).toEqual([{ role: 'about', label: 'About Heron Mail' }]);
    }
  });

  it('puts the app menu first on macOS with About, Services, Hide and Quit', () => {
    const menu = buildMenuTemplate({ platform: 'darwin', appName: 'Heron Mail', isPackaged: true });
    expect(menu.map((m) => m.label)).toEqual(['Heron Mail', '&File', '&Edit', '&View', '&Window', '&Help']);
    expect(menu[0]?.submenu?.map((i) => i.role ?? i.type)).toEqual(['about', 'separator', 'services', 'separator', 'hide', 'hideOthers', 'unhide', 'separator', 'quit']);
    expect(menu[1]?.submenu?.some((i) => i.role === 'quit')).toBe(false);
    expect(menu[5]?.role).toBe('help');
    const edit = flatten(menu[2]?.submenu ?? []).map((i) => i.role).filter(Boolean);
    expect(edit).toEqual(['undo', 'redo', 'cut', 'copy', 'paste', 'pasteAndMatchStyle', 'delete', 'selectAll', 'startSpeaking', 'stopSpeaking']);
  });

  it('offers reload and DevTools only in a development build', () => {
    const roles = (isPackaged: boolean) => flatten(buildMenuTemplate({ platform: 'linux', appName: 'Heron Mail', isPackaged })).map((i) => i.role);
    expect(roles(true)).not.toContain('toggleDevTools');
    expect(roles(true)).not.toContain('reload');
    expect(roles(false)).toEqual(expect.arrayContaining(['reload', 'forceReload', 'toggleDevTools']));
  });

  it('gives every item exactly one meaning', () => {
    for (const platform of ['darwin', 'win32', 'linux']) {
      for (const item of flatten(buildMenuTemplate({ platform, appName: 'Heron Mail', isPackaged: false }))) {
        const meanings = [item.role !== undefined && !item.submenu, item.command !== undefined, item.type === 'separator', item.submenu !== undefined].filter(Boolean);
        expect(meanings, JSON.stringify(item)).toHaveLength(1);
      }
    }
  });
});
