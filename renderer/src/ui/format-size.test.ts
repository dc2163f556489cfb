import { describe, expect, it } from 'vitest';
import { formatSize } from './format-size';

describe('formatSize (the list, the reader and compose print sizes alike)', () => {
  it('prints bytes, then binary units with one decimal under 10', () => {
    expect([formatSize(512), formatSize(1536), formatSize(20 * 1024), formatSize(3.5 * 1048576)]).toEqual(['512 bytes', '1.5 KB', '20 KB', '3.5 MB']);
  });

  it('rounds from 10 on and goes up to GB', () => {
    expect([formatSize(12 * 1048576), formatSize(1023 * 1024), formatSize(1.25 * 1024 ** 3), formatSize(2048 * 1024 ** 3)]).toEqual(['12 MB', '1023 KB', '1.3 GB', '2048 GB']);
  });
});
