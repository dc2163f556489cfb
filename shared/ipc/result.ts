/**
 * The envelope every IPC call answers with (STYLE.md §3): nothing throws across IPC.
 * `code` comes from one closed union so the renderer can turn it into words a person understands.
 */

export const ERROR_CODES = [
  'EINVALID', // a payload or setting failed validation (detail.field names it)
  'EFORBIDDEN', // the call came from a frame that may not make it
  'ENOTFOUND', // no such account, message or file
  'ECONNECTION', // could not connect, or the connection dropped
  'ETIMEDOUT', // a deadline passed (connect, greeting, command, idle read)
  'ETLS', // TLS could not be set up, or the server would not do STLS/STARTTLS
  'ECERT', // the certificate failed verification (detail.fingerprint256 lets the person pin it)
  'EAUTH', // the server rejected the credentials
  'ENOSECRET', // no password is stored, or it can no longer be decrypted: ask the person
  'ESIGNIN', // the account's OAuth2 sign-in is missing, expired or revoked: the person signs in again (detail.provider, detail.reason)
  'ELOCKED', // the mailbox is in use by another session ([IN-USE])
  'ETEMPORARY', // the server said: try later ([SYS/TEMP], [LOGIN-DELAY], SMTP 4xx)
  'EREJECTED', // the server refused for good ([SYS/PERM], SMTP 5xx)
  'EUNSUPPORTED', // the server lacks what the account asks for (UIDL, a login method)
  'EPROTOCOL', // the server broke the protocol
  'ETOOBIG', // over a size cap
  'EQUOTA', // the local disk or storage quota is full
  'ESTORAGE', // the local store failed for another reason
  'EUNCERTAIN', // the outcome is unknown (connection lost after DATA): never retried silently
  'EBUSY', // the same work is already running
  'EABORTED', // cancelled by the person or by shutdown
  'EINTERNAL', // a bug: the message says what failed
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

export type ErrorDetail = Readonly<Record<string, string | number | boolean | null>>;

export interface SerializedError {
  readonly code: ErrorCode;
  /** A sentence for a person. Server text inside it is quoted and length-capped. */
  readonly message: string;
  readonly retryable: boolean;
  readonly detail?: ErrorDetail;
}

export type Result<T> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly error: SerializedError };

export function ok<T>(value: T): Result<T> {
  return { ok: true, value };
}

export function fail(
  code: ErrorCode,
  message: string,
  options: { retryable?: boolean; detail?: ErrorDetail } = {},
): { ok: false; error: SerializedError } {
  const error: SerializedError =
    options.detail === undefined
      ? { code, message, retryable: options.retryable ?? false }
      : { code, message, retryable: options.retryable ?? false, detail: options.detail };
  return { ok: false, error };
}

export function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === 'string' && (ERROR_CODES as readonly string[]).includes(value);
}

/**
 * An Error that knows its code. Core engines throw these; the IPC dispatcher turns them into
 * `Result` failures. Anything else that escapes becomes EINTERNAL.
 */
export class HeronError extends Error {
  readonly code: ErrorCode;
  readonly retryable: boolean;
  readonly detail: ErrorDetail | undefined;

  constructor(code: ErrorCode, message: string, options: { retryable?: boolean; detail?: ErrorDetail; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'HeronError';
    this.code = code;
    this.retryable = options.retryable ?? false;
    this.detail = options.detail;
  }

  toJSON(): SerializedError {
    return this.detail === undefined
      ? { code: this.code, message: this.message, retryable: this.retryable }
      : { code: this.code, message: this.message, retryable: this.retryable, detail: this.detail };
  }
}

export function serializeError(error: unknown): SerializedError {
  if (error instanceof HeronError) return error.toJSON();
  if (typeof error === 'object' && error !== null && 'code' in error && isErrorCode((error as { code: unknown }).code)) {
    const e = error as { code: ErrorCode; message?: unknown; retryable?: unknown };
    return {
      code: e.code,
      message: typeof e.message === 'string' ? e.message : e.code,
      retryable: e.retryable === true,
    };
  }
  const message = error instanceof Error ? error.message : String(error);
  return { code: 'EINTERNAL', message: `Something went wrong inside Heron: ${message}`, retryable: false };
}

/** An error that already crossed as a SerializedError (a report's, a worker's) stays as it is, detail included. */
export function asSerializedError(error: unknown): SerializedError {
  if (typeof error === 'object' && error !== null && !(error instanceof Error) && isErrorCode((error as { code?: unknown }).code) && typeof (error as { message?: unknown }).message === 'string' && 'retryable' in error) {
    return error as SerializedError;
  }
  return serializeError(error);
}
