/**
 * What a Get mail brings for one message, as the fetch worker hands it to the store: the exact
 * bytes, the list's header fields and, read where the bytes were downloaded, the whole message
 * (body, parts, snippet). The store keeps it as it is (renderer/src/data/fetch-store.ts).
 */
import type { FolderKey } from './message';
import type { KeptState } from './own-mail';
import type { ParsedAttachmentMeta, ParsedHeaders } from './parsed-message';
import type { RawSpan, StoredBody } from './stored-text';

/** Header fields the message list needs. `date` already fell back to the time received when missing. */
export type FetchedHeaders = ParsedHeaders['meta'];

/** One part of a message read whole. */
export interface FetchedPart {
  readonly meta: ParsedAttachmentMeta;
  /** Its decoded bytes; empty when omitted (over the size cap) or when they are base64 in the message (`inRaw`). */
  readonly content: Uint8Array;
  /** Where its base64 lies in the message's bytes, when the store reads it from there. */
  readonly inRaw?: RawSpan;
}

/** A message read whole: its body, its parts with their bytes, and what the list shows of them. */
export interface ParsedContent {
  /** Text and HTML, each itself or where it lies in the message's bytes (shared/model/stored-text.ts). */
  readonly body: StoredBody;
  /** In the message's order. */
  readonly attachments: readonly FetchedPart[];
  /** A part the person would call an attachment (not one the HTML shows inline). */
  readonly hasAttachments: boolean;
  readonly snippet: string;
}

/**
 * Where an imported or restored message goes and how it is marked. Fetched mail has none: it
 * lands in the Inbox, unread, and its UIDL becomes a POP state entry. A placed message's POP
 * state (if any) comes from where it was placed from (a backup, Thunderbird's popstate.dat).
 */
export interface MessagePlacement {
  readonly folder: FolderKey;
  readonly unread: boolean;
  readonly starred: boolean;
  /**
   * The folder of the person's own it goes into (a Gmail label, a Thunderbird folder), by its
   * path under the account: found, or made with its parents, in the commit that stores it.
   */
  readonly folderPath?: readonly string[];
  /** The folder at `folderPath` is under Local Folders (Thunderbird's Local Folders), not the account. */
  readonly inLocalFolders?: boolean;
  /** What else it was filed under where it came from (Gmail's other labels), kept as words. */
  readonly sourceFolder?: string;
  /** A restored message: the rest of its state as the backup kept it (its conversation included). */
  readonly kept?: KeptState;
}

export interface FetchedMessage {
  /** Local id assigned by the fetch, so the store and the POP state name the same message. */
  readonly id: string;
  readonly uidl: string | null;
  /** Size the server's LIST reported. */
  readonly size: number;
  /** Exactly the bytes the server sent (dot-unstuffed, CRLF). For a partial message: the headers (TOP). */
  readonly raw: Uint8Array;
  readonly partial: boolean;
  /**
   * Completes a headers-only copy stored earlier under this same id. Every other message is new
   * (a fresh id), so the store adds it without first reading for an older row.
   */
  readonly replaces?: boolean;
  readonly headers: FetchedHeaders;
  readonly receivedAt: number;
  /** The whole message as the parser read it; absent when it could not be read at all. */
  readonly content?: ParsedContent;
  /** Imported or restored: where it goes (see MessagePlacement). */
  readonly placement?: MessagePlacement;
}
