/**
 * Turns an error code and main's message into words a person understands (STYLE.md §12).
 * Main's message already says what happened and quotes the server; the title says it in one
 * line and the hint says what the person can do about it.
 */
import type { ErrorCode, SerializedError } from '../../../shared/ipc/result';

export interface ErrorWords {
  readonly title: string;
  /** What happened, with the server's words (from main). */
  readonly message: string;
  /** What the person can do next. */
  readonly hint: string;
  readonly canRetry: boolean;
}

const WORDS: Readonly<Record<ErrorCode, { title: string; hint: string }>> = {
  EINVALID: { title: 'Something in the request is not right', hint: 'Check the highlighted field and try again.' },
  EFORBIDDEN: { title: 'Heron refused to do that', hint: 'This action is blocked to keep your mail safe.' },
  ENOTFOUND: { title: 'It is not there any more', hint: 'It may have been deleted or moved. Refresh and try again.' },
  ECONNECTION: { title: 'Could not reach the server', hint: 'Check your internet connection and the server name and port in the account settings.' },
  ETIMEDOUT: { title: 'The server took too long to answer', hint: 'The server or the network may be slow. Try again in a moment.' },
  ETLS: { title: 'Could not set up a secure connection', hint: 'Check the security setting (SSL/TLS or STARTTLS) and port in the account settings.' },
  ECERT: { title: 'The server’s certificate could not be verified', hint: 'Someone may be intercepting the connection. If you trust this server, you can review and accept its certificate in the account settings.' },
  EAUTH: { title: 'The server did not accept your sign-in', hint: 'Check the user name and password. Some providers need an app password.' },
  ENOSECRET: { title: 'Heron needs your password', hint: 'Enter the password for this account again.' },
  ELOCKED: { title: 'The mailbox is in use', hint: 'Another program is checking this mailbox. Heron will try again later.' },
  ETEMPORARY: { title: 'The server asked to try again later', hint: 'This usually clears up by itself. Heron will try again later.' },
  EREJECTED: { title: 'The server refused', hint: 'Read the server’s answer above; retrying will not help until it is fixed.' },
  EUNSUPPORTED: { title: 'The server does not support what this account needs', hint: 'Choose another sign-in method or security setting in the account settings.' },
  EPROTOCOL: { title: 'The server answered in a way Heron did not expect', hint: 'Try again; if it keeps happening, the server may be misconfigured.' },
  ETOOBIG: { title: 'That is too large', hint: 'Make it smaller (for example, remove an attachment) and try again.' },
  EQUOTA: { title: 'Your disk or storage space is full', hint: 'Free up space on this computer, then try again. Nothing was deleted from the server.' },
  ESTORAGE: { title: 'Heron could not save to this computer', hint: 'Nothing was deleted from the server. Try again; if it keeps happening, restart Heron.' },
  EUNCERTAIN: { title: 'Heron cannot tell whether it worked', hint: 'The connection dropped at the last moment. Check your Sent folder or with the recipient before sending again.' },
  EBUSY: { title: 'Already in progress', hint: 'Wait for the current check or send to finish.' },
  EABORTED: { title: 'Cancelled', hint: 'Nothing more happened after you cancelled.' },
  EINTERNAL: { title: 'Something went wrong inside Heron', hint: 'This is a bug. Try again; if it keeps happening, restart Heron.' },
};

export function describeError(error: Pick<SerializedError, 'code' | 'message'> & { retryable?: boolean }): ErrorWords {
  const words = WORDS[error.code] ?? WORDS.EINTERNAL;
  const message = error.message.trim() || words.title;
  return { title: words.title, message, hint: words.hint, canRetry: error.retryable === true };
}
