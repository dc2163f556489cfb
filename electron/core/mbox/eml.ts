/**
 * `.eml` import: one message per file, its bytes as they are. A folder of them is walked in a
 * stable order (by name, folders after files), each file with the path of sub-folders it sits in,
 * so an import can rebuild the tree and resume after the last file it stored.
 */
import { opendir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { HeronError } from '../../../shared/ipc/result';
import { SAFETY_CAP_BYTES } from '../fetch/session';
import { parseFromLine, type Envelope } from './from-line';

export interface EmlFile {
  readonly file: string;
  /** Sub-folders from the walked root to the file. */
  readonly folder: readonly string[];
  readonly size: number;
}

export interface EmlMessage {
  /** The file's bytes, all of them: an `.eml` file is the message. */
  readonly bytes: Buffer;
  /**
   * From a `From ` line some tools put before the headers. It stays in `bytes` (Heron's header
   * parser passes over it), so exporting the message again writes the same file.
   */
  readonly envelope: Envelope | null;
}

/** Every `.eml` file under `root`, depth first, by name; hidden entries and links are not followed. */
export async function* findEmlFiles(root: string, folder: readonly string[] = []): AsyncGenerator<EmlFile> {
  const files: string[] = [];
  const dirs: string[] = [];
  for await (const entry of await opendir(path.join(root, ...folder))) {
    if (entry.name.startsWith('.')) continue;
    if (entry.isDirectory()) dirs.push(entry.name);
    else if (entry.isFile() && entry.name.toLowerCase().endsWith('.eml')) files.push(entry.name);
  }
  for (const name of files.sort()) {
    const file = path.join(root, ...folder, name);
    yield { file, folder, size: (await stat(file)).size };
  }
  for (const name of dirs.sort()) yield* findEmlFiles(root, [...folder, name]);
}

/** One `.eml` file's message. EINVALID when empty, ETOOBIG over the limit, ENOTFOUND when gone. */
export async function readEml(file: string, maxMessageBytes = SAFETY_CAP_BYTES): Promise<EmlMessage> {
  let size: number;
  try {
    size = (await stat(file)).size;
  } catch (error) {
    throw new HeronError('ENOTFOUND', `The message file could not be read: ${file}`, { cause: error });
  }
  if (size === 0) throw new HeronError('EINVALID', `The message file is empty: ${file}`, { detail: { field: 'file' } });
  if (size > maxMessageBytes) {
    throw new HeronError('ETOOBIG', `The message file is ${size} bytes, over the limit of ${maxMessageBytes}: ${file}`, { detail: { field: 'file', size, limit: maxMessageBytes } });
  }
  const bytes = await readFile(file);
  const lf = bytes.indexOf(0x0a);
  const first = bytes.toString('latin1', 0, lf === -1 ? Math.min(bytes.length, 1024) : lf).replace(/\r$/, '');
  const parsed = parseFromLine(first);
  return { bytes, envelope: parsed === null ? null : { sender: parsed.sender, date: parsed.date } };
}
