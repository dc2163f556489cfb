import { mkdir, rename, unlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { isExecutableName, safeFileName, type filesCalls } from '../../../shared/ipc/calls/files';
import type { HandlersOf } from '../../../shared/ipc/define';
import { HeronError } from '../../../shared/ipc/result';
import type { PrivateTempFiles } from '../temp-files';

export interface FilesDeps {
  /** Asks where to save (Electron's save dialog in the app); null when the person cancels. */
  readonly saveDialog: (defaultName: string) => Promise<string | null>;
  /** Writes the whole file; defaults to an atomic write (temporary file, then rename). */
  readonly writeFile?: (filePath: string, bytes: Uint8Array) => Promise<void>;
  /**
   * Opening with the system's app: where the file is written first, and the hand-over (Electron's
   * shell.openPath in the app, a recorder in the harness; rejects with the system's reason).
   * Absent: opening is not available, only saving.
   */
  readonly open?: { readonly tempFiles: Pick<PrivateTempFiles, 'write'>; readonly openPath: (filePath: string) => Promise<void> };
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

    openAttachment: async ({ fileName, bytes, allowProgram }) => {
      const open = deps.open;
      if (!open) throw new HeronError('EUNSUPPORTED', 'Opening attachments with another app is not available here; save the file instead.');
      const name = safeFileName(fileName);
      // Checked here too: a renderer bug must not open a program without the person's yes.
      if ((isExecutableName(fileName) || isExecutableName(name)) && !allowProgram) {
        throw new HeronError('EINVALID', `“${name}” is a program or script: Heron opens it only after you confirm.`, { detail: { field: 'allowProgram' } });
      }
      let file: string;
      try {
        file = await open.tempFiles.write(name, bytes);
      } catch (error) {
        throw storageError(error, name);
      }
      try {
        await open.openPath(file);
      } catch (error) {
        const reason = error instanceof Error && error.message ? ` (${error.message.slice(0, 200)})` : '';
        throw new HeronError('EUNSUPPORTED', `No app on this computer would open “${name}”${reason}. Save it and open it from there.`);
      }
      return { fileName: name };
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
