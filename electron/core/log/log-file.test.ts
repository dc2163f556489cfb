import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { LogFile } from './log-file';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function tempFile(): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'heron-log-file-'));
  dirs.push(dir);
  return path.join(dir, 'logs', 'heron.log');
}

describe('LogFile', () => {
  it('creates its folder and appends lines, readable only by the person', () => {
    const file = new LogFile(tempFile());
    file.append('one');
    file.append('two');
    expect(readFileSync(file.file, 'utf8')).toBe('one\ntwo\n');
    if (process.platform !== 'win32') expect(statSync(file.file).mode & 0o777).toBe(0o600);
  });

  it('moves the full file aside at the size cap, so the log never holds more than twice the cap', () => {
    const file = new LogFile(tempFile(), 100);
    for (let i = 0; i < 30; i += 1) file.append(`line ${String(i).padStart(2, '0')} ${'x'.repeat(20)}`);
    const current = readFileSync(file.file, 'utf8');
    const previous = readFileSync(file.previous, 'utf8');
    expect(Buffer.byteLength(current)).toBeLessThanOrEqual(100);
    expect(Buffer.byteLength(previous)).toBeLessThanOrEqual(100);
    // The newest lines are kept, in order, across the two files.
    expect(`${previous}${current}`.trim().split('\n').map((l) => l.slice(5, 7))).toEqual(['24', '25', '26', '27', '28', '29']);
  });

  it('counts what an earlier run wrote', () => {
    const at = tempFile();
    new LogFile(at, 100).append('a'.repeat(80));
    new LogFile(at, 100).append('b'.repeat(30));
    expect(readFileSync(`${at}.1`, 'utf8')).toBe(`${'a'.repeat(80)}\n`);
    expect(readFileSync(at, 'utf8')).toBe(`${'b'.repeat(30)}\n`);
  });

  it('never throws when the file cannot be written', () => {
    const file = new LogFile(path.join(tempFile(), '\u0000bad'));
    expect(() => file.append('lost')).not.toThrow();
    expect(existsSync(file.file)).toBe(false);
  });
});
