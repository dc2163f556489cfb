/**
 * Moving from Thunderbird (issue 20), against the real Dovecot: a Thunderbird profile tree of the
 * shape Thunderbird leaves on disk (profiles.ini, installs.ini, prefs.js, Mail/<host>/ with mbox
 * folders, .msf indexes, a .sbd sub-folder, popstate.dat, Local Folders), whose POP3 account had
 * downloaded four of alice's six messages. Heron finds it, the person picks the account and types
 * its password, and after the import Get mail downloads exactly the two Thunderbird had not.
 */
import { expect, test } from '@playwright/test';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Pop3Client } from '../../electron/core/pop3';
import { readStore } from '../harness/app-rig';
import { describeJourney, getMail, messageList, openFolder, passwordOf, snap } from './journey';
import { journeyMailbox } from './mailbox';

const base = path.join(os.tmpdir(), `heron-tb-journey-${process.pid}`);
const root = path.join(base, '.thunderbird');
const DAY_S = 86_400;

async function put(file: string, content: string | Buffer): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true });
  await writeFile(file, content);
}

/** A message as Thunderbird keeps it in a folder: its status headers and X-UIDL first, then the bytes it downloaded. */
function asThunderbird(bytes: Buffer, uidl: string | null, status: string): Buffer {
  const head = `From - Mon Mar 16 10:00:00 2026\r\nX-Account-Key: account1\r\n${uidl === null ? '' : `X-UIDL: ${uidl}\r\n`}X-Mozilla-Status: ${status}\r\nX-Mozilla-Status2: 00000000\r\n`;
  // Thunderbird writes mboxrd: a body line starting with "From " gets a ">".
  const body = bytes.toString('latin1').replace(/^(>*From )/gm, '>$1');
  return Buffer.concat([Buffer.from(head, 'latin1'), Buffer.from(body, 'latin1'), Buffer.from(body.endsWith('\n') ? '\r\n' : '\r\n\r\n')]);
}

/** The profile tree: alice's POP3 account on the journey's Dovecot, with messages 1–4 downloaded. */
async function makeProfile(port: number, downloaded: Array<{ uid: string; bytes: Buffer }>): Promise<string> {
  const profile = path.join(root, 'Profiles', 'q7w8e9r0.default-release');
  await put(path.join(root, 'profiles.ini'), '[Profile0]\nName=default-release\nIsRelative=1\nPath=Profiles/q7w8e9r0.default-release\n\n[General]\nStartWithLastProfile=1\nVersion=2\n\n[InstallFDC34C9F024745EB]\nDefault=Profiles/q7w8e9r0.default-release\nLocked=1\n');
  await put(path.join(root, 'installs.ini'), '[FDC34C9F024745EB]\nDefault=Profiles/q7w8e9r0.default-release\nLocked=1\n');
  await put(
    path.join(profile, 'prefs.js'),
    [
      '// Mozilla User Preferences',
      'user_pref("mail.accountmanager.accounts", "account1,account2");',
      'user_pref("mail.account.account1.server", "server1");',
      'user_pref("mail.account.account1.identities", "id1");',
      'user_pref("mail.account.account2.server", "server2");',
      'user_pref("mail.identity.id1.fullName", "Alice Test");',
      'user_pref("mail.identity.id1.useremail", "alice@test.domain");',
      'user_pref("mail.identity.id1.smtpServer", "smtp1");',
      'user_pref("mail.server.server1.type", "pop3");',
      'user_pref("mail.server.server1.hostname", "localhost");',
      `user_pref("mail.server.server1.port", ${port});`,
      'user_pref("mail.server.server1.socketType", 3);',
      'user_pref("mail.server.server1.userName", "alice");',
      'user_pref("mail.server.server1.name", "alice@test.domain");',
      'user_pref("mail.server.server1.leave_on_server", true);',
      'user_pref("mail.server.server1.delete_by_age_from_server", true);',
      'user_pref("mail.server.server1.num_days_to_leave_on_server", 30);',
      'user_pref("mail.server.server1.directory-rel", "[ProfD]Mail/localhost");',
      'user_pref("mail.server.server2.type", "none");',
      'user_pref("mail.server.server2.hostname", "Local Folders");',
      'user_pref("mail.server.server2.directory-rel", "[ProfD]Mail/Local Folders");',
      'user_pref("mail.smtpserver.smtp1.hostname", "localhost");',
      'user_pref("mail.smtpserver.smtp1.port", 587);',
      'user_pref("mail.smtpserver.smtp1.try_ssl", 2);',
      'user_pref("mail.smtpserver.smtp1.username", "alice");',
      'user_pref("mail.smtpservers", "smtp1");',
      '',
    ].join('\n'),
  );
  const mail = path.join(profile, 'Mail', 'localhost');
  const [m1, m2, m3, m4] = downloaded as [(typeof downloaded)[number], (typeof downloaded)[number], (typeof downloaded)[number], (typeof downloaded)[number]];
  // Three in the Inbox (the first read), one the person filed under Archives/2023.
  await put(path.join(mail, 'Inbox'), Buffer.concat([asThunderbird(m1.bytes, m1.uid, '0001'), asThunderbird(m2.bytes, m2.uid, '0000'), asThunderbird(m3.bytes, m3.uid, '0000')]));
  await put(path.join(mail, 'Inbox.msf'), '// <!-- <mdb:mork:z v="1.4"/> -->');
  await put(path.join(mail, 'Archives'), '');
  await put(path.join(mail, 'Archives.msf'), '');
  await put(path.join(mail, 'Archives.sbd', '2023'), asThunderbird(m4.bytes, m4.uid, '0001'));
  await put(path.join(mail, 'Archives.sbd', '2023.msf'), '');
  await put(path.join(mail, 'Sent'), asThunderbird(Buffer.from('Message-ID: <tb-sent-1@test.domain>\r\nFrom: Alice Test <alice@test.domain>\r\nTo: bob@test.domain\r\nSubject: Sent from Thunderbird\r\nDate: Sun, 15 Mar 2026 09:00:00 +0000\r\n\r\nHi Bob.\r\n'), null, '0001'));
  await put(path.join(mail, 'Sent.msf'), '');
  const now = Math.floor(Date.now() / 1000);
  await put(path.join(mail, 'popstate.dat'), ['# POP3 State File', '# This is a generated file!  Do not edit.', '', '*localhost alice', ...downloaded.map((d, i) => `k ${d.uid} ${now - (i + 1) * DAY_S}`), ''].join('\r\n'));
  const local = path.join(profile, 'Mail', 'Local Folders');
  await put(path.join(local, 'Saved'), asThunderbird(Buffer.from('Message-ID: <tb-saved-1@test.domain>\r\nFrom: Carol <carol@test.domain>\r\nSubject: Kept in Local Folders\r\nDate: Sat, 14 Mar 2026 09:00:00 +0000\r\n\r\nKeep this.\r\n'), null, '0001'));
  await put(path.join(local, 'Saved.msf'), '');
  await put(path.join(local, 'Trash'), '');
  return profile;
}

/** What Thunderbird downloaded: messages 1–4 exactly as the server sends them, with their UIDLs. */
async function downloadLikeThunderbird(port: number, ca: string): Promise<Array<{ uid: string; bytes: Buffer }>> {
  const client = await Pop3Client.connect({ host: '127.0.0.1', port, security: 'tls', servername: 'localhost', ca });
  try {
    await client.login({ method: 'user', username: 'alice', password: passwordOf('alice') });
    const uids = await client.uidl();
    const out: Array<{ uid: string; bytes: Buffer }> = [];
    for (const { msg, uid } of uids.slice(0, 4)) {
      const chunks: Buffer[] = [];
      for await (const chunk of client.retrieve(msg)) chunks.push(chunk as Buffer);
      out.push({ uid, bytes: Buffer.concat(chunks) });
    }
    await client.quit();
    return out;
  } finally {
    client.destroy();
  }
}

test.afterAll(async () => {
  await rm(base, { recursive: true, force: true });
});

describeJourney('moving from Thunderbird', { timeoutMs: 240_000, thunderbirdRoots: [root] }, (journey) => {
  test('Heron finds the profile, imports the picked account and its folders, and Get mail downloads only what Thunderbird had not', async () => {
    const j = journey();
    const { page } = j;
    const pop3s = j.servers.dovecot.pop3sPort;
    const downloaded = await downloadLikeThunderbird(pop3s, j.servers.dovecot.ca);
    await makeProfile(pop3s, downloaded);
    const all = journeyMailbox();

    // A first start: the welcome screen leads to Your mail.
    await page.getByRole('button', { name: 'Move from Thunderbird…' }).click();
    await expect(page.getByRole('heading', { name: 'Your mail' })).toBeFocused();
    await page.getByRole('button', { name: 'Find Thunderbird profiles' }).click();
    const found = page.getByTestId('thunderbird-profile');
    await expect(found).toContainText('alice@test.domain — localhost:' + pop3s + ', SSL/TLS, user alice; keeps mail on the server for 30 days.');
    await expect(found).toContainText('Folders: Archives, Archives/2023, Inbox, Sent.');
    await expect(found).toContainText('Thunderbird already downloaded 4 messages.');
    await expect(found).toContainText('Local Folders (Saved, Trash)');
    await found.getByRole('checkbox', { name: /alice@test\.domain/ }).check();
    await found.getByLabel('Password for alice@test.domain').fill(passwordOf('alice'));
    await found.getByRole('checkbox', { name: /Local Folders/ }).check();
    await found.scrollIntoViewIfNeeded();
    await snap(page, 'tb-1-found');
    await found.getByRole('button', { name: 'Import from Thunderbird' }).click();

    const status = page.getByTestId('own-mail-status');
    await expect(status).toContainText('alice@test.domain: 5 messages imported; 4 messages Thunderbird downloaded will not be downloaded again.', { timeout: 60_000 });
    await expect(status).toContainText('Local Folders: 1 message imported.');
    await snap(page, 'tb-2-imported');

    // The account exists now, with Thunderbird's settings; its password is the one typed.
    await expect.poll(async () => (await readStore<{ id: string }>(page, 'accounts')).length, { timeout: 15_000 }).toBe(1);
    const [account] = await readStore<{ id: string; incoming: { host: string; port: number; security: string }; retention: unknown; identity: { address: string } }>(page, 'accounts');
    expect(account).toMatchObject({ identity: { address: 'alice@test.domain' }, incoming: { host: 'localhost', port: pop3s, security: 'tls' }, retention: { mode: 'keep', keepDays: 30, deleteWhenDeletedHere: false } });

    await openFolder(page, 'Inbox');
    await getMail(j, account!.id);
    // 3 from Thunderbird's Inbox and the 2 it had not downloaded; Archives/2023 and Saved are folders of their own.
    await expect(messageList(page).getByRole('option')).toHaveCount(5, { timeout: 30_000 });
    await snap(page, 'tb-3-after-get-mail');
    const rows = await readStore<{ subject: string; folder: string; sourceFolder?: string }>(page, 'messages');
    const counts = new Map<string, number>();
    for (const r of rows) counts.set(r.subject, (counts.get(r.subject) ?? 0) + 1);
    // Every message of the server is here exactly once: none downloaded twice.
    for (const m of all) expect(counts.get(m.subject), m.subject).toBe(1);
    expect(rows.find((r) => r.subject === 'Sent from Thunderbird')?.folder).toBe('sent');
    const folders = await readStore<{ id: string; name: string; parentId: string | null; accountId: string | null }>(page, 'folders');
    const archives = folders.find((f) => f.name === 'Archives');
    const y2023 = folders.find((f) => f.name === '2023');
    expect(archives).toMatchObject({ parentId: null, accountId: account!.id });
    expect(y2023).toMatchObject({ parentId: archives?.id, accountId: account!.id });
    expect(rows.filter((r) => r.folder === y2023?.id)).toHaveLength(1);
    // The person finds them where Thunderbird had them, in the folder pane.
    const folderPane = page.getByRole('navigation', { name: 'Folders' });
    await folderPane.getByRole('button', { name: /^2023( \d+ unread)?$/ }).click();
    await expect(messageList(page).getByRole('option')).toHaveCount(1);
    await snap(page, 'tb-4-archives-2023');
    // Thunderbird's Local Folders are Heron's Local Folders.
    expect(folders.find((f) => f.name === 'Saved')).toMatchObject({ parentId: null, accountId: null });
    await folderPane.getByRole('button', { name: /^Saved( \d+ unread)?$/ }).click();
    await expect(messageList(page).getByRole('option')).toHaveText([/Kept in Local Folders/]);
    await snap(page, 'tb-5-saved');
    // The POP state: Thunderbird's four and the two downloaded now; the server still has all six.
    const entries = (await readStore<{ entries: Array<{ uidl: string }> }>(page, 'popChunks')).flatMap((c) => c.entries);
    expect(new Set(entries.map((e) => e.uidl)).size).toBe(6);
    expect(await j.servers.dovecot.listMaildir('alice')).toHaveLength(6);
  });
});
