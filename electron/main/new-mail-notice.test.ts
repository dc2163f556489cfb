import { describe, expect, it } from 'vitest';
import type { FetchSummary } from '../../shared/ipc/calls/fetch';
import { newMailNotice } from './new-mail-notice';

const summary = (newMessages: FetchSummary['newMessages']): FetchSummary => ({
  serverCount: 10,
  downloaded: newMessages.length,
  deletedLocalIds: [],
  goneLocalIds: [],
  refusedTooBig: [],
  unidentified: 0,
  newMessages,
});

describe('new mail notice', () => {
  it('says nothing when nothing is new', () => {
    expect(newMailNotice('a@example.com', summary([]))).toBeNull();
  });

  it('names the sender and subject of a single message', () => {
    expect(newMailNotice('a@example.com', summary([{ from: 'Bob', subject: 'Lunch?' }]))).toEqual({
      title: 'New message for a@example.com',
      body: 'Bob: Lunch?',
    });
  });

  it('counts many and lists the first three distinct senders', () => {
    const list = ['Ann', 'Bob', 'Ann', 'Cy', 'Dee', 'Eve'].map((from) => ({ from, subject: 's' }));
    expect(newMailNotice('a@example.com', summary(list))).toEqual({
      title: '6 new messages for a@example.com',
      body: 'From Ann, Bob, Cy and 2 more',
    });
  });

  it('strips control and bidi characters from server text and caps long names', () => {
    const notice = newMailNotice('a@example.com', summary([{ from: `Evil\u202e\u0007${'x'.repeat(100)}`, subject: '' }]));
    expect(notice?.body).toBe(`Evil${'x'.repeat(55)}…: (no subject)`);
  });
});
