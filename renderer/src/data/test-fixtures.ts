// Test builders for rows; used by the data tests only.
import type { Account } from '../../../shared/model/account';
import { DEFAULT_RETENTION } from '../../../shared/model/account';
import type { MessageMeta } from '../../../shared/model/message';

export function makeAccount(id: string, order = 0): Account {
  return {
    id,
    label: `Account ${id}`,
    identity: { name: 'Alice Example', address: `${id}@example.com` },
    incoming: { protocol: 'pop3', host: 'pop.example.com', port: 995, security: 'tls', username: id, auth: 'user' },
    outgoing: { protocol: 'smtp', host: 'smtp.example.com', port: 465, security: 'tls', username: id, auth: 'plain' },
    retention: DEFAULT_RETENTION,
    checkAtStartup: true,
    checkIntervalMinutes: 10,
    headersOnlyOverBytes: null,
    createdAt: 1_700_000_000_000,
    order,
  };
}

export function makeMessage(id: string, over: Partial<MessageMeta> = {}): MessageMeta {
  return {
    id,
    accountId: 'a1',
    folder: 'inbox',
    messageId: `<${id}@example.com>`,
    inReplyTo: null,
    references: [],
    from: { name: 'Bob', address: 'bob@example.com' },
    to: [{ name: '', address: 'a1@example.com' }],
    cc: [],
    replyTo: [],
    subject: `Subject ${id}`,
    date: 1_700_000_000_000,
    receivedAt: 1_700_000_000_000,
    size: 100,
    hasAttachments: false,
    snippet: '',
    unread: true,
    starred: false,
    partial: false,
    uidl: null,
    ...over,
  };
}
