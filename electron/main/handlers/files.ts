import { mkdir, rename, unlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { safeFileName, type filesCalls } from '../../../shared/ipc/calls/files';
import type { HandlersOf } from '../../../shared/ipc/define';
import { HeronError } from '../../../shared/ipc/result';

export interface FilesDeps {
  /** Asks where to save (Electron's save dialog in the app); null when the person cancels. */
  readonly saveDialog: (defaultName: string) => Promise<string | null>;
  /** Writes the whole file; defaults to an atomic write (temporary file, then rename). */
  readonly writeFile?: (filePath: string, bytes: Uint8Array) => Promise<void>;
}

/** Writes beside the target, then renames: a crash never leaves half a file under the real name. */
export async function atomicWriteFile(filePath: string, bytes: Uint8Array): Promise<void> {
  const tmp = path.join(path.dirname(filePath), `.${path.basename(filePath)}.${process.pid}.${Date.now()}.part`);
  try {
    await writeFile(tmp, bytes, { flag: 'wx' });
    await rename(tmp, filePath);
  } catch (error) {
    await unlink(tmp).catch(() => undefined);
    throw error;
  }
}

function storageError(error: unknown, name: string): HeronError {
  const code = (error as { code?: unknown }).code;
  if (code === 'ENOSPC' || code === 'EDQUOT') return new HeronError('EQUOTA', `The disk is full: “${name}” was not saved.`);
  if (code === 'EACCES' || code === 'EPERM' || code === 'EROFS') {
    return new HeronError('ESTORAGE', `Heron may not write to that folder, so “${name}” was not saved. Choose another folder.`);
  }
  return new HeronError('ESTORAGE', `“${name}” could not be saved (${String(code ?? (error as Error).message)}).`, { retryable: true });
}

export function createFilesHandlers(deps: FilesDeps): HandlersOf<typeof filesCalls> {
  const write = deps.writeFile ?? atomicWriteFile;
  return {
    saveAttachment: async ({ fileName, bytes }) => {
      const suggested = safeFileName(fileName);
      const target = await deps.saveDialog(suggested);
      if (target === null) return { saved: false, fileName: null };
      if (!path.isAbsolute(target)) throw new HeronError('EINVALID', 'The save location must be a full path.', { detail: { field: 'path' } });
      try {
        await write(target, bytes);
      } catch (error) {
        throw storageError(error, path.basename(target));
      }
      return { saved: true, fileName: path.basename(target) };
    },
  };
}

/** The harness's "dialog": every file goes into one folder, under its safe name. */
export function saveIntoFolder(folder: string): FilesDeps['saveDialog'] {
  return async (defaultName) => {
    await mkdir(folder, { recursive: true });
    return path.join(folder, safeFileName(defaultName));
  };
}
