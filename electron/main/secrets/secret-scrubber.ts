/**
 * The last line before anything leaves main for the window: every stored password main has handed
 * to a protocol engine is masked (core/log/scrub.ts: plain, base64 at any alignment, hex, URL,
 * JSON) in every answer, error and event. Servers quote what they were sent — "535 Authentication
 * failed: AGFsaWNl…", "-ERR [AUTH] bad password hunter2" — and Heron quotes servers in its errors,
 * reports and outcomes, so a server that echoes the password would otherwise hand it to the
 * process that shows hostile mail.
 *
 * Bytes (Uint8Array, ArrayBuffer) are never looked into: they are mail, stored exactly as received.
 */
import { HeronError, isErrorCode, type ErrorDetail } from '../../../shared/ipc/result';
import { containsSecret, scrubSecrets } from '../../core/log/scrub';

/** Payloads nest a few levels; anything deeper is not a contract shape and is left as it is. */
const MAX_DEPTH = 32;

export class SecretScrubber {
  private readonly secrets = new Set<string>();

  /** A stored password is about to be used: from now on it is masked wherever it shows up. */
  note(secret: string): void {
    if (secret !== '') this.secrets.add(secret);
  }

  /** `value` with every noted password masked; the same object when nothing needed masking. */
  scrub<T>(value: T): T {
    if (this.secrets.size === 0) return value;
    return this.walk(value, [...this.secrets], 0) as T;
  }

  /** An error thrown by a handler, masked, as the error dispatch will serialize. */
  scrubError(error: unknown): unknown {
    if (this.secrets.size === 0) return error;
    const secrets = [...this.secrets];
    if (error instanceof HeronError) {
      const message = this.walk(error.message, secrets, 0) as string;
      const detail = this.walk(error.detail, secrets, 0) as ErrorDetail | undefined;
      if (message === error.message && detail === error.detail) return error;
      return new HeronError(error.code, message, { retryable: error.retryable, ...(detail === undefined ? {} : { detail }) });
    }
    const code = (error as { code?: unknown } | null)?.code;
    const message = error instanceof Error ? error.message : String(error);
    if (!containsSecret(message, secrets)) return error;
    const masked = scrubSecrets(message, secrets);
    return isErrorCode(code) ? new HeronError(code, masked) : new Error(masked);
  }

  private walk(value: unknown, secrets: readonly string[], depth: number): unknown {
    if (typeof value === 'string') return containsSecret(value, secrets) ? scrubSecrets(value, secrets) : value;
    if (typeof value !== 'object' || value === null || depth >= MAX_DEPTH) return value;
    if (ArrayBuffer.isView(value) || value instanceof ArrayBuffer) return value;
    if (Array.isArray(value)) {
      let changed = false;
      const out = value.map((item) => {
        const next = this.walk(item, secrets, depth + 1);
        if (next !== item) changed = true;
        return next;
      });
      return changed ? out : value;
    }
    const proto = Object.getPrototypeOf(value) as unknown;
    if (proto !== Object.prototype && proto !== null) return value;
    let out: Record<string, unknown> | null = null;
    for (const [key, item] of Object.entries(value)) {
      const next = this.walk(item, secrets, depth + 1);
      if (next !== item) (out ??= { ...(value as Record<string, unknown>) })[key] = next;
    }
    return out ?? value;
  }
}
