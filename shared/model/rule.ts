/**
 * Message rules (issue 19, "Rules on arrival"), as the person writes them in Settings and as the
 * store keeps them (`rules` table). Thunderbird's filters are the model people know: conditions
 * joined by all/any, actions in order, "stop processing" ends the list for that message.
 *
 * Actions that file a message name a folder by id: the fixed folders' ids are their names
 * ('inbox', 'junk', …); custom folders plug in with theirs. A rule whose folder no longer exists
 * is broken, and says so (rules/apply.ts), rather than being skipped.
 */

export type RuleField =
  | 'from'
  /** To and Cc together. */
  | 'recipients'
  | 'to'
  | 'cc'
  | 'subject'
  /** Any header by name (`header`), every occurrence. */
  | 'header'
  /** The message's text (the plain part, or the text of its HTML). */
  | 'body'
  /** Octets, as the server reported. */
  | 'size'
  /** The account's id. */
  | 'account'
  /** Days since the message's date. */
  | 'age';

export type TextOperator = 'contains' | 'not-contains' | 'is' | 'is-not' | 'begins-with' | 'ends-with' | 'matches' | 'exists' | 'not-exists';
export type NumberOperator = 'greater-than' | 'less-than';
export type RuleOperator = TextOperator | NumberOperator;

export interface RuleCondition {
  readonly field: RuleField;
  readonly operator: RuleOperator;
  /** Text to compare (case-insensitive), a regular expression for 'matches', or a number for size (bytes) and age (days). */
  readonly value: string;
  /** The header's name, for field 'header'. */
  readonly header?: string;
}

export type RuleAction =
  | { readonly kind: 'move'; readonly folderId: string }
  | { readonly kind: 'copy'; readonly folderId: string }
  | { readonly kind: 'mark-read' }
  | { readonly kind: 'mark-unread' }
  | { readonly kind: 'star' }
  | { readonly kind: 'tag'; readonly tag: string }
  /** To Trash, as deleting by hand does. */
  | { readonly kind: 'delete' }
  | { readonly kind: 'stop' }
  /**
   * Sends the message on to `to` through the account's own server, by the Outbox, once it is
   * stored: inline (its text under a "Forwarded message" block, its attachments kept) or as an
   * attachment (the exact bytes as message/rfc822). Never a message sent automatically (RFC 3834).
   */
  | { readonly kind: 'forward'; readonly to: readonly string[]; readonly asAttachment: boolean }
  /** POP3: keep this message on the server whatever the account's retention says. */
  | { readonly kind: 'server-leave' }
  /** POP3: delete it from the server once it is stored here (never before). */
  | { readonly kind: 'server-delete' }
  /** POP3: download the whole message when only its headers came (over the account's size limit). */
  | { readonly kind: 'server-download' };

export type RuleActionKind = RuleAction['kind'];

/** A forward a rule asked for on one message, waiting to be put in the Outbox (`ruleForwards`). */
export interface PendingForward {
  readonly id: string;
  /** The stored message to forward (local id). */
  readonly messageId: string;
  readonly accountId: string;
  readonly to: readonly string[];
  readonly asAttachment: boolean;
  readonly ruleId: string;
  readonly ruleName: string;
  readonly trigger: 'arrival' | 'manual' | 'sending';
  readonly at: number;
}

/** When a rule runs: on mail that arrives, when the person asks on a folder, on mail sent. */
export interface RuleTriggers {
  readonly arrival: boolean;
  readonly manual: boolean;
  readonly sending: boolean;
}

export interface Rule {
  readonly id: string;
  readonly name: string;
  readonly enabled: boolean;
  /** Rules run in ascending order. */
  readonly order: number;
  /** Only this account's mail; null = every account. */
  readonly accountId: string | null;
  readonly triggers: RuleTriggers;
  /** On arrival: before the junk filter looks at the message, or after it (then mail it sent to Junk is left alone). */
  readonly junkPhase: 'before' | 'after';
  /** 'every': every message, whatever its conditions (Thunderbird's "Match all messages"). */
  readonly match: 'all' | 'any' | 'every';
  readonly conditions: readonly RuleCondition[];
  readonly actions: readonly RuleAction[];
  /** The last time the rule could not do what it says, and why (shown in Settings until it is edited). */
  readonly problem?: { readonly at: number; readonly message: string };
}

/** What happened to one message: one entry per rule that matched (or broke), kept with the message. */
export interface RuleLogEntry {
  readonly id: string;
  readonly messageId: string;
  readonly at: number;
  readonly trigger: 'arrival' | 'manual' | 'sending' | 'junk';
  readonly ruleId: string | null;
  readonly ruleName: string;
  /** What was done, in words ("Starred", "Moved to Junk"). */
  readonly did: readonly string[];
  /** Why the rule could not do all it says; the rest of its actions still ran. */
  readonly error?: string;
  /** The junk filter's most decisive words. */
  readonly words?: readonly string[];
}

export const FIELD_NAMES: Readonly<Record<RuleField, string>> = {
  from: 'From',
  recipients: 'To or Cc',
  to: 'To',
  cc: 'Cc',
  subject: 'Subject',
  header: 'Header',
  body: 'Body',
  size: 'Size (KB)',
  account: 'Account',
  age: 'Age (days)',
};

export const NUMBER_FIELDS: readonly RuleField[] = ['size', 'age'];

export function isNumberField(field: RuleField): boolean {
  return NUMBER_FIELDS.includes(field);
}
