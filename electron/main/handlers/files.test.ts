import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { isExecutableName, safeFileName, visibleFileName } from '../../../shared/ipc/calls/files';
import type { MainHandlers } from '../../../shared/ipc/contract';
import { dispatchCall } from '../dispatch';
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
