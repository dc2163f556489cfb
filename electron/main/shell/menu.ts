import { Menu, shell, type MenuItemConstructorOptions } from 'electron';
import { buildMenuTemplate, type MenuCommand, type MenuItemSpec } from '../menu-template';

/** Turns the pure menu template into Electron's, wiring app commands to their actions. */
export function installMenu(options: { platform: string; appName: string; isPackaged: boolean; userDataDir: string; showOwnMail: () => void }): void {
  const actions: Record<MenuCommand, () => void> = {
    'show-data-folder': () => void shell.openPath(options.userDataDir),
    'own-mail': options.showOwnMail,
  };
  const convert = (item: MenuItemSpec): MenuItemConstructorOptions => {
    const out: MenuItemConstructorOptions = {};
    if (item.label !== undefined) out.label = item.label;
    if (item.role !== undefined) out.role = item.role;
    if (item.type !== undefined) out.type = item.type;
    if (item.accelerator !== undefined) out.accelerator = item.accelerator;
    if (item.command !== undefined) out.click = actions[item.command];
    if (item.submenu !== undefined) out.submenu = item.submenu.map(convert);
    return out;
  };
  Menu.setApplicationMenu(Menu.buildFromTemplate(buildMenuTemplate(options).map(convert)));
}
