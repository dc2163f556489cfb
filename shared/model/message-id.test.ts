import { describe, expect, it } from 'vitest';
import { formatMessageId, normalizeMessageId, normalizeMessageIds } from './message-id';

describe('the stored form of a msg-id', () => {
  it.each([
    ['<a@b.example>', 'a@b.example'],
    ['  <a@b.example>  ', 'a@b.example'],
    ['a@b.example', 'a@b.example'],
    ['< a@b.example >', 'a@b.example'],
    ['<CAF=8Qm+x_1.y$z@mail.example.com>', 'CAF=8Qm+x_1.y$z@mail.example.com'],
  ])('%s is stored as %s', (value, stored) => {
    expect(normalizeMessageId(value)).toBe(stored);
  });

  it.each([[''], ['<>'], ['a b@x'], ['<a@b>\r\nX: y'], ['a<b@x'], ['ü@x.example'], [`${'x'.repeat(997)}`], [null], [undefined]])('%j is not an id', (value) => {
    expect(normalizeMessageId(value)).toBeNull();
  });

  it('a list keeps its order and drops repeats and unusable ids', () => {
    expect(normalizeMessageIds(['<a@x>', 'b@x', 'a@x', 'bad id', '<c@x>'])).toEqual(['a@x', 'b@x', 'c@x']);
  });

  it('is written back in brackets', () => {
    expect(formatMessageId('a@b.example')).toBe('<a@b.example>');
  });
});
