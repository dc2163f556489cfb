/**
 * Thunderbird's accounts, from its prefs: `mail.accountmanager.accounts` lists the accounts;
 * `mail.account.<key>.server` and `.identities` tie each to its incoming server and identities;
 * `mail.server.<key>.*` describes the server, `mail.identity.<key>.*` the identity and its
 * `smtpServer`, `mail.smtpserver.<key>.*` the outgoing server (`mail.smtp.defaultserver` when the
 * identity names none). Defaults are Thunderbird's own (comm-central mailnews/mailnews.js).
 * Passwords live in Thunderbird's login store, not here, and are not migrated: Heron asks for them.
 */
import path from 'node:path';
import type { IncomingServer, OutgoingServer, Pop3AuthMethod, RetentionPolicy, Security, SmtpAuthMethod } from '../../../shared/model/account';
import { prefBool, prefInt, prefList, prefString, type Prefs } from './prefs';

export interface ThunderbirdServer {
  readonly key: string;
  /** 'pop3', 'imap', 'none' (Local Folders), 'rss', 'nntp' … */
  readonly type: string;
  readonly name: string;
  readonly hostname: string;
  readonly port: number;
  readonly security: Security;
  readonly username: string;
  /** nsMsgAuthMethod: 3 password, 4 encrypted password, 10 OAuth2 … */
  readonly authMethod: number;
  readonly leaveOnServer: boolean;
  readonly deleteMailLeftOnServer: boolean;
  readonly deleteByAgeFromServer: boolean;
  readonly numDaysToLeaveOnServer: number;
  readonly headersOnly: boolean;
  /** Messages over this many bytes are fetched headers-only; null = no limit. */
  readonly maxMessageBytes: number | null;
  /** The server's folder (its mbox files and popstate.dat), absolute. */
  readonly directory: string;
  /** The account whose Inbox receives this server's mail (Thunderbird's "Global Inbox"), if any. */
  readonly deferredTo: string | null;
}

export interface ThunderbirdSmtp {
  readonly key: string;
  readonly description: string;
  readonly hostname: string;
  readonly port: number;
  readonly security: Security;
  readonly username: string;
  readonly authMethod: number;
}

export interface ThunderbirdIdentity {
  readonly key: string;
  readonly name: string;
  readonly email: string;
  readonly replyTo: string | null;
  readonly smtp: ThunderbirdSmtp | null;
}

export interface ThunderbirdAccount {
  readonly key: string;
  readonly server: ThunderbirdServer;
  readonly identities: readonly ThunderbirdIdentity[];
}

export interface ThunderbirdAccounts {
  /** POP3 accounts, in Thunderbird's order. */
  readonly pop3: readonly ThunderbirdAccount[];
  /** The Local Folders server, when there is one. */
  readonly localFolders: ThunderbirdServer | null;
  /** Accounts Heron does not import (IMAP, feeds, news), named so the person is told. */
  readonly others: readonly ThunderbirdAccount[];
}

const SOCKET: Record<number, Security> = { 0: 'none', 1: 'starttls', 2: 'starttls', 3: 'tls' };

export function readAccounts(prefs: Prefs, profileDir: string): ThunderbirdAccounts {
  const accounts = prefList(prefs, 'mail.accountmanager.accounts').flatMap((key): ThunderbirdAccount[] => {
    const serverKey = prefString(prefs, `mail.account.${key}.server`);
    if (serverKey === '') return [];
    const identities = prefList(prefs, `mail.account.${key}.identities`).map((id) => identityOf(prefs, id));
    return [{ key, server: serverOf(prefs, serverKey, profileDir), identities }];
  });
  const local = accounts.find((a) => a.server.type === 'none')?.server ?? null;
  return {
    pop3: accounts.filter((a) => a.server.type === 'pop3'),
    localFolders: local,
    others: accounts.filter((a) => a.server.type !== 'pop3' && a.server.type !== 'none'),
  };
}

function serverOf(prefs: Prefs, key: string, profileDir: string): ThunderbirdServer {
  const p = `mail.server.${key}.`;
  const type = prefString(prefs, `${p}type`);
  // Old profiles kept a changed host or user in real*; a host may carry ":port".
  const [host, portInHost] = prefString(prefs, `${p}realhostname`, prefString(prefs, `${p}hostname`)).split(':');
  const security = SOCKET[prefInt(prefs, `${p}socketType`, 0)] ?? 'tls';
  const configured = prefInt(prefs, `${p}port`, Number(portInHost ?? -1) || -1);
  const port = configured > 1 ? configured : security === 'tls' ? 995 : 110;
  const limited = prefBool(prefs, `${p}limit_offline_message_size`, false);
  return {
    key,
    type,
    name: prefString(prefs, `${p}name`, host ?? ''),
    hostname: host ?? '',
    port,
    security,
    username: prefString(prefs, `${p}realuserName`, prefString(prefs, `${p}userName`)),
    authMethod: prefInt(prefs, `${p}authMethod`, 3),
    leaveOnServer: prefBool(prefs, `${p}leave_on_server`, false),
    deleteMailLeftOnServer: prefBool(prefs, `${p}delete_mail_left_on_server`, false),
    deleteByAgeFromServer: prefBool(prefs, `${p}delete_by_age_from_server`, false),
    numDaysToLeaveOnServer: prefInt(prefs, `${p}num_days_to_leave_on_server`, 7),
    headersOnly: prefBool(prefs, `${p}headers_only`, false),
    maxMessageBytes: limited ? (prefInt(prefs, `${p}max_size`, 50) || 50) * 1024 : null,
    directory: directoryOf(prefs, p, profileDir, type === 'none' ? 'Local Folders' : (host ?? key)),
    deferredTo: prefString(prefs, `${p}deferred_to_account`) || null,
  };
}

/**
 * The server's folder: `directory-rel` (`[ProfD]Mail/pop.example.com`, relative to the profile,
 * so a moved profile still resolves), else the absolute `directory`, else Thunderbird's default.
 */
function directoryOf(prefs: Prefs, p: string, profileDir: string, fallbackName: string): string {
  const rel = /^\[(ProfD|ProfLD)\](.*)$/.exec(prefString(prefs, `${p}directory-rel`));
  if (rel !== null) return path.join(profileDir, ...(rel[2] as string).split('/').filter((s) => s !== ''));
  const abs = prefString(prefs, `${p}directory`);
  if (abs !== '') return abs;
  return path.join(profileDir, 'Mail', fallbackName);
}

function identityOf(prefs: Prefs, key: string): ThunderbirdIdentity {
  const p = `mail.identity.${key}.`;
  const smtpKey = prefString(prefs, `${p}smtpServer`) || prefString(prefs, 'mail.smtp.defaultserver');
  return {
    key,
    name: prefString(prefs, `${p}fullName`),
    email: prefString(prefs, `${p}useremail`),
    replyTo: prefString(prefs, `${p}reply_to`) || null,
    smtp: smtpKey === '' || prefString(prefs, `mail.smtpserver.${smtpKey}.hostname`) === '' ? null : smtpOf(prefs, smtpKey),
  };
}

function smtpOf(prefs: Prefs, key: string): ThunderbirdSmtp {
  const p = `mail.smtpserver.${key}.`;
  const security = SOCKET[prefInt(prefs, `${p}try_ssl`, 0)] ?? 'tls';
  const port = prefInt(prefs, `${p}port`, 0);
  return {
    key,
    description: prefString(prefs, `${p}description`),
    hostname: prefString(prefs, `${p}hostname`),
    port: port > 0 ? port : security === 'tls' ? 465 : 587,
    security,
    username: prefString(prefs, `${p}username`),
    authMethod: prefInt(prefs, `${p}authMethod`, 3),
  };
}

/** Thunderbird's leave-on-server settings as Heron's retention policy (the same semantics). */
export function retentionOf(server: ThunderbirdServer): RetentionPolicy {
  if (!server.leaveOnServer) return { mode: 'delete', keepDays: null, deleteWhenDeletedHere: server.deleteMailLeftOnServer };
  return {
    mode: 'keep',
    keepDays: server.deleteByAgeFromServer ? Math.max(0, server.numDaysToLeaveOnServer) : null,
    deleteWhenDeletedHere: server.deleteMailLeftOnServer,
  };
}

const POP3_AUTH: Record<number, Pop3AuthMethod> = { 3: 'user', 4: 'cram-md5', 10: 'xoauth2' };
const SMTP_AUTH: Record<number, SmtpAuthMethod> = { 1: 'none', 3: 'plain', 4: 'cram-md5', 10: 'xoauth2' };

/** The incoming server as Heron's; a login method Heron lacks (Kerberos, NTLM) becomes plain user/password. */
export function incomingOf(server: ThunderbirdServer): IncomingServer {
  return { protocol: 'pop3', host: server.hostname, port: server.port, security: server.security, username: server.username, auth: POP3_AUTH[server.authMethod] ?? 'user' };
}

export function outgoingOf(smtp: ThunderbirdSmtp): OutgoingServer {
  return { protocol: 'smtp', host: smtp.hostname, port: smtp.port, security: smtp.security, username: smtp.username, auth: SMTP_AUTH[smtp.authMethod] ?? 'plain' };
}

/** Thunderbird's size limit as Heron's headers-only threshold (everything, with "headers only"). */
export function headersOnlyOverBytes(server: ThunderbirdServer): number | null {
  return server.headersOnly ? 0 : server.maxMessageBytes;
}
