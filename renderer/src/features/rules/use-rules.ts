/** The rules page's data: the rules, live, and what the person does to them. */
import { useLiveQuery } from 'dexie-react-hooks';
import { fixedFolderFinder, importThunderbirdFilters, type ImportedRules } from '../../../../shared/rules/thunderbird';
import { foldersRepo, pathOf } from '../../data/folders-repo';
import type { FolderRow } from '../../data/rows';
import type { Rule } from '../../../../shared/model/rule';
import { getDb } from '../../data/db';
import { rulesRepo } from '../../data/rules-repo';
import { runRulesOnFolder } from '../../data/rules-stored';
import type { FolderRef } from '../../data/messages-repo';

export function useRules(): Rule[] | undefined {
  return useLiveQuery(() => rulesRepo(getDb()).list(), []);
}

/** The person's folders (rules may file mail in them). */
export function useFolderRows(): FolderRow[] | undefined {
  return useLiveQuery(() => foldersRepo(getDb()).list(), []);
}

export const saveRule = (rule: Rule) => rulesRepo(getDb()).save(rule);
export const removeRule = (id: string) => rulesRepo(getDb()).remove(id);
export const setRuleEnabled = (id: string, enabled: boolean) => rulesRepo(getDb()).setEnabled(id, enabled);
export const moveRule = (id: string, by: -1 | 1) => rulesRepo(getDb()).move(id, by);
export const runOnFolder = (ref: FolderRef) => runRulesOnFolder(getDb(), ref);

/** Reads a msgFilterRules.dat the person picked and adds what can be imported after the rules there are. */
export async function importFromThunderbird(file: File, accountId: string | null): Promise<ImportedRules> {
  const text = await file.text();
  const folders = await foldersRepo(getDb()).list();
  // A Thunderbird folder path finds the folder of that path here (the first, in any account or Local Folders).
  const byPath = (path: string) => folders.find((f) => pathOf(folders, f.id).join('/').toLowerCase() === path.toLowerCase())?.id ?? null;
  const result = importThunderbirdFilters(text, { newId: () => crypto.randomUUID(), accountId, findFolder: fixedFolderFinder(byPath) });
  if (result.rules.length > 0) await rulesRepo(getDb()).append(result.rules);
  return result;
}
