import { describe, expect, it } from 'vitest';
import { fail, ok } from '../../../../shared/ipc/result';
import { estimatedMessageSize, readPicked } from './attach';

describe('readPicked', () => {
  it('pulls a file in ≤1 MiB chunks into one Blob and releases the token', async () => {
    const size = 2 * 1024 * 1024 + 5;
    const data = new Uint8Array(size).map((_, i) => i % 251);
    const asked: [number, number][] = [];
    const released: string[] = [];
    const row = await readPicked(
      {
        readAttachmentChunk: async ({ offset, length }) => (asked.push([offset, length]), ok(data.slice(offset, offset + length))),
        releaseAttachment: async ({ token }) => (released.push(token), ok(undefined)),
      },
      { token: 'tok-0123456789abcdef', filename: 'a.bin', size, contentType: 'application/octet-stream' },
    );
    expect(asked).toEqual([[0, 1048576], [1048576, 1048576], [2097152, 5]]);
    expect(released).toEqual(['tok-0123456789abcdef']);
    expect(row.size).toBe(size);
    // Compared as bytes in one call: an element-wise deep equal of 2 MiB takes vitest ~20 s.
    const got = new Uint8Array(await row.blob.arrayBuffer());
    expect(got.length).toBe(size);
    expect(got.every((b, i) => b === data[i])).toBe(true);
  });

  it('a failing read throws the error and still releases the token', async () => {
    const released: string[] = [];
    await expect(
      readPicked(
        { readAttachmentChunk: async () => fail('EINVALID', '“a.bin” changed after it was chosen; attach it again.'), releaseAttachment: async ({ token }) => (released.push(token), ok(undefined)) },
        { token: 'tok-0123456789abcdef', filename: 'a.bin', size: 10, contentType: 'application/octet-stream' },
      ),
    ).rejects.toMatchObject({ code: 'EINVALID', message: '“a.bin” changed after it was chosen; attach it again.' });
    expect(released).toHaveLength(1);
  });
});

describe('sizes', () => {
  it('estimates base64 growth', () => {
    expect(estimatedMessageSize(0, 3 * 1048576)).toBeGreaterThan(4 * 1048576);
  });
});
