import { describe, expect, it } from 'vitest';
import { normalizeLink } from './editor-html';

describe('normalizeLink', () => {
  it.each([
    ['example.com', 'https://example.com/'],
    ['https://example.com/a?b=1', 'https://example.com/a?b=1'],
    ['http://x.org', 'http://x.org/'],
    ['bob@example.com', 'mailto:bob@example.com'],
    ['mailto:bob@example.com', 'mailto:bob@example.com'],
    ['javascript:alert(1)', null],
    ['data:text/html,x', null],
    ['file:///etc/passwd', null],
    ['', null],
  ])('%j → %j', (input, out) => {
    expect(normalizeLink(input)).toBe(out);
  });
});
