/**
 * The rest of a sent message, waiting for recipients the server deferred (4xx) while it accepted
 * the others (renderer/src/data/outbox-repo.ts): the Outbox says who it is for and offers no Edit,
 * and "Stop trying" removes it and leaves the answer on the Sent copy. The state is made by the
 * outbox repository itself (queued, claimed, the server's answer applied), so no server is involved.
 */
import { expect, test } from './harness/fixtures';
import { seedMailbox, seeder } from './harness/seed';

test('a deferred recipient waits in the Outbox with no Edit; "Stop trying" removes it and the Sent copy says so', async ({ app }) => {
  await seedMailbox(app);
  const now = Date.now();
  // The repository's own send path: queued, claimed, then the server's answer took Bob and deferred Carol.
  await seeder(app).partlyDelivered({
    accountId: 'acct-1',
    sentId: 'sent-1',
    messageId: '<m1@example.com>',
    from: { name: 'Alice Martin', address: 'alice@example.com' },
    to: [{ name: 'Bob', address: 'bob@example.com' }, { name: 'Carol', address: 'carol@example.com' }],
    subject: 'Agenda for Monday',
    text: 'See you there.',
    date: now - 60_000,
    deferred: [{ address: 'carol@example.com', response: '450 4.2.0 Greylisted', reason: 'The server could not take carol@example.com right now; it may work later (SMTP: 450 4.2.0 Greylisted).' }],
    // Not due for half an hour: the seeded account has no server to send to.
    retryAt: now + 30 * 60_000,
  });
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
