/**
 * What a Thunderbird profile holds for Heron: its POP3 accounts with their folders and POP state,
 * its Local Folders, and the accounts Heron does not import — what the import screen lists for
 * the person to pick from.
 */
import { lstat, readFile } from 'node:fs/promises';
import path from 'node:path';
import { HeronError } from '../../../shared/ipc/result';
import { readAccounts, type ThunderbirdAccount, type ThunderbirdServer } from './accounts';
import { listFolders, type ThunderbirdFolder } from './folders';
import { linesFor, readPopstate, type PopstateLine } from './popstate';
import { parsePrefs } from './prefs';

export interface ThunderbirdPop3Account {
  readonly account: ThunderbirdAccount;
  readonly folders: readonly ThunderbirdFolder[];
  /** null: no popstate.dat (nothing downloaded, or the file was removed). */
  readonly popstate: readonly PopstateLine[] | null;
  readonly popstateUnreadable: number;
}

export interface ProfileContents {
  readonly pop3: readonly ThunderbirdPop3Account[];
  readonly localFolders: { readonly server: ThunderbirdServer; readonly folders: readonly ThunderbirdFolder[] } | null;
  readonly others: readonly ThunderbirdAccount[];
  /** prefs.js statements that could not be read. */
  readonly prefsUnreadable: number;
  /** Thunderbird's lock is there: it may be running, and writing the folders being read. */
  readonly mayBeInUse: boolean;
}

export async function readProfile(dir: string): Promise<ProfileContents> {
  let text: string;
  try {
    text = await readFile(path.join(dir, 'prefs.js'), 'utf8');
  } catch (error) {
    throw new HeronError('ENOTFOUND', `This Thunderbird profile has no settings file (prefs.js): ${dir}`, { cause: error });
  }
  const prefs = parsePrefs(text);
  const accounts = readAccounts(prefs, dir);
  const pop3: ThunderbirdPop3Account[] = [];
  for (const account of accounts.pop3) {
    const state = await readPopstate(account.server.directory);
    pop3.push({
      account,
      folders: await listFolders(account.server.directory),
      popstate: state === null ? null : linesFor(state, account.server.hostname, account.server.username),
      popstateUnreadable: state?.unreadable ?? 0,
    });
  }
  const local = accounts.localFolders;
  return {
    pop3,
    localFolders: local === null ? null : { server: local, folders: await listFolders(local.directory) },
    others: accounts.others,
    prefsUnreadable: prefs.unreadable,
    mayBeInUse: (await present(path.join(dir, 'parent.lock'))) || (await present(path.join(dir, 'lock'))),
  };
}

async function present(file: string): Promise<boolean> {
  return lstat(file).then(
    () => true,
    () => false,
  );
}
