/** Stored message shapes shared by main (which parses) and the renderer (which stores and shows). */

export interface Address {
  readonly name: string;
  readonly address: string;
}

export type LocalFolder = 'inbox' | 'sent' | 'drafts' | 'outbox' | 'junk' | 'trash';

export const LOCAL_FOLDERS: readonly LocalFolder[] = ['inbox', 'sent', 'drafts', 'outbox', 'junk', 'trash'];

/** The fixed folders' names; a fixed folder's id is its key (rules name folders by id). */
export const FIXED_FOLDER_NAMES: Readonly<Record<LocalFolder, string>> = {
  inbox: 'Inbox',
  sent: 'Sent',
  drafts: 'Drafts',
  outbox: 'Outbox',
  junk: 'Junk',
  trash: 'Trash',
};

/** A folder the person made (renderer/src/data/folders-repo.ts): `f:` and a random id, never a fixed folder's name. */
export type CustomFolderId = `f:${string}`;

/** Where a message is: a fixed folder of its account, or a folder the person made. */
export type FolderKey = LocalFolder | CustomFolderId;

export function isCustomFolder(key: string): key is CustomFolderId {
  return key.startsWith('f:');
}

/** What the message list needs, and nothing more: one small row per message. */
export interface MessageMeta {
  /** Local id: stable, unique across accounts. */
  readonly id: string;
  readonly accountId: string;
  readonly folder: FolderKey;
  /** Folder to go back to when restored from Trash. */
  readonly previousFolder?: FolderKey;
  /** When it went to Trash (epoch ms): Trash keeps it for the days the settings say. */
  readonly trashedAt?: number;
  readonly messageId: string | null;
  readonly inReplyTo: string | null;
  readonly references: readonly string[];
  readonly from: Address | null;
  readonly to: readonly Address[];
  readonly cc: readonly Address[];
  readonly replyTo: readonly Address[];
  readonly subject: string;
  /** Date header, or the time received when the header is missing or malformed (epoch ms). */
  readonly date: number;
  readonly receivedAt: number;
  readonly size: number;
  readonly hasAttachments: boolean;
  readonly snippet: string;
  readonly unread: boolean;
  readonly starred: boolean;
  /** Only the headers were downloaded (larger than the account's size limit). */
  readonly partial: boolean;
  /** The POP3 UIDL this message came from, if any. */
  readonly uidl: string | null;
  /** Imported: the folder (Gmail label, Thunderbird folder) it had where it came from. */
  readonly sourceFolder?: string;
  /** Tags a rule or the person gave it. */
  readonly tags?: readonly string[];
  /** The junk filter's score when it judged the message, and how the person trained it, if they did. */
  readonly junk?: { readonly score: number | null; readonly trained?: 'junk' | 'good' };
}

export interface AttachmentMeta {
  readonly id: string;
  readonly messageId: string;
  readonly filename: string;
  readonly contentType: string;
  readonly size: number;
  readonly contentId: string | null;
  readonly inline: boolean;
}

/** The parsed body, stored apart from the row so the list stays light. */
export interface MessageBody {
  readonly messageId: string;
  readonly text: string | null;
  readonly html: string | null;
  /** Problems met while parsing (malformed MIME, unknown charset), shown to the person. */
  readonly warnings: readonly string[];
}
