/**
 * Moving from Thunderbird (issue 20): the profiles on this computer, what one holds for Heron (its
 * POP3 accounts as Heron accounts, their folders, Local Folders), and the import of what the person
 * picked: each folder through the import pipeline (importer.ts), then the account's popstate.dat
 * as its POP state, tied to the imported copies by their X-UIDL — so the first check downloads
 * nothing Thunderbird had, and keep-N-days counts from Thunderbird's dates. Messages go first and
 * the POP state after, so it never names a message not stored; the window creates the account
 * only once both are in, so no check runs before.
 */
import { randomUUID } from 'node:crypto';
import { HeronError } from '../../../shared/ipc/result';
import type { Account, OutgoingServer } from '../../../shared/model/account';
import type { LocalFolder } from '../../../shared/model/message';
import type { ThunderbirdAccountInfo, ThunderbirdOutcome, ThunderbirdProfileContents, WorkProgress } from '../../../shared/model/own-mail';
import { headersOnlyOverBytes, incomingOf, outgoingOf, popStateEntries, readProfile, retentionOf, type ThunderbirdFolder, type ThunderbirdPop3Account } from '../../core/thunderbird';
import type { ImportDeps } from './importer';
import { runImport } from './importer';

/** Heron's account settings from a Thunderbird POP3 account; an identity without an SMTP server gets submission on the same host. */
export function accountFrom(tb: ThunderbirdPop3Account): Omit<Account, 'id' | 'order' | 'createdAt'> {
  const { server, identities } = tb.account;
  const identity = identities[0];
  const incoming = incomingOf(server);
  const smtp = identity?.smtp ?? null;
  const outgoing: OutgoingServer = smtp
    ? { ...outgoingOf(smtp), sameCredentialsAsIncoming: smtp.username === '' || smtp.username === server.username }
    : { protocol: 'smtp', host: server.hostname, port: 587, security: 'starttls', username: server.username, auth: 'plain', sameCredentialsAsIncoming: true };
  const address = identity?.email || (server.username.includes('@') ? server.username : `${server.username}@${server.hostname}`);
  return {
    label: server.name || address,
    identity: { name: identity?.name ?? '', address, ...(identity?.replyTo ? { replyTo: identity.replyTo } : {}) },
    incoming,
    outgoing: outgoing.username === '' ? { ...outgoing, username: server.username } : outgoing,
    retention: retentionOf(server),
    checkAtStartup: true,
    checkIntervalMinutes: 10,
    headersOnlyOverBytes: headersOnlyOverBytes(server),
  };
}

const folderInfo = (f: ThunderbirdFolder) => ({ path: f.path, size: f.size });

export async function describeProfile(dir: string): Promise<ThunderbirdProfileContents> {
  const contents = await readProfile(dir);
  const accounts: ThunderbirdAccountInfo[] = contents.pop3.map((tb) => ({
    key: tb.account.key,
    account: accountFrom(tb),
    folders: tb.folders.map(folderInfo),
    downloaded: tb.popstate?.length ?? 0,
  }));
  return {
    dir,
    accounts,
    localFolders: contents.localFolders ? contents.localFolders.folders.map(folderInfo) : null,
    others: contents.others.map((a) => ({ name: a.server.name || a.server.hostname, type: a.server.type })),
    mayBeInUse: contents.mayBeInUse,
  };
}

/** Where a Thunderbird folder's messages go: its well-known folder, else a folder of the person's own at the same path. */
function targetOf(folder: ThunderbirdFolder, inLocalFolders = false): { folder: LocalFolder; folderPath?: readonly string[]; inLocalFolders?: boolean } {
  const special = folder.special;
  if (special === 'inbox' || special === 'sent' || special === 'trash') return { folder: special };
  return { folder: 'inbox', folderPath: folder.path, ...(inLocalFolders ? { inLocalFolders } : {}) };
}

export interface ThunderbirdImportRequest {
  readonly dir: string;
  /** The accounts picked, each with the id Heron's account will have. */
  readonly accounts: ReadonlyArray<{ readonly key: string; readonly accountId: string }>;
  /** The account Local Folders go into; null: not imported. */
  readonly localFoldersInto: string | null;
  readonly signal?: AbortSignal;
  readonly onProgress?: (progress: WorkProgress) => void;
  readonly now?: () => number;
}

export async function runThunderbirdImport(deps: ImportDeps, request: ThunderbirdImportRequest): Promise<ThunderbirdOutcome> {
  const now = request.now ?? Date.now;
  const contents = await readProfile(request.dir);
  const done: Array<ThunderbirdOutcome['accounts'][number]> = [];
  let cancelled = false;
  for (const pick of request.accounts) {
    const tb = contents.pop3.find((a) => a.account.key === pick.key);
    if (!tb) throw new HeronError('ENOTFOUND', `The Thunderbird account ${pick.key} is no longer in this profile.`);
    const byUidl = new Map<string, { id: string }>();
    let imported = 0;
    let duplicates = 0;
    for (const folder of tb.folders) {
      if (folder.size === 0) continue;
      const one = await runImport(deps, {
        accountId: pick.accountId,
        source: { kind: 'mbox', file: folder.file },
        target: targetOf(folder),
        ...(request.signal ? { signal: request.signal } : {}),
        ...(request.onProgress ? { onProgress: request.onProgress } : {}),
        onStoredUidl: (uidl, id) => byUidl.set(uidl, { id }),
      });
      imported += one.imported;
      duplicates += one.duplicates;
      if (one.cancelled) {
        cancelled = true;
        break;
      }
    }
    if (cancelled) break;
    // After the messages: every entry names a stored copy, or one Heron does not have (a message
    // Thunderbird deleted locally, or one it had in another folder), which is then never downloaded again either.
    const entries = popStateEntries(tb.popstate ?? [], {
      accountId: pick.accountId,
      localIdFor: (uidl) => byUidl.get(uidl)?.id ?? `tb-${randomUUID()}`,
      // No size: Thunderbird's copy carries headers it added (X-Mozilla-Status…), so its length is not the server's; the planner then matches by UIDL.
      now: now(),
    });
    if (entries.length > 0) await deps.store.ask({ kind: 'addPopState', accountId: pick.accountId, entries });
    done.push({ key: pick.key, accountId: pick.accountId, account: accountFrom(tb), imported, duplicates, remembered: entries.length });
  }
  let localImported = 0;
  if (!cancelled && request.localFoldersInto !== null && contents.localFolders) {
    for (const folder of contents.localFolders.folders) {
      if (folder.size === 0) continue;
      const one = await runImport(deps, {
        accountId: request.localFoldersInto,
        source: { kind: 'mbox', file: folder.file },
        // Thunderbird's Local Folders are Heron's: its folders go there, their messages under the account picked.
        target: targetOf(folder, true),
        ...(request.signal ? { signal: request.signal } : {}),
        ...(request.onProgress ? { onProgress: request.onProgress } : {}),
      });
      localImported += one.imported;
      if (one.cancelled) {
        cancelled = true;
        break;
      }
    }
  }
  return { accounts: done, localImported, cancelled };
}

