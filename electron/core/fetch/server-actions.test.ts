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
