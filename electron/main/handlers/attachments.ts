import { randomUUID } from 'node:crypto';
import { open, stat } from 'node:fs/promises';
import path from 'node:path';
import { MAX_PICKED_FILE_BYTES, type PickedAttachment, type attachmentsCalls } from '../../../shared/ipc/calls/attachments';
import type { HandlersOf } from '../../../shared/ipc/define';
import { HeronError } from '../../../shared/ipc/result';

export interface AttachmentsDeps {
  /**
   * Asks the person for files; answers absolute paths ([] when cancelled). The Electron shell
   * passes `dialog.showOpenDialog`; the e2e harness a stub that returns test files. Absent: the
   * picker is not available (drag and drop still works, it never involves main).
   */
  readonly pickFiles?: () => Promise<readonly string[]>;
  /** Tokens older than this are forgotten (default 6 h): a draft left open overnight re-picks. */
  readonly tokenLifetimeMs?: number;
  readonly now?: () => number;
}

interface Picked {
  readonly path: string;
  readonly size: number;
  readonly mtimeMs: number;
  readonly at: number;
}

const MAX_TOKENS = 1000;

/** File name → type for what people commonly attach; anything else is application/octet-stream. */
const TYPES: Readonly<Record<string, string>> = {
  pdf: 'application/pdf', txt: 'text/plain', csv: 'text/csv', html: 'text/html', htm: 'text/html', md: 'text/markdown',
  png: 'image/png', jpg: 'image/jpeg', jpeg: 'image/jpeg', gif: 'image/gif', webp: 'image/webp', svg: 'image/svg+xml', heic: 'image/heic',
  zip: 'application/zip', gz: 'application/gzip', '7z': 'application/x-7z-compressed', tar: 'application/x-tar',
  doc: 'application/msword', docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  xls: 'application/vnd.ms-excel', xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  ppt: 'application/vnd.ms-powerpoint', pptx: 'application/vnd.openxmlformats-officedocument.presentationml.presentation',
  odt: 'application/vnd.oasis.opendocument.text', ods: 'application/vnd.oasis.opendocument.spreadsheet',
  eml: 'message/rfc822', ics: 'text/calendar', vcf: 'text/vcard', json: 'application/json', xml: 'application/xml',
  mp3: 'audio/mpeg', mp4: 'video/mp4', mov: 'video/quicktime', wav: 'audio/wav',
};

export function contentTypeOf(filename: string): string {
  const ext = path.extname(filename).slice(1).toLowerCase();
  return TYPES[ext] ?? 'application/octet-stream';
}

export function createAttachmentsHandlers(deps: AttachmentsDeps): HandlersOf<typeof attachmentsCalls> {
  const picked = new Map<string, Picked>();
  const lifetime = deps.tokenLifetimeMs ?? 6 * 60 * 60_000;
  const now = deps.now ?? Date.now;

  const lookup = (token: string): Picked => {
    const entry = picked.get(token);
    if (!entry || now() - entry.at > lifetime) {
      picked.delete(token);
      throw new HeronError('ENOTFOUND', 'Heron no longer has access to this file; attach it again.', { detail: { field: 'token' } });
    }
    return entry;
  };

  return {
    pickAttachments: async () => {
      if (!deps.pickFiles) throw new HeronError('EUNSUPPORTED', 'Choosing files is not available here; drag the files into the message instead.');
      const paths = await deps.pickFiles();
      const out: PickedAttachment[] = [];
      for (const file of paths) {
        const info = await stat(file).catch((error: unknown) => {
          throw new HeronError('ENOTFOUND', `Heron could not open “${path.basename(file)}”: ${(error as Error).message}`, { cause: error });
        });
        const filename = path.basename(file);
        if (!info.isFile()) throw new HeronError('EINVALID', `“${filename}” is not a file; choose files, not folders.`, { detail: { field: 'file' } });
        if (info.size > MAX_PICKED_FILE_BYTES) {
          throw new HeronError('ETOOBIG', `“${filename}” is ${Math.ceil(info.size / 1048576)} MB; Heron attaches files of up to ${MAX_PICKED_FILE_BYTES / 1048576} MB.`, {
            detail: { size: info.size, max: MAX_PICKED_FILE_BYTES },
          });
        }
        // Forget the oldest tokens first rather than grow without bound.
        while (picked.size >= MAX_TOKENS) picked.delete(picked.keys().next().value as string);
        const token = randomUUID();
        picked.set(token, { path: file, size: info.size, mtimeMs: info.mtimeMs, at: now() });
        out.push({ token, filename, size: info.size, contentType: contentTypeOf(filename) });
      }
      return out;
    },

    readAttachmentChunk: async ({ token, offset, length }) => {
      const entry = lookup(token);
      if (offset > entry.size) throw new HeronError('EINVALID', 'The read starts past the end of the file.', { detail: { field: 'offset' } });
      const handle = await open(entry.path, 'r').catch((error: unknown) => {
        throw new HeronError('ENOTFOUND', `Heron could not open “${path.basename(entry.path)}” any more; attach it again.`, { cause: error });
      });
      try {
        const info = await handle.stat();
        if (info.size !== entry.size || info.mtimeMs !== entry.mtimeMs) {
          throw new HeronError('EINVALID', `“${path.basename(entry.path)}” changed after it was chosen; attach it again.`, { detail: { field: 'token' } });
        }
        const want = Math.min(length, entry.size - offset);
        const buffer = new Uint8Array(want);
        let done = 0;
        // A read may return fewer bytes than asked; bounded by `want`, so the loop ends.
        while (done < want) {
          const { bytesRead } = await handle.read(buffer, done, want - done, offset + done);
          if (bytesRead === 0) break;
          done += bytesRead;
        }
        if (done !== want) throw new HeronError('EINVALID', `“${path.basename(entry.path)}” got shorter while it was read; attach it again.`);
        return buffer;
      } finally {
        await handle.close();
      }
    },

    releaseAttachment: async ({ token }) => {
      picked.delete(token);
    },
  };
}
