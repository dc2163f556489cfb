/** What a key does in the reader: the list's keys on the message shown, and Esc as in the list. */
export type ReaderKey = 'toggle-unread' | 'toggle-star' | 'delete' | 'leave-search';

/** The reader's command for `key`, or null. A dialog or menu open in the reader keeps its own Esc. */
export function readerKey(key: string, inDialog: boolean): ReaderKey | null {
  switch (key) {
    case 'u':
      return 'toggle-unread';
    case 's':
      return 'toggle-star';
    case 'Delete':
    case 'Backspace':
      return 'delete';
    case 'Escape':
      return inDialog ? null : 'leave-search';
    default:
      return null;
  }
}
