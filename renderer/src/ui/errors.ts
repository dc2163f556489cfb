/**
 * Turns an error code and main's message into words a person understands (STYLE.md §12).
 * Main's message already says what happened and quotes the server; the title says it in one
 * line and the hint says what the person can do about it — where the person is: on the account
 * form (the wizard, account settings) the settings are right above, elsewhere they are in the
 * account settings.
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

/** Where the error is shown: next to the server settings, or anywhere else (the mail view, the outbox). */
export type ErrorPlace = 'account-form' | 'elsewhere';

interface Words {
  readonly title: string;
  readonly hint: string;
  /** The hint on the account form, where the settings it names are right there. */
  readonly formHint?: string;
}

const WORDS: Readonly<Record<ErrorCode, Words>> = {
  EINVALID: { title: 'Something in the request is not right', hint: 'Check the highlighted field and try again.' },
  EFORBIDDEN: { title: 'Heron refused to do that', hint: 'This action is blocked to keep your mail safe.' },
  ENOTFOUND: { title: 'It is not there any more', hint: 'It may have been deleted or moved. Refresh and try again.' },
  ECONNECTION: {
    title: 'Could not reach the server',
    hint: 'Check your internet connection and the server name and port in the account settings.',
    formHint: 'Check your internet connection and the server name and port above.',
  },
  ETIMEDOUT: { title: 'The server took too long to answer', hint: 'The server or the network may be slow. Try again in a moment.' },
  ETLS: {
    title: 'Could not set up a secure connection',
    hint: 'Check the security setting (SSL/TLS or STARTTLS) and port in the account settings.',
    formHint: 'Check the security setting (SSL/TLS or STARTTLS) and the port above.',
  },
  ECERT: {
    title: 'The server’s certificate could not be verified',
    hint: 'Someone may be intercepting the connection. If you trust this server, open Settings, test the account’s connection and review its certificate there.',
    formHint: 'Someone may be intercepting the connection. If you trust this server, review its certificate below before you trust it.',
  },
  EAUTH: { title: 'The server did not accept your sign-in', hint: 'Check the user name and password. Some providers need an app password.' },
  ENOSECRET: { title: 'Heron needs your password', hint: 'Enter the password for this account again.' },
  ESIGNIN: {
    title: 'Sign in again',
    hint: 'Choose “Sign in again”: your provider’s page opens in your browser, and Heron never sees your password there.',
  },
  ELOCKED: { title: 'The mailbox is in use', hint: 'Another program is checking this mailbox. Heron will try again later.' },
  ETEMPORARY: { title: 'The server asked to try again later', hint: 'This usually clears up by itself. Heron will try again later.' },
  EREJECTED: { title: 'The server refused', hint: 'Read the server’s answer above; retrying will not help until it is fixed.' },
  EUNSUPPORTED: {
    title: 'The server does not support what this account needs',
    hint: 'Choose another sign-in method or security setting in the account settings.',
    formHint: 'Choose another sign-in method or security setting above.',
  },
  EPROTOCOL: { title: 'The server answered in a way Heron did not expect', hint: 'Try again; if it keeps happening, the server may be misconfigured.' },
  ETOOBIG: { title: 'That is too large', hint: 'Make it smaller (for example, remove an attachment) and try again.' },
  EQUOTA: { title: 'Your disk or storage space is full', hint: 'Free up space on this computer, then try again. Nothing was deleted from the server.' },
  ESTORAGE: { title: 'Heron could not save to this computer', hint: 'Nothing was deleted from the server. Try again; if it keeps happening, restart Heron.' },
  EUNCERTAIN: { title: 'Heron cannot tell whether it worked', hint: 'The connection dropped at the last moment. Check your Sent folder or with the recipient before sending again.' },
  EBUSY: { title: 'Already in progress', hint: 'Wait for the current check or send to finish.' },
  EABORTED: { title: 'Cancelled', hint: 'Nothing more happened after you cancelled.' },
  EINTERNAL: { title: 'Something went wrong inside Heron', hint: 'This is a bug. Try again; if it keeps happening, restart Heron.' },
};

/** The detail main sets when the security setting and the port most likely do not match (core/tls/mismatch.ts). */
const SECURITY_MISMATCH = 'security-setting';

export function describeError(
  error: Pick<SerializedError, 'code' | 'message'> & { retryable?: boolean; detail?: SerializedError['detail'] },
  place: ErrorPlace = 'elsewhere',
): ErrorWords {
  const words = WORDS[error.code] ?? WORDS.EINTERNAL;
  const message = error.message.trim() || words.title;
  const onForm = place === 'account-form';
  const hint =
    error.detail?.likelyCause === SECURITY_MISMATCH
      ? `Change the security setting (SSL/TLS or STARTTLS) or the port ${onForm ? 'above' : 'in the account settings'}, as the message says.`
      : onForm && words.formHint
        ? words.formHint
        : words.hint;
  const title = error.detail?.likelyCause === SECURITY_MISMATCH ? 'The security setting does not match the port' : words.title;
  return { title, message, hint, canRetry: error.retryable === true };
}

const CONNECTION_CODES: ReadonlySet<ErrorCode> = new Set(['ECONNECTION', 'ETIMEDOUT', 'ETLS', 'ECERT', 'EAUTH', 'ELOCKED', 'ETEMPORARY', 'EREJECTED', 'EUNSUPPORTED', 'EPROTOCOL', 'EUNCERTAIN']);

/** The error came from talking to a mail server: the account's connection log shows what was said. */
export function isConnectionError(code: ErrorCode): boolean {
  return CONNECTION_CODES.has(code);
}
