import { FIXED_FOLDER_NAMES, type LocalFolder } from '../../../../shared/model/message';

export const FOLDER_NAMES: Readonly<Record<LocalFolder, string>> = FIXED_FOLDER_NAMES;

/** With several accounts, the combined Inbox has its own, familiar name. */
export function folderTitle(accountId: string | null, folder: LocalFolder, accountCount: number): string {
  return accountId === null && folder === 'inbox' && accountCount > 1 ? 'Unified Inbox' : FOLDER_NAMES[folder];
}
