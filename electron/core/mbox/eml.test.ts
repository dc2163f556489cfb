import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EmlExporter, emlBaseName, safeNamePart } from './eml-export';
import { findEmlFiles, readEml } from './eml';
import { trapMessages } from './testing/generate';

const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');
const DATE = Date.UTC(2024, 2, 13, 17, 55, 44);

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'heron-eml-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('.eml import', () => {
  it('walks a folder tree by name, files before sub-folders, with each file\'s folder path', async () => {
    const root = path.join(dir, 'tree');
    await mkdir(path.join(root, 'Projekte – 2024', 'Ünter'), { recursive: true });
    await mkdir(path.join(root, '.hidden'), { recursive: true });
    await writeFile(path.join(root, 'b.eml'), 'B: 1\n\nb\n');
    await writeFile(path.join(root, 'A.EML'), 'A: 1\n\na\n');
    await writeFile(path.join(root, 'notes.txt'), 'not mail');
    await writeFile(path.join(root, '.hidden', 'x.eml'), 'X: 1\n\nx\n');
    await writeFile(path.join(root, 'Projekte – 2024', 'c.eml'), 'C: 1\n\nc\n');
    await writeFile(path.join(root, 'Projekte – 2024', 'Ünter', 'd.eml'), 'D: 1\n\nd\n');
    const found: Array<[string, readonly string[], number]> = [];
    for await (const f of findEmlFiles(root)) found.push([path.basename(f.file), f.folder, f.size]);
    expect(found).toEqual([
      ['A.EML', [], 8],
      ['b.eml', [], 8],
      ['c.eml', ['Projekte – 2024'], 8],
      ['d.eml', ['Projekte – 2024', 'Ünter'], 8],
    ]);
  });

  it('reads the file\'s bytes as they are, a leading From line included, and says what it held', async () => {
    const file = path.join(dir, 'with-from.eml');
    const bytes = Buffer.from('From bob@example.org Wed Mar 13 17:55:44 2024\r\nSubject: x\r\n\r\nhi');
    await writeFile(file, bytes);
    const read = await readEml(file);
    expect(read.bytes.equals(bytes)).toBe(true);
    expect(read.envelope).toEqual({ sender: 'bob@example.org', date: DATE });
  });

  it('refuses an empty file, one over the limit and one that is gone, each with its own error', async () => {
    await writeFile(path.join(dir, 'empty.eml'), '');
    await writeFile(path.join(dir, 'big.eml'), 'x'.repeat(2000));
    await expect(readEml(path.join(dir, 'empty.eml'))).rejects.toMatchObject({ code: 'EINVALID', message: expect.stringContaining('empty') });
    await expect(readEml(path.join(dir, 'big.eml'), 1000)).rejects.toMatchObject({ code: 'ETOOBIG', message: expect.stringContaining('2000 bytes, over the limit of 1000') });
    await expect(readEml(path.join(dir, 'gone.eml'))).rejects.toMatchObject({ code: 'ENOTFOUND' });
  });
});

describe('.eml export', () => {
  it('names files by date and subject, in characters every file system takes', () => {
    expect(emlBaseName({ subject: 'Re: a/b: "c" <d> | e? * f\\g', date: DATE })).toBe('2024-03-13 1755 Re a b c d e f g');
    expect(emlBaseName({ subject: '  \t\r\n ', date: DATE })).toBe('2024-03-13 1755 (no subject)');
    expect(emlBaseName({ subject: 'ends with dots...', date: DATE })).toBe('2024-03-13 1755 ends with dots');
    expect(safeNamePart('CON')).toBe('_CON');
    expect(safeNamePart('nul.txt')).toBe('_nul.txt');
    expect(safeNamePart('e\u0301te\u202e\u0000')).toBe('éte');
    const long = emlBaseName({ subject: '日本語'.repeat(200), date: DATE });
    expect(Buffer.byteLength(`${long} (99999).eml`)).toBeLessThanOrEqual(255);
  });

  it('never gives two messages one file, however the file system compares names, and never replaces a file', async () => {
    const out = path.join(dir, 'out');
    await mkdir(out);
    await writeFile(path.join(out, '2024-03-13 1755 Hello.eml'), 'already here');
    const exporter = await EmlExporter.create(out);
    const names: string[] = [];
    for (const subject of ['Hello', 'HELLO', 'hello', 'Héllo', 'He\u0301llo']) names.push(await exporter.write(Buffer.from(`Subject: ${subject}\n\nx\n`), { subject, date: DATE }));
    expect(names).toEqual(['2024-03-13 1755 Hello (2).eml', '2024-03-13 1755 HELLO (3).eml', '2024-03-13 1755 hello (4).eml', '2024-03-13 1755 Héllo.eml', '2024-03-13 1755 Héllo (2).eml']);
    expect(await readFile(path.join(out, '2024-03-13 1755 Hello.eml'), 'utf8')).toBe('already here');
    expect((await readdir(out)).filter((f) => f.includes('partial'))).toEqual([]);
  });

  it('export → import gives back every message SHA-256-identical', async () => {
    const out = path.join(dir, 'round');
    await mkdir(out);
    const messages = trapMessages(5, 120).filter((m) => m.length > 0);
    const exporter = await EmlExporter.create(out);
    const byName = new Map<string, string>();
    for (const m of messages) byName.set(await exporter.write(m, { subject: 'same subject', date: DATE }), sha(m));
    expect(byName.size).toBe(messages.length);
    for await (const f of findEmlFiles(out)) expect(sha((await readEml(f.file)).bytes), f.file).toBe(byName.get(path.basename(f.file)));
  });
});
