/**
 * The rest of a sent message, waiting for recipients the server deferred (4xx) while it accepted
 * the others (renderer/src/data/outbox-repo.ts): the Outbox says who it is for and offers no Edit,
 * and "Stop trying" removes it and leaves the answer on the Sent copy. The state is written to
 * IndexedDB as the repository leaves it after such a send, so no server is involved.
 */
import { expect, test } from './harness/fixtures';
import { seedMailbox } from './harness/seed';

test('a deferred recipient waits in the Outbox with no Edit; "Stop trying" removes it and the Sent copy says so', async ({ app }) => {
  await seedMailbox(app);
  const now = Date.now();
  await app.evaluate(async (now) => {
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const req = indexedDB.open('heron');
      req.onsuccess = () => resolve(req.result);
      req.onerror = () => reject(req.error);
    });
    const sentMeta = {
      id: 'sent-1', accountId: 'acct-1', messageId: '<m1@example.com>', inReplyTo: null, references: [],
      from: { name: 'Alice Martin', address: 'alice@example.com' },
      to: [{ name: 'Bob', address: 'bob@example.com' }, { name: 'Carol', address: 'carol@example.com' }],
      cc: [], replyTo: [], subject: 'Agenda for Monday', date: now - 60_000, receivedAt: now - 60_000, size: 60,
      hasAttachments: false, snippet: 'See you there.', unread: false, starred: false, partial: false, uidl: null,
    };
    const deferred = { address: 'carol@example.com', accepted: false, temporary: true, response: '450 4.2.0 Greylisted', reason: 'The server could not take carol@example.com right now; it may work later (SMTP: 450 4.2.0 Greylisted).' };
    await new Promise<void>((resolve, reject) => {
      const tx = db.transaction(['messages', 'bodies', 'folderCounts', 'outbox'], 'readwrite');
      tx.objectStore('messages').put({ ...sentMeta, folder: 'sent', unreadFlag: 0 });
      tx.objectStore('folderCounts').put({ accountId: 'acct-1', folder: 'sent', total: 1, unread: 0 });
      tx.objectStore('bodies').put({ messageId: 'sent-1', text: 'See you there.', html: null, warnings: [`Not delivered to carol@example.com yet: ${deferred.reason} Heron is trying again.`] });
      tx.objectStore('outbox').put({
        id: 'resend-1', accountId: 'acct-1', raw: new Blob(['Subject: Agenda for Monday\r\n\r\nSee you there.\r\n']),
        envelope: { from: 'alice@example.com', to: ['carol@example.com'] }, messageId: '<m1@example.com>',
        // Not due for half an hour: the seeded account has no server to send to.
        state: 'waiting-retry', queuedAt: now - 60_000, attempts: 1, nextAttemptAt: now + 30 * 60_000,
        lastError: { code: 'ETEMPORARY', message: 'The server could not take carol@example.com right now. Everyone else has the message; Heron will send it to this address again by itself.', retryable: true },
        perRecipient: [deferred], draftId: '', sentMeta, sentBody: { messageId: 'sent-1', text: 'See you there.', html: null, warnings: [] }, resendOf: 'sent-1',
      });
      tx.oncomplete = () => resolve();
      tx.onerror = () => reject(tx.error);
    });
    db.close();
  }, now);
  await app.reload();

  await app.getByRole('button', { name: 'Outbox' }).first().click();
  const item = app.getByRole('listitem', { name: /^Agenda for Monday: Waiting to send — next try in 30 min \(to carol@example\.com only: everyone else has it\)$/ });
  await expect(item).toBeVisible();
  await expect(item).toContainText('To carol@example.com');
  await expect(item).toContainText('Heron will send it to this address again by itself.');
  await expect(item.getByRole('button', { name: 'Edit' })).toHaveCount(0);
  await item.getByRole('button', { name: 'Stop trying' }).click();
  await expect(app.getByText('Nothing is waiting to be sent.')).toBeVisible();

  await app.getByRole('button', { name: 'Sent' }).first().click();
  await app.getByRole('listbox', { name: 'Messages in Sent' }).getByRole('option').first().click();
  await expect(app.getByRole('list', { name: 'Delivery of this message' })).toHaveText('Not delivered to carol@example.com: Heron stopped trying, as you asked.');
});
