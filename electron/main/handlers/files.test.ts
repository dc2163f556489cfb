import { mkdtemp, readdir, readFile, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { isExecutableName, safeFileName, visibleFileName } from '../../../shared/ipc/calls/files';
import type { MainHandlers } from '../../../shared/ipc/contract';
import { dispatchCall } from '../dispatch';
import { PrivateTempFiles } from '../temp-files';
import { createFilesHandlers, saveIntoFolder } from './files';

/** The handlers of one fragment, typed as the full map for dispatchCall (only these calls are made). */
const asMain = (h: object) => h as MainHandlers;

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'heron-files-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('safeFileName', () => {
  it.each([
    ['report.pdf', 'report.pdf'],
    ['../../etc/passwd', 'passwd'],
    ['..\\..\\Windows\\win.ini', 'win.ini'],
    ['C:\\temp\\a.txt', 'a.txt'],
    ['C:evil.txt', 'C_evil.txt'],
    ['invoice\u202Efdp.exe', 'invoicefdp.exe'],
    ['tab\there\r\n.txt', 'tabhere.txt'],
    ['CON.txt', '_CON.txt'],
    ['lpt1', '_lpt1'],
    ['aux.tar.gz', '_aux.tar.gz'],
    ['console.txt', 'console.txt'],
    ['what?<>|*".doc', 'what______.doc'],
    ['.bashrc', 'bashrc'],
    ['trailing. . ', 'trailing'],
    ['', 'attachment'],
    ['...', 'attachment'],
  ])('%j → %j', (input, expected) => {
    expect(safeFileName(input)).toBe(expected);
  });

  it('caps the length and keeps the extension', () => {
    const name = safeFileName(`${'a'.repeat(500)}.pdf`);
    expect(name).toHaveLength(200);
    expect(name.endsWith('.pdf')).toBe(true);
  });

  it('shows direction overrides visibly and spots executables behind them', () => {
    expect(visibleFileName('invoice\u202Efdp.exe')).toBe('invoice[U+202E]fdp.exe');
    expect(isExecutableName('invoice\u202Efdp.exe')).toBe(true);
    expect(isExecutableName('setup.EXE. ')).toBe(true);
    expect(isExecutableName('photo.jpg')).toBe(false);
    expect(isExecutableName('script.ps1')).toBe(true);
    expect(isExecutableName('noext')).toBe(false);
  });
});

describe('saveAttachment', () => {
  it('writes the bytes exactly, under the safe name the dialog was offered', async () => {
    const offered: string[] = [];
    const handlers = asMain(createFilesHandlers({
      saveDialog: async (name) => {
        offered.push(name);
        return saveIntoFolder(dir)(name);
      },
    }));
    const bytes = new Uint8Array([0, 13, 10, 255, 46, 13, 10]);
    const result = await dispatchCall(handlers, 'saveAttachment', { fileName: '../x\u202Egpj.exe', contentType: 'image/jpeg', bytes });
    expect(result).toEqual({ ok: true, value: { saved: true, fileName: 'xgpj.exe' } });
    expect(offered).toEqual(['xgpj.exe']);
    expect(new Uint8Array(await readFile(path.join(dir, 'xgpj.exe')))).toEqual(bytes);
    // The temporary file is gone.
    expect(await readdir(dir)).toEqual(['xgpj.exe']);
  });

  it('a cancelled dialog saves nothing; a relative path is refused; a full disk says so', async () => {
    const cancelled = asMain(createFilesHandlers({ saveDialog: async () => null }));
    expect(await dispatchCall(cancelled, 'saveAttachment', { fileName: 'a.txt', contentType: 'text/plain', bytes: new Uint8Array([1]) })).toEqual({
      ok: true,
      value: { saved: false, fileName: null },
    });
    const relative = asMain(createFilesHandlers({ saveDialog: async () => 'a.txt' }));
    const r = await dispatchCall(relative, 'saveAttachment', { fileName: 'a.txt', contentType: 'text/plain', bytes: new Uint8Array([1]) });
    expect(r.ok ? null : r.error.code).toBe('EINVALID');
    const full = asMain(createFilesHandlers({
      saveDialog: async () => path.join(dir, 'big.bin'),
      writeFile: async () => {
        throw Object.assign(new Error('no space'), { code: 'ENOSPC' });
      },
    }));
    expect(await dispatchCall(full, 'saveAttachment', { fileName: 'big.bin', contentType: 'application/octet-stream', bytes: new Uint8Array([1]) })).toEqual({
      ok: false,
      error: { code: 'EQUOTA', message: 'The disk is full: “big.bin” was not saved.', retryable: false },
    });
  });

  it('rejects a payload that is not bytes', async () => {
    const handlers = asMain(createFilesHandlers({ saveDialog: async () => path.join(dir, 'x') }));
    const r = await dispatchCall(handlers, 'saveAttachment', { fileName: 'a', contentType: 'x', bytes: 'AAAA' });
    expect(r.ok ? null : r.error.code).toBe('EINVALID');
  });
});

describe('openAttachment', () => {
  const noDialog = async () => null;
  const setup = (openPath: (p: string) => Promise<void> = async () => undefined) => {
    const opened: string[] = [];
    const tempFiles = new PrivateTempFiles(dir);
    const handlers = asMain(
      createFilesHandlers({
        saveDialog: noDialog,
        open: {
          tempFiles,
          openPath: async (p) => {
            opened.push(p);
            await openPath(p);
          },
        },
      }),
    );
    return { handlers, opened, tempFiles };
  };

  it('writes the exact bytes under the safe name in a folder only this user can read, then hands that file to the system', async () => {
    const { handlers, opened, tempFiles } = setup();
    const bytes = new Uint8Array([37, 80, 68, 70, 45, 0, 255, 13, 10]);
    expect(await dispatchCall(handlers, 'openAttachment', { fileName: '../report\u202E.pdf', contentType: 'application/pdf', bytes, allowProgram: false })).toEqual({
      ok: true,
      value: { fileName: 'report.pdf' },
    });
    expect(opened).toHaveLength(1);
    const file = opened[0] as string;
    expect(path.basename(file)).toBe('report.pdf');
    expect(file.startsWith(dir + path.sep)).toBe(true);
    expect(new Uint8Array(await readFile(file))).toEqual(bytes);
    // Read-only, never executable; its folders private (no group or other access).
    expect((await stat(file)).mode & 0o777).toBe(0o400);
    expect((await stat(path.dirname(file))).mode & 0o077).toBe(0);
    expect((await stat(path.dirname(path.dirname(file)))).mode & 0o077).toBe(0);
    // Two files of one name never meet; quitting removes them all.
    await dispatchCall(handlers, 'openAttachment', { fileName: 'report.pdf', contentType: 'application/pdf', bytes: new Uint8Array([1]), allowProgram: false });
    expect(opened[1]).not.toBe(file);
    expect(new Uint8Array(await readFile(file))).toEqual(bytes);
    await tempFiles.removeAll();
    expect(await readdir(dir)).toEqual([]);
  });

  it('a program or script opens only with the confirmation, whatever disguises its name', async () => {
    const { handlers, opened } = setup();
    for (const fileName of ['setup.exe', 'run.BAT', 'x.cmd', 'y.com', 'z.scr', 'a.js', 'b.vbs', 'c.jar', 'd.msi', 'e.sh', 'f.app', 'g.desktop', 'h.ps1', 'i.lnk', 'invoice\u202Efdp.exe']) {
      const refused = await dispatchCall(handlers, 'openAttachment', { fileName, contentType: 'application/octet-stream', bytes: new Uint8Array([77, 90]), allowProgram: false });
      expect(refused.ok ? null : refused.error).toMatchObject({ code: 'EINVALID', message: expect.stringContaining('is a program or script: Heron opens it only after you confirm.') });
    }
    expect(opened).toEqual([]);
    expect(await readdir(dir)).toEqual([]);
    const confirmed = await dispatchCall(handlers, 'openAttachment', { fileName: 'setup.exe', contentType: 'application/octet-stream', bytes: new Uint8Array([77, 90]), allowProgram: true });
    expect(confirmed).toEqual({ ok: true, value: { fileName: 'setup.exe' } });
    expect((await stat(opened[0] as string)).mode & 0o111).toBe(0);
  });

  it('says so in words when no app opens the file, or where opening is not available', async () => {
    const { handlers } = setup(async () => {
      throw new Error('No application is registered as handling this file');
    });
    const r = await dispatchCall(handlers, 'openAttachment', { fileName: 'data.xyz', contentType: 'application/octet-stream', bytes: new Uint8Array([1]), allowProgram: false });
    expect(r).toEqual({
      ok: false,
      error: {
        code: 'EUNSUPPORTED',
        message: 'No app on this computer would open “data.xyz” (No application is registered as handling this file). Save it and open it from there.',
        retryable: false,
      },
    });
    const without = asMain(createFilesHandlers({ saveDialog: noDialog }));
    const n = await dispatchCall(without, 'openAttachment', { fileName: 'a.txt', contentType: 'text/plain', bytes: new Uint8Array([1]), allowProgram: false });
    expect(n.ok ? null : n.error.code).toBe('EUNSUPPORTED');
    const bad = await dispatchCall(without, 'openAttachment', { fileName: 'a.txt', contentType: 'text/plain', bytes: new Uint8Array([1]) });
    expect(bad.ok ? null : bad.error.code).toBe('EINVALID');
  });
});
