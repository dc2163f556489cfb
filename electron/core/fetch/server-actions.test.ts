import { afterEach, describe, expect, it } from 'vitest';
import type { FetchedMessage } from '../../../shared/model/fetched-message';
import { fakeServers } from '../pop3/testing/helpers';
import type { CommitOutcome } from './commit';
import { getMail, MAILBOX } from './testing/session-support';

/**
 * A rule's POP3 server action (issue 19) comes back with the store's acknowledgement of the
 * batch that held the message (the store decided it in that commit); the session acts on it only
 * then: DELE for "delete from server", nothing for "leave", a whole download for "download".
 */
const servers = fakeServers();
afterEach(() => servers.closeAll());

/** A store that answers, for each message whose subject names an action, that action. */
function storeAsking(): { commit: (m: FetchedMessage[]) => Promise<CommitOutcome>; batches: FetchedMessage[][] } {
  const batches: FetchedMessage[][] = [];
  return {
    batches,
    async commit(messages) {
      batches.push(messages);
      await new Promise((r) => setImmediate(r));
      const server = messages.flatMap((m) => {
        const action = /\b(delete|leave|download)\b/.exec(m.headers.subject)?.[1] as 'delete' | 'leave' | 'download' | undefined;
        return action && m.replaces !== true ? [{ localId: m.id, action }] : [];
      });
      return { committed: true, server };
    },
  };
}

const mail = (subject: string, bodyBytes = 100) => Buffer.from(`Subject: ${subject}\r\nMessage-ID: <${subject.replace(/\W/g, '')}@x>\r\n\r\n${'b'.repeat(bodyBytes)}\r\n`);

describe('server actions a rule asked for', () => {
  it('"delete from server" deletes exactly that message, after its commit, in keep mode', async () => {
    const server = await servers.start({ messages: [mail('keep me'), mail('please delete this'), MAILBOX[0]!] });
    const store = storeAsking();
    const { summary, error } = await getMail(server, { store: { ...store, texts: () => [] } });
    expect(error).toBeNull();
    expect(summary?.deletedLocalIds).toHaveLength(1);
    expect(server.mailbox()).toEqual(['uid-1', 'uid-3']);
    // The DELE came after the batch was answered: it is the last thing before QUIT.
    const t = server.transcript.filter((l) => /^(RETR|DELE|QUIT)/.test(l));
    expect(t.slice(-2)).toEqual(['DELE 2', 'QUIT']);
  });

  it('nothing is deleted when the store did not commit the batch, whatever a rule said', async () => {
    const server = await servers.start({ messages: [mail('please delete this')] });
    const { error } = await getMail(server, { store: { batches: [], texts: () => [], commit: async () => ({ committed: false, code: 'ESTORAGE', message: 'disk' }) } });
    expect(error?.code).toBe('ESTORAGE');
    expect(server.mailbox()).toHaveLength(1);
    expect(server.transcript.some((l) => l.startsWith('DELE'))).toBe(false);
  });

  it('"leave on server" keeps a message that delete mode would remove', async () => {
    const server = await servers.start({ messages: [mail('leave this here'), mail('ordinary')] });
    const store = storeAsking();
    await getMail(server, { store: { ...store, texts: () => [] }, retention: { mode: 'delete', keepDays: null, deleteWhenDeletedHere: true } });
    expect(server.mailbox()).toEqual(['uid-1']);
  });

  it('"download whole" completes a headers-only copy in the same Get mail', async () => {
    const server = await servers.start({ messages: [mail('download me', 5000), mail('big but unasked', 5000)] });
    const store = storeAsking();
    const { error } = await getMail(server, { store: { ...store, texts: () => [] }, headersOnlyOverBytes: 1000 });
    expect(error).toBeNull();
    const all = store.batches.flat();
    expect(all.map((m) => [m.headers.subject, m.partial, m.replaces === true])).toEqual([
      ['download me', true, false],
      ['big but unasked', true, false],
      ['download me', false, true],
    ]);
    expect(all[2]?.id).toBe(all[0]?.id);
  });
});

describe('what the person asked in "What is on the server" (issue 20)', () => {
  const asked = (localId: string, uidl: string, size: number, status: 'stored' | 'headers-only', action: 'delete' | 'download', confirmed = false) => ({
    accountId: 'acc1',
    uidl,
    localId,
    downloadedAt: Date.now() - 1000,
    status,
    size,
    asked: { action, at: Date.now(), ...(confirmed ? { confirmed: true as const } : {}) },
  });

  it('"Delete from server now" sends DELE for that message then QUIT, and reports it deleted', async () => {
    const server = await servers.start({ messages: [mail('one'), mail('two')] });
    const size = mail('two').length;
    const { summary, error } = await getMail(server, { popState: [{ accountId: 'acc1', uidl: 'uid-1', localId: 'L1', downloadedAt: 1, status: 'stored', size: mail('one').length }, asked('L2', 'uid-2', size, 'stored', 'delete')] });
    expect(error).toBeNull();
    expect(summary?.deletedLocalIds).toEqual(['L2']);
    expect(server.mailbox()).toEqual(['uid-1']);
    expect(server.transcript.slice(-2)).toEqual(['DELE 2', 'QUIT']);
  });

  it('disconnect_after_dele_before_quit_deletes_nothing: the Get mail fails and reports no deletion', async () => {
    const server = await servers.start({
      messages: [mail('one'), mail('two')],
      overrides: { QUIT: (s) => s.close() },
    });
    const { summary, error } = await getMail(server, { popState: [asked('L2', 'uid-2', mail('two').length, 'stored', 'delete')] });
    expect(server.transcript).toContain('DELE 2');
    expect(error).not.toBeNull();
    expect(summary).toBeNull();
    expect(server.mailbox()).toEqual(['uid-1', 'uid-2']);
    expect(server.deleted).toEqual([]);
  });

  it('"Download now" downloads a headers-only message whole over the account limit, and does not delete it in keep mode', async () => {
    const big = mail('big one', 5000);
    const server = await servers.start({ messages: [big] });
    const { summary, error, store } = await getMail(server, { headersOnlyOverBytes: 1000, popState: [asked('L1', 'uid-1', big.length, 'headers-only', 'download')] });
    expect(error).toBeNull();
    expect(summary?.deletedLocalIds).toEqual([]);
    const all = store.batches.flat();
    expect(all.map((m) => [m.id, m.partial, m.replaces === true, Buffer.from(m.raw).equals(big)])).toEqual([['L1', false, true, true]]);
    expect(server.mailbox()).toEqual(['uid-1']);
  });
});
