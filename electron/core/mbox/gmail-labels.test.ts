import { describe, expect, it } from 'vitest';
import { gmailPlacement, parseGmailLabels } from './gmail-labels';

describe('X-Gmail-Labels', () => {
  it('splits on commas outside quotes and decodes encoded words', () => {
    expect(parseGmailLabels('Inbox,"Work, old",=?UTF-8?B?w5xiZXI=?=,Inbox, Sent ')).toEqual(['Inbox', 'Work, old', 'Über', 'Sent']);
  });

  it('Gmail\'s own labels are places and states; the person\'s labels are folders, nested by /', () => {
    expect(gmailPlacement(['Inbox', 'Important', 'Category Updates', 'Unread', 'Starred', 'Work/Projects/Heron', 'Spam', 'Trash', 'Sent', 'Drafts'])).toEqual({
      folders: [{ special: 'inbox' }, { path: ['Work', 'Projects', 'Heron'] }, { special: 'junk' }, { special: 'trash' }, { special: 'sent' }, { special: 'drafts' }],
      read: false,
      starred: true,
      important: true,
    });
  });

  it('a message in no place (Archived, Opened) goes to the archive, read', () => {
    expect(gmailPlacement(['Archived', 'Opened', 'Category Social'])).toEqual({ folders: [{ special: 'archive' }], read: true, starred: false, important: false });
  });
});
