import { describe, expect, it } from 'vitest';
import { formatListDate, listDateFormats } from './format';

describe('list dates in the person\'s locale', () => {
  const now = new Date(2026, 2, 10, 18, 0).getTime();
  const at = (y: number, m: number, d: number, h: number, min: number) => new Date(y, m, d, h, min).getTime();

  it('today: the time, 12 or 24 hours as the locale writes it (no forced leading zero)', () => {
    expect(formatListDate(at(2026, 2, 10, 15, 7), now, listDateFormats(['de-DE']))).toBe('15:07');
    expect(formatListDate(at(2026, 2, 10, 15, 7), now, listDateFormats(['en-GB']))).toBe('15:07');
    expect(formatListDate(at(2026, 2, 10, 15, 7), now, listDateFormats(['en-US'])).replace(/\s/g, ' ')).toBe('3:07 PM');
    expect(formatListDate(at(2026, 2, 10, 9, 5), now, listDateFormats(['en-US'])).replace(/\s/g, ' ')).toBe('9:05 AM');
  });

  it('this year: day and month; before: the full date, each in the locale\'s order', () => {
    expect(formatListDate(at(2026, 0, 2, 9, 0), now, listDateFormats(['de-DE']))).toBe('2. Jan.');
    expect(formatListDate(at(2026, 0, 2, 9, 0), now, listDateFormats(['en-US']))).toBe('Jan 2');
    expect(formatListDate(at(2025, 8, 1, 9, 0), now, listDateFormats(['de-DE']))).toBe('1. Sept. 2025');
    expect(formatListDate(at(2025, 8, 1, 9, 0), now, listDateFormats(['en-US']))).toBe('Sep 1, 2025');
  });

  it('the first language the runtime knows wins', () => {
    expect(formatListDate(at(2026, 2, 10, 15, 7), now, listDateFormats(['de-DE', 'en-US']))).toBe('15:07');
  });
});
