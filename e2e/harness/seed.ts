/**
 * Puts a small, realistic mailbox into the page's IndexedDB (as if fetched), then reloads so the
 * app reads it. Written with raw IndexedDB at whatever version the app opened, so it tests that
 * the app reads what is on disk, not what its own code just wrote.
 */
import type { Page } from '@playwright/test';

const DAY = 86_400_000;

export async function seedMailbox(page: Page, now = Date.UTC(2026, 2, 12, 15, 30)): Promise<void> {
  const account = {
    id: 'acct-1',
    label: 'Work',
    identity: { name: 'Alice Martin', address: 'alice@example.com' },
    incoming: { protocol: 'pop3', host: 'pop.example.com', port: 995, security: 'tls', username: 'alice', auth: 'user' },
    outgoing: { protocol: 'smtp', host: 'smtp.example.com', port: 465, security: 'tls', username: 'alice', auth: 'plain' },
    retention: { mode: 'keep', keepDays: 14, deleteWhenDeletedHere: true },
    // No automatic checks: the seeded account has no password and no server.
    checkAtStartup: false,
    checkIntervalMinutes: 0,
    headersOnlyOverBytes: null,
    createdAt: now - 30 * DAY,
    order: 0,
  };
  const people: [string, string, string, string, number, boolean][] = [
    ['Grace Hopper', 'grace@navy.example', 'Compiler review notes for Thursday', 'I went through the draft line by line; the two open questions are in section 3.', 0.02, true],
    ['Build server', 'ci@builds.example', 'Nightly build 2026.03.12 passed', 'All 1,482 tests passed in 14 min 12 s. Artifacts are ready for download.', 0.2, true],
    ['Ada Lovelace', 'ada@engines.example', 'Re: Bernoulli numbers, table 4', 'Thank you for the corrections. I have attached the revised table and a note on the loop.', 1.1, false],
    ['Margaret Hamilton', 'mh@apollo.example', 'Priority display: final wording', 'Here is the text we agreed on for the alarm screens, with the two edge cases.', 2.3, false],
    ['Tim Berners-Lee', 'tim@web.example', 'Hypertext proposal — comments welcome', 'Vague but exciting, my manager said. I would value your view before the next draft.', 4.6, false],
    ['Edsger Dijkstra', 'ewd@tue.example', 'On the cruelty of really teaching', 'Enclosed, the manuscript as promised. Please do not circulate it yet.', 9.4, false],
    ['Katherine Johnson', 'kj@langley.example', 'Trajectory figures checked', 'The numbers agree to the last decimal place. Glenn can go.', 21, false],
  ];
  const messages = people.map(([name, address, subject, snippet, daysAgo, unread], i) => ({
    id: `msg-${i}`,
    accountId: account.id,
    folder: 'inbox',
    messageId: `<seed-${i}@example.com>`,
    inReplyTo: null,
    references: [],
    from: { name, address },
    to: [{ name: 'Alice Martin', address: 'alice@example.com' }],
    cc: [],
    replyTo: [],
    subject,
    date: Math.round(now - daysAgo * DAY),
    receivedAt: Math.round(now - daysAgo * DAY),
    size: 2048 + i * 300,
    hasAttachments: i === 2,
    snippet,
    unread,
    unreadFlag: unread ? 1 : 0,
    starred: false,
    partial: false,
    uidl: `UID${1000 + i}`,
  }));
  const bodies = messages.map((m) => ({
    messageId: m.id,
    text: `Hello Alice,\n\n${m.snippet}\n\nBest regards,\n${m.from.name}`,
    html: null,
    warnings: [],
  }));
  await page.waitForFunction(() => document.querySelector('.app:not(.app-loading)') !== null);
  await page.evaluate(
    async ({ account, messages, bodies }) => {
      const db = await new Promise<IDBDatabase>((resolve, reject) => {
        const req = indexedDB.open('heron');
        req.onsuccess = () => resolve(req.result);
        req.onerror = () => reject(req.error);
      });
      await new Promise<void>((resolve, reject) => {
        const tx = db.transaction(['accounts', 'messages', 'bodies', 'folderCounts'], 'readwrite');
        tx.objectStore('accounts').put(account);
        for (const m of messages) tx.objectStore('messages').put(m);
        // Rows written raw bypass the app's folder counters (renderer/src/data/folder-counts.ts).
        const counts = new Map<string, { accountId: string; folder: string; total: number; unread: number }>();
        for (const m of messages) {
          const c = counts.get(m.folder) ?? { accountId: m.accountId, folder: m.folder, total: 0, unread: 0 };
          c.total += 1;
          c.unread += m.unread ? 1 : 0;
          counts.set(m.folder, c);
        }
        for (const c of counts.values()) tx.objectStore('folderCounts').put(c);
        for (const b of bodies) tx.objectStore('bodies').put(b);
        tx.oncomplete = () => resolve();
        tx.onerror = () => reject(tx.error);
      });
      db.close();
    },
    { account, messages, bodies },
  );
  await page.reload();
  await page.getByRole('listbox', { name: /^Messages in / }).waitFor();
}
