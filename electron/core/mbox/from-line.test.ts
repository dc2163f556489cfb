import { describe, expect, it } from 'vitest';
import { asctime, formatFromLine, parseFromLine } from './from-line';

describe('parseFromLine', () => {
  it('reads the forms writers use', () => {
    expect(parseFromLine('From alice@example.com Sat Jan  3 01:05:34 1996')).toEqual({ sender: 'alice@example.com', date: Date.UTC(1996, 0, 3, 1, 5, 34), unterminated: false });
    expect(parseFromLine('From - Sat Jan 03 01:05:34 1996')?.sender).toBe('-');
    expect(parseFromLine('From x@y Sat Jan  3 01:05 1996')?.date).toBe(Date.UTC(1996, 0, 3, 1, 5));
    expect(parseFromLine('From x@y Wed Mar 13 17:55:44 +0100 2024')?.date).toBe(Date.UTC(2024, 2, 13, 16, 55, 44));
    expect(parseFromLine('From x@y Wed Mar 13 17:55:44 2024 -0500')?.date).toBe(Date.UTC(2024, 2, 13, 22, 55, 44));
    expect(parseFromLine('From x@y Wed, 13 Mar 2024 17:55:44 +0000')?.date).toBe(Date.UTC(2024, 2, 13, 17, 55, 44));
    expect(parseFromLine('From x@y Sat Jan  3 01:05:34 1996 remote from uunet')?.sender).toBe('x@y');
    expect(parseFromLine('From x@y Sat Jan  3 01:05:34 1996 heron-unterminated')?.unterminated).toBe(true);
  });

  it('refuses prose, and lines that only look alike', () => {
    for (const line of [
      'From the desk of the editor',
      'From ',
      'From x@y',
      'From x@y yesterday',
      'From x@y Sat Jan  3 01:05:34',
      'From x@y Sat Jan  3 01:05:34 1996x',
      'From x@y Sat Foo  3 01:05:34 1996',
      'From x@y Sat Jan 32 01:05:34 1996',
      'From x@y Sat Jan  3 25:05:34 1996',
      ' From x@y Sat Jan  3 01:05:34 1996',
      '>From x@y Sat Jan  3 01:05:34 1996',
      `From ${'a'.repeat(300)} Sat Jan  3 01:05:34 1996`,
    ]) {
      expect(parseFromLine(line), line).toBeNull();
    }
  });
});

describe('formatFromLine', () => {
  it('writes asctime in UTC and reads back what it wrote', () => {
    expect(asctime(Date.UTC(2024, 1, 9, 7, 8, 9))).toBe('Fri Feb  9 07:08:09 2024');
    const line = formatFromLine('bob@example.org', Date.UTC(2024, 1, 9, 7, 8, 9), false);
    expect(line).toBe('From bob@example.org Fri Feb  9 07:08:09 2024\n');
    expect(parseFromLine(line.trimEnd())).toEqual({ sender: 'bob@example.org', date: Date.UTC(2024, 1, 9, 7, 8, 9), unterminated: false });
  });

  it('a date the line cannot hold becomes the epoch', () => {
    expect(formatFromLine('a@b', Number.NaN, false)).toBe('From a@b Thu Jan  1 00:00:00 1970\n');
    expect(formatFromLine('a@b', Date.UTC(1850, 0, 1), false)).toBe('From a@b Thu Jan  1 00:00:00 1970\n');
  });
});
