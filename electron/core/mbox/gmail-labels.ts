/**
 * Google Takeout's mbox gives each message its Gmail labels in `X-Gmail-Labels`: comma-separated,
 * a label with a comma in double quotes, non-ASCII ones as RFC 2047 encoded words, nesting with
 * `/`. Gmail's own labels (Inbox, Sent, Starred, Unread, Category …) say where a message lives and
 * its state; the person's labels become folders.
 */
import { decodeWords } from '../mime/words';
import type { FolderRef, SpecialFolder } from './folder-ref';

/** The labels of an `X-Gmail-Labels` value (unfolded), decoded, in order, without repeats. */
export function parseGmailLabels(value: string): string[] {
  const labels: string[] = [];
  let current = '';
  let quoted = false;
  const push = () => {
    const label = decodeWords(current.trim(), []).trim();
    if (label !== '' && !labels.includes(label)) labels.push(label);
    current = '';
  };
  for (const ch of value) {
    if (ch === '"') quoted = !quoted;
    else if (ch === ',' && !quoted) push();
    else current += ch;
  }
  push();
  return labels;
}

export interface GmailPlacement {
  /** Every folder the message belongs in (a message with three labels is in three folders). */
  readonly folders: readonly FolderRef[];
  readonly read: boolean;
  readonly starred: boolean;
  /** Gmail's "Important" marker, which has no folder. */
  readonly important: boolean;
}

const SPECIAL: Record<string, SpecialFolder> = { inbox: 'inbox', sent: 'sent', drafts: 'drafts', trash: 'trash', spam: 'junk' };
/** Labels that are a state or a view, not a place. */
const STATE = new Set(['unread', 'opened', 'starred', 'important', 'archived', 'chat']);

/**
 * Gmail's labels as Heron's folders and flags. A message Gmail shows only in "All Mail" (labelled
 * Archived, or nothing that is a place) goes to the archive, so nothing lands nowhere.
 */
export function gmailPlacement(labels: readonly string[]): GmailPlacement {
  const folders: FolderRef[] = [];
  const add = (ref: FolderRef) => {
    const key = JSON.stringify(ref);
    if (!folders.some((f) => JSON.stringify(f) === key)) folders.push(ref);
  };
  let read = true;
  let starred = false;
  let important = false;
  for (const label of labels) {
    const lower = label.toLowerCase();
    if (lower === 'unread') read = false;
    if (lower === 'starred') starred = true;
    if (lower === 'important') important = true;
    const special = SPECIAL[lower];
    if (special !== undefined) add({ special });
    else if (!STATE.has(lower) && !lower.startsWith('category ')) {
      const path = label.split('/').map((s) => s.trim()).filter((s) => s !== '');
      if (path.length > 0) add({ path });
    }
  }
  if (folders.length === 0) add({ special: 'archive' });
  return { folders, read, starred, important };
}
