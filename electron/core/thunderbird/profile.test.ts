import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openMbox } from '../mbox/reader';
import { headersOnlyOverBytes, incomingOf, outgoingOf, retentionOf } from './accounts';
import { readProfile, type ProfileContents } from './profile';
import { findProfiles, profilesOf, thunderbirdRoots } from './profiles';
import { makeProfileTree, POP_INBOX, type ProfileTree } from './testing/profile-tree';

let base: string;
let tree: ProfileTree;
let contents: ProfileContents;
beforeAll(async () => {
  base = await mkdtemp(path.join(os.tmpdir(), 'heron-tb-'));
  tree = await makeProfileTree(base);
  contents = await readProfile(tree.profileDir);
});
afterAll(async () => {
  await rm(base, { recursive: true, force: true });
});

describe('finding profiles', () => {
  it('knows where Thunderbird keeps them on each system', () => {
    expect(thunderbirdRoots({ platform: 'linux', home: '/home/a' })).toEqual(['/home/a/.thunderbird', '/home/a/.var/app/org.mozilla.Thunderbird/.thunderbird', '/home/a/snap/thunderbird/common/.thunderbird']);
    expect(thunderbirdRoots({ platform: 'darwin', home: '/Users/a' })).toEqual(['/Users/a/Library/Thunderbird']);
    expect(thunderbirdRoots({ platform: 'win32', home: 'C:\\Users\\a', appData: 'C:\\Users\\a\\AppData\\Roaming' })).toEqual(['C:\\Users\\a\\AppData\\Roaming\\Thunderbird']);
  });

  it('reads profiles.ini and installs.ini: relative and absolute paths, the installation\'s default first of all', async () => {
    const found = await findProfiles([path.join(base, 'nothing-here'), tree.root]);
    expect(found).toEqual([
      { name: 'old', dir: tree.oldProfileDir, root: tree.root, isDefault: false, exists: true },
      { name: 'default-release', dir: tree.profileDir, root: tree.root, isDefault: true, exists: true },
    ]);
  });

  it('without an installation default, Default=1 decides; a lone profile is the default', () => {
    const ini = '[Profile0]\nName=a\nIsRelative=1\nPath=Profiles/a\n\n[Profile1]\nName=b\nIsRelative=1\nPath=Profiles/b\nDefault=1\n';
    expect(profilesOf('/r', ini, null).map((p) => [p.name, p.dir, p.isDefault])).toEqual([
      ['a', '/r/Profiles/a', false],
      ['b', '/r/Profiles/b', true],
    ]);
    expect(profilesOf('/r', '[Profile0]\nName=x\nIsRelative=1\nPath=Profiles\\x.default\n', null).map((p) => [p.dir, p.isDefault])).toEqual([['/r/Profiles/x.default', true]]);
  });
});

describe('a profile\'s accounts', () => {
  it('lists the POP3 accounts in Thunderbird\'s order with their servers, identities and outgoing servers', () => {
    expect(contents.pop3.map(({ account: a }) => [a.key, a.server.hostname, a.server.port, a.server.security, a.server.username, a.server.name])).toEqual([
      ['account2', 'pop.example.com', 995, 'tls', 'alice', 'Alice (work) – ünïcode'],
      ['account3', 'pop.example.com', 1110, 'none', 'bob smith', 'pop.example.com'],
    ]);
    const [alice, bob] = contents.pop3.map((p) => p.account);
    expect(alice?.identities).toEqual([
      { key: 'id1', name: 'Zoë "Z" O\'Brien', email: 'alice@example.com', replyTo: null, smtp: { key: 'smtp1', description: '', hostname: 'smtp.example.com', port: 587, security: 'starttls', username: 'alice@example.com', authMethod: 3 } },
    ]);
    expect(bob?.identities[0]?.smtp?.hostname).toBe('mail.example.net');
    expect(contents.others.map((a) => [a.server.type, a.server.hostname, a.server.port])).toEqual([['imap', 'imap.example.org', 993]]);
    expect(contents.prefsUnreadable).toBe(1);
  });

  it('maps leave-on-server settings, security, login and size limits to Heron\'s', () => {
    const [alice, bob] = contents.pop3.map((p) => p.account.server);
    if (alice === undefined || bob === undefined) throw new Error('accounts missing');
    expect(retentionOf(alice)).toEqual({ mode: 'keep', keepDays: 14, deleteWhenDeletedHere: true });
    expect(retentionOf(bob)).toEqual({ mode: 'delete', keepDays: null, deleteWhenDeletedHere: false });
    expect(incomingOf(alice)).toEqual({ protocol: 'pop3', host: 'pop.example.com', port: 995, security: 'tls', username: 'alice', auth: 'user' });
    expect(incomingOf(bob).auth).toBe('cram-md5');
    expect(headersOnlyOverBytes(alice)).toBeNull();
    expect(headersOnlyOverBytes(bob)).toBe(200 * 1024);
    const smtp = contents.pop3[0]?.account.identities[0]?.smtp;
    if (!smtp) throw new Error('smtp missing');
    expect(outgoingOf(smtp)).toEqual({ protocol: 'smtp', host: 'smtp.example.com', port: 587, security: 'starttls', username: 'alice@example.com', auth: 'plain' });
  });

  it('resolves each account\'s folder from directory-rel, not the stale absolute path', () => {
    expect(contents.pop3.map((p) => p.account.server.directory)).toEqual([path.join(tree.profileDir, 'Mail', 'pop.example.com'), path.join(tree.profileDir, 'Mail', 'pop.example-1.com')]);
    expect(contents.localFolders?.server.directory).toBe(path.join(tree.profileDir, 'Mail', 'Local Folders'));
  });
});

describe('a profile\'s folders and POP state', () => {
  it('lists Local Folders: nested .sbd, spaces and non-ASCII names, a folder without its index, none of the other files', () => {
    const local = path.join(tree.profileDir, 'Mail', 'Local Folders');
    expect(contents.localFolders?.folders.map((f) => [f.path.join('/'), f.indexed, f.special, path.relative(local, f.file)])).toEqual([
      ['Archives', true, 'archive', 'Archives'],
      ['Archives/2023', true, null, 'Archives.sbd/2023'],
      ['Archives/2023/Q1 Reports', true, null, 'Archives.sbd/2023.sbd/Q1 Reports'],
      ['Inbox', true, 'inbox', 'Inbox'],
      ['Projekte Ärger & Spaß', true, null, 'Projekte Ärger & Spaß'],
      ['Sent', false, 'sent', 'Sent'],
      ['Trash', true, 'trash', 'Trash'],
      ['Only Subfolders/Child', true, null, 'Only Subfolders.sbd/Child'],
    ]);
  });

  it('reads each POP3 account\'s popstate.dat, and says when there is none', () => {
    expect(contents.pop3.map((p) => [p.popstate?.length ?? null, p.popstateUnreadable])).toEqual([
      [7, 1],
      [null, 0],
    ]);
    expect(contents.pop3[1]?.folders.map((f) => [f.path.join('/'), f.size])).toEqual([['Inbox', 0]]);
  });

  it('imports an account folder: expunged skipped, flags and X-UIDL read, >From unquoted', async () => {
    const inbox = contents.pop3[0]?.folders.find((f) => f.special === 'inbox');
    if (!inbox) throw new Error('no Inbox');
    expect(inbox.size).toBe(Buffer.byteLength(POP_INBOX));
    const reader = await openMbox(inbox.file);
    const seen: Array<[string, string | null, number | null]> = [];
    let quoted = '';
    for await (const e of reader.entries()) {
      seen.push([e.kind, e.facts.uidl, e.facts.mozillaFlags]);
      if (e.kind === 'message' && e.facts.uidl === 'UIDL-4') quoted = e.bytes.toString();
    }
    await reader.close();
    expect(reader.dialect).toBe('mboxrd');
    expect(seen).toEqual([
      ['message', 'UIDL-1', 1],
      ['skipped', 'UIDL-2', 9],
      ['message', 'UIDL-3', 5],
      ['message', 'UIDL-4', 0],
    ]);
    expect(quoted.endsWith('Quoted:\n\nFrom the archive\nFrom here on, plain.\n')).toBe(true);
  });

  it('a profile without prefs.js is refused with the reason', async () => {
    await expect(readProfile(path.join(base, 'elsewhere'))).rejects.toMatchObject({ code: 'ENOTFOUND', message: expect.stringContaining('no settings file (prefs.js)') });
  });
});
