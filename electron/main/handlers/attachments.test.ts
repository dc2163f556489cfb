import { mkdtemp, rm, truncate, writeFile, mkdir } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mainCalls } from '../../../shared/ipc/contract';
import { dispatchCall } from '../dispatch';
import { contentTypeOf, createAttachmentsHandlers } from './attachments';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'heron-attach-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

function bytes(n: number): Uint8Array {
  const b = new Uint8Array(n);
  for (let i = 0; i < n; i++) b[i] = (i * 31 + 7) & 0xff;
  return b;
}

describe('attachments handlers', () => {
  it('picks files and reads them back in chunks of at most 1 MiB, byte for byte', async () => {
    const file = path.join(dir, 'report.pdf');
    const data = bytes(2.5 * 1024 * 1024 + 17);
    await writeFile(file, data);
    const h = createAttachmentsHandlers({ pickFiles: async () => [file] });
    const [picked] = await h.pickAttachments(undefined);
    expect(picked).toMatchObject({ filename: 'report.pdf', size: data.length, contentType: 'application/pdf' });
    const token = picked?.token as string;
    const parts: Uint8Array[] = [];
    for (let offset = 0; offset < data.length; offset += 1024 * 1024) {
      parts.push(await h.readAttachmentChunk({ token, offset, length: 1024 * 1024 }));
    }
    expect(parts.map((p) => p.length)).toEqual([1048576, 1048576, 524305]);
    expect(Buffer.concat(parts).equals(Buffer.from(data))).toBe(true);
    await h.releaseAttachment({ token });
    await expect(h.readAttachmentChunk({ token, offset: 0, length: 10 })).rejects.toMatchObject({ code: 'ENOTFOUND' });
  });

  it('the contract refuses a chunk over 1 MiB and a token that is not one', async () => {
    const h = createAttachmentsHandlers({ pickFiles: async () => [] });
    const handlers = { ...h } as never;
    const big = await dispatchCall(handlers, 'readAttachmentChunk', { token: 'a'.repeat(36), offset: 0, length: 1024 * 1024 + 1 });
    expect(big).toMatchObject({ ok: false, error: { code: 'EINVALID' } });
    const path_ = await dispatchCall(handlers, 'readAttachmentChunk', { token: '../../etc/passwd', offset: 0, length: 1 });
    expect(path_).toMatchObject({ ok: false, error: { code: 'EINVALID' } });
    expect(Object.keys(mainCalls)).toEqual(expect.arrayContaining(['pickAttachments', 'readAttachmentChunk', 'releaseAttachment']));
  });

  it('a file that changed after it was picked is refused, not half-read', async () => {
    const file = path.join(dir, 'changing.txt');
    await writeFile(file, bytes(1000));
    const h = createAttachmentsHandlers({ pickFiles: async () => [file] });
    const [picked] = await h.pickAttachments(undefined);
    await truncate(file, 10);
    await expect(h.readAttachmentChunk({ token: picked?.token as string, offset: 0, length: 1000 })).rejects.toMatchObject({
      code: 'EINVALID',
      message: '“changing.txt” changed after it was chosen; attach it again.',
    });
  });

  it('folders, missing pickers and expired tokens get clear errors', async () => {
    const sub = path.join(dir, 'folder');
    await mkdir(sub, { recursive: true });
    await expect(createAttachmentsHandlers({ pickFiles: async () => [sub] }).pickAttachments(undefined)).rejects.toMatchObject({
      code: 'EINVALID',
      message: '“folder” is not a file; choose files, not folders.',
    });
    await expect(createAttachmentsHandlers({}).pickAttachments(undefined)).rejects.toMatchObject({ code: 'EUNSUPPORTED' });
    let now = 0;
    const file = path.join(dir, 'a.bin');
    await writeFile(file, bytes(5));
    const h = createAttachmentsHandlers({ pickFiles: async () => [file], tokenLifetimeMs: 1000, now: () => now });
    const [picked] = await h.pickAttachments(undefined);
    now = 1001;
    await expect(h.readAttachmentChunk({ token: picked?.token as string, offset: 0, length: 5 })).rejects.toMatchObject({ code: 'ENOTFOUND' });
  });

  it('content types by extension, octet-stream otherwise', () => {
    expect(contentTypeOf('Photo.JPG')).toBe('image/jpeg');
    expect(contentTypeOf('x.eml')).toBe('message/rfc822');
    expect(contentTypeOf('noext')).toBe('application/octet-stream');
  });
});
