/**
 * What Heron accepts from its command line (issue 2 §3): `mailto:` links handed over by the OS
 * (first start, a second instance, or macOS open-url). Everything else — Chromium switches,
 * paths, unknown words — is ignored, never interpreted, because any program may start Heron.
 */
import { checkExternalUrl } from './url-policy';

/** A mailto link carries at most a few addresses, a subject and a short body. */
export const MAX_MAILTO = 8192;
/** A command line with more mailto arguments than this is not from a mail link. */
const MAX_MAILTO_ARGS = 8;

export function mailtoFromArgv(argv: readonly string[]): string[] {
  const found: string[] = [];
  for (const arg of argv) {
    if (found.length >= MAX_MAILTO_ARGS) break;
    const url = vetMailto(arg);
    if (url !== null) found.push(url);
  }
  return found;
}

/** A well-formed mailto URL (normalised), or null. */
export function vetMailto(raw: string): string | null {
  if (raw.length > MAX_MAILTO || !/^mailto:/i.test(raw)) return null;
  const verdict = checkExternalUrl(raw);
  return verdict.ok && verdict.url.startsWith('mailto:') ? verdict.url : null;
}
