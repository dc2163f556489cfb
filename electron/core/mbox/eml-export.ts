/**
 * `.eml` export: one file per message, its bytes exactly, named `YYYY-MM-DD HHMM Subject.eml` in
 * a form every desktop file system takes (Windows' forbidden characters and names, NFC, a length
 * that fits in 255 bytes). Two messages never share a file: names are compared as the
 * case-insensitive file systems of Windows and macOS compare them, a name already on disk is never
 * overwritten, and a clash gets " (2)", " (3)" …. Each file is written under a temporary name and
 * renamed, so a stopped export leaves only whole messages.
 */
import { access, link, open, readdir, rename, rm, unlink } from 'node:fs/promises';
import path from 'node:path';
import { HeronError } from '../../../shared/ipc/result';

export interface EmlExportMeta {
  readonly subject: string;
  /** The message's date, epoch ms. */
  readonly date: number;
}

/** Room for the date, a suffix like " (12345)" and ".eml" within 255 bytes, in UTF-8. */
const MAX_SUBJECT_BYTES = 180;
const RESERVED = /^(con|prn|aux|nul|com[0-9]|lpt[0-9])(\..*)?$/i;

/** The file name for a message, before clashes are resolved (without ".eml"). */
export function emlBaseName(meta: EmlExportMeta): string {
  const d = new Date(Number.isFinite(meta.date) ? meta.date : 0);
  const two = (n: number) => String(n).padStart(2, '0');
  const stamp = `${d.getUTCFullYear()}-${two(d.getUTCMonth() + 1)}-${two(d.getUTCDate())} ${two(d.getUTCHours())}${two(d.getUTCMinutes())}`;
  const subject = safeNamePart(meta.subject);
  return `${stamp} ${subject === '' ? '(no subject)' : subject}`;
}

/** `text` as part of a file name: no character any desktop system forbids, at most MAX_SUBJECT_BYTES. */
export function safeNamePart(text: string): string {
  let out = text
    .normalize('NFC')
    .replace(/[\u0000-\u001f\u007f-\u009f<>:"/\\|?*\u200b-\u200f\u2028-\u202e\u2066-\u2069\ufeff]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  while (Buffer.byteLength(out) > MAX_SUBJECT_BYTES) out = [...out].slice(0, -1).join('');
  out = out.replace(/[. ]+$/, '').replace(/^[. ]+/, '');
  return RESERVED.test(out) ? `_${out}` : out;
}

/** How Windows' and macOS's default file systems compare names. */
function folded(name: string): string {
  return name.normalize('NFC').toLowerCase();
}

export class EmlExporter {
  /** Messages written. */
  count = 0;

  private constructor(
    readonly dir: string,
    private readonly taken: Set<string>,
  ) {}

  /** Exports into `dir`, which must exist; the names already there are never used. */
  static async create(dir: string): Promise<EmlExporter> {
    try {
      return new EmlExporter(dir, new Set((await readdir(dir)).map(folded)));
    } catch (error) {
      throw new HeronError('ENOTFOUND', `The export folder could not be read: ${dir}`, { cause: error });
    }
  }

  /** Writes one message; returns the file name it got. */
  async write(bytes: Buffer, meta: EmlExportMeta): Promise<string> {
    const base = emlBaseName(meta);
    for (let n = 1; ; n += 1) {
      const name = `${base}${n === 1 ? '' : ` (${n})`}.eml`;
      if (this.taken.has(folded(name))) continue;
      this.taken.add(folded(name));
      if (await this.writeNew(name, bytes)) {
        this.count += 1;
        return name;
      }
    }
  }

  /** False when a file of that name appeared meanwhile (then another name is tried). */
  private async writeNew(name: string, bytes: Buffer): Promise<boolean> {
    const partial = path.join(this.dir, `.${this.count}.${process.pid}.eml.partial`);
    try {
      const handle = await open(partial, 'w');
      try {
        await handle.writeFile(bytes);
      } finally {
        await handle.close();
      }
      await placeWithoutReplacing(partial, path.join(this.dir, name));
      return true;
    } catch (error) {
      await rm(partial, { force: true });
      if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'ENOSPC' || code === 'EDQUOT') throw new HeronError('EQUOTA', `The disk is full: the export to ${this.dir} stopped.`, { cause: error });
      throw new HeronError('ESTORAGE', `A message could not be written to ${this.dir} (${code ?? 'error'}).`, { cause: error });
    }
  }
}

/**
 * Gives `from` the name `to` unless a file has it (EEXIST). A hard link fails rather than replace;
 * file systems without links (FAT on a USB stick) get a check and a rename.
 */
async function placeWithoutReplacing(from: string, to: string): Promise<void> {
  try {
    await link(from, to);
    await unlink(from);
    return;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'ENOSYS' && code !== 'EOPNOTSUPP') throw error;
  }
  const there = await access(to).then(
    () => true,
    () => false,
  );
  if (there) throw Object.assign(new Error(`${to} exists`), { code: 'EEXIST' });
  await rename(from, to);
}
