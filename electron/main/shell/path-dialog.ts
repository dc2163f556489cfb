/**
 * The file dialogs of import, export, backup and restore (electron/main/own/service.ts): what each
 * purpose asks the person for, as plain data (testable without Electron), and the Electron call.
 */
import { dialog, type BrowserWindow, type OpenDialogOptions } from 'electron';
import path from 'node:path';
import type { PathPick, PickPath } from '../own/service';

type OpenProperty = NonNullable<OpenDialogOptions['properties']>[number];

export interface DialogSpec {
  readonly kind: 'open' | 'save';
  readonly title: string;
  readonly buttonLabel: string;
  readonly properties?: readonly OpenProperty[];
  readonly filters?: ReadonlyArray<{ name: string; extensions: string[] }>;
}

// Thunderbird's folders and many mbox files have no extension: every file is offered first.
const MBOX = [{ name: 'All files', extensions: ['*'] }, { name: 'Mailbox files (mbox)', extensions: ['mbox', 'mbx'] }];
const EML = [{ name: 'Messages (.eml)', extensions: ['eml'] }];

export function dialogSpec(purpose: PathPick['purpose']): DialogSpec {
  switch (purpose) {
    case 'import-mbox':
      return { kind: 'open', title: 'Import mbox files (Thunderbird, Google Takeout, Apple Mail…)', buttonLabel: 'Import', properties: ['openFile', 'multiSelections'], filters: MBOX };
    case 'import-eml-files':
      return { kind: 'open', title: 'Import .eml files', buttonLabel: 'Import', properties: ['openFile', 'multiSelections'], filters: EML };
    case 'import-eml-folder':
      return { kind: 'open', title: 'Import a folder of .eml files', buttonLabel: 'Import', properties: ['openDirectory'] };
    case 'export-mbox':
      return { kind: 'save', title: 'Export as an mbox file', buttonLabel: 'Export', filters: MBOX };
    case 'export-eml':
      return { kind: 'open', title: 'Export as .eml files into a folder', buttonLabel: 'Export here', properties: ['openDirectory', 'createDirectory'] };
    case 'backup':
      return { kind: 'open', title: 'Back up Heron into a folder', buttonLabel: 'Back up here', properties: ['openDirectory', 'createDirectory'] };
    case 'backup-schedule':
      return { kind: 'open', title: 'Choose the folder Heron backs up into automatically', buttonLabel: 'Back up here', properties: ['openDirectory', 'createDirectory'] };
    case 'restore':
      return { kind: 'open', title: 'Restore a Heron backup (the folder holding manifest.json)', buttonLabel: 'Restore', properties: ['openDirectory'] };
    case 'thunderbird-profile':
      return { kind: 'open', title: 'Choose a Thunderbird profile folder (the one holding prefs.js)', buttonLabel: 'Choose', properties: ['openDirectory', 'showHiddenFiles'] };
  }
}

export function pathDialog(window: () => BrowserWindow | null, documents: string): PickPath {
  return async (pick) => {
    const spec = dialogSpec(pick.purpose);
    const win = window();
    if (spec.kind === 'save') {
      const options = { title: spec.title, buttonLabel: spec.buttonLabel, defaultPath: path.join(documents, pick.defaultName ?? 'mail.mbox'), filters: spec.filters?.map((f) => ({ ...f })) ?? [] };
      const result = win ? await dialog.showSaveDialog(win, options) : await dialog.showSaveDialog(options);
      return result.canceled || !result.filePath ? null : [result.filePath];
    }
    const options: OpenDialogOptions = { title: spec.title, buttonLabel: spec.buttonLabel, defaultPath: documents, properties: [...(spec.properties ?? [])], filters: spec.filters?.map((f) => ({ ...f })) ?? [] };
    const result = win ? await dialog.showOpenDialog(win, options) : await dialog.showOpenDialog(options);
    return result.canceled ? null : result.filePaths;
  };
}
