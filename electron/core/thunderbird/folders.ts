/**
 * A Thunderbird account's folders on disk (the default mbox store): each folder is a file
 * holding its messages as an mbox, usually beside its index (`Name.msf`); its sub-folders sit in
 * the directory `Name.sbd`. Thunderbird rebuilds a missing index, so a file without one counts
 * when it is empty or starts like an mbox; the other files of the account's folder
 * (popstate.dat, msgFilterRules.dat, filterlog.html …) are not folders.
 */
import { open, readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import type { SpecialFolder } from '../mbox/folder-ref';

export interface ThunderbirdFolder {
  /** Folder names from the account's top: ['Inbox'], ['Archives', '2023']. */
  readonly path: readonly string[];
  /** The mbox file, absolute. */
  readonly file: string;
  readonly size: number;
  /** Whether Thunderbird's index (`.msf`) is beside it. */
  readonly indexed: boolean;
  /** The well-known folder a top-level folder is, by Thunderbird's names for them. */
  readonly special: SpecialFolder | null;
}

const SPECIAL: Record<string, SpecialFolder> = { Inbox: 'inbox', Sent: 'sent', Drafts: 'drafts', Trash: 'trash', Junk: 'junk', Archives: 'archive' };
/** Files Thunderbird keeps beside the folders. */
const NOT_FOLDERS = /\.(msf|dat|html|json|log|bak|tmp|sqlite|lock)$/i;

/** Every folder under an account's directory (empty when it is missing), sub-folders after their parent. */
export async function listFolders(dir: string, parents: readonly string[] = []): Promise<ThunderbirdFolder[]> {
  let entries: Array<{ name: string; file: boolean; dir: boolean }>;
  try {
    entries = (await readdir(dir, { withFileTypes: true })).map((e) => ({ name: e.name, file: e.isFile(), dir: e.isDirectory() }));
  } catch {
    return [];
  }
  const names = new Set(entries.map((e) => e.name));
  const subdirs = new Set(entries.filter((e) => e.dir && e.name.endsWith('.sbd')).map((e) => e.name.slice(0, -4)));
  const folders: ThunderbirdFolder[] = [];
  for (const entry of entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
    if (!entry.file || entry.name.startsWith('.')) continue;
    const file = path.join(dir, entry.name);
    const indexed = names.has(`${entry.name}.msf`);
    if (!indexed && !subdirs.has(entry.name) && (NOT_FOLDERS.test(entry.name) || !(await looksLikeMbox(file)))) continue;
    const folderPath = [...parents, entry.name];
    folders.push({ path: folderPath, file, size: (await stat(file)).size, indexed, special: parents.length === 0 ? (SPECIAL[entry.name] ?? null) : null });
    if (subdirs.has(entry.name)) folders.push(...(await listFolders(path.join(dir, `${entry.name}.sbd`), folderPath)));
  }
  // A .sbd directory whose folder file is gone still holds folders.
  for (const name of [...subdirs].sort()) {
    if (!names.has(name)) folders.push(...(await listFolders(path.join(dir, `${name}.sbd`), [...parents, name])));
  }
  return folders;
}

async function looksLikeMbox(file: string): Promise<boolean> {
  const handle = await open(file, 'r');
  try {
    const head = Buffer.alloc(5);
    const { bytesRead } = await handle.read(head, 0, 5, 0);
    return bytesRead === 0 || head.toString('latin1') === 'From ';
  } finally {
    await handle.close();
  }
}
