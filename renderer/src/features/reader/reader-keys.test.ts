import { describe, expect, it } from 'vitest';
import { readerKey } from './reader-keys';

describe('keys in the reader', () => {
  it('Esc returns from search results to the folder, as in the list; a dialog or menu keeps its own Esc', () => {
    expect(readerKey('Escape', false)).toBe('leave-search');
    expect(readerKey('Escape', true)).toBeNull();
  });

  it('the list’s keys on the message shown', () => {
    expect(['u', 's', 'Delete', 'Backspace', 'x'].map((k) => readerKey(k, false))).toEqual(['toggle-unread', 'toggle-star', 'delete', 'delete', null]);
  });
});
