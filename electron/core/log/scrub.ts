/**
 * Scrubs known secret values out of arbitrary text (STYLE.md §5). `redact.ts` masks secrets by
 * position in a protocol transcript; this catches the rest: an error message, a stack or a server
 * reply that echoes a password. It knows the values, so it also catches their common encodings:
 * base64 (also at any byte offset inside a larger blob such as `AUTH PLAIN \0user\0pass`), hex,
 * URL and JSON escaping.
 */

const MASK = '****';

/**
 * Shifted base64 cores shorter than this are not used: a few characters of base64 would match
 * innocent text by chance. The whole-value encodings are always used.
 */
const MIN_SHIFTED_CORE = 6;

/** Every form in which `secret` may show up in text, longest first. Empty secrets have none. */
export function secretForms(secret: string): string[] {
  if (secret.length === 0) return [];
  const bytes = Buffer.from(secret, 'utf8');
  const forms = new Set<string>([secret]);

  const b64 = bytes.toString('base64');
  forms.add(b64);
  forms.add(b64.replace(/=+$/, ''));
  forms.add(bytes.toString('base64url'));

  // Inside a larger base64 blob the secret starts at byte offset 0, 1 or 2 of a 3-byte group.
  // Only the characters whose 6 bits all come from the secret are fixed; keep exactly those.
  for (let shift = 0; shift < 3; shift += 1) {
    const shifted = Buffer.concat([Buffer.alloc(shift), bytes]).toString('base64').replace(/=+$/, '');
    const first = Math.ceil((8 * shift) / 6);
    const end = Math.floor((8 * (shift + bytes.length)) / 6);
    const core = shifted.slice(first, end);
    if (core.length >= MIN_SHIFTED_CORE) {
      forms.add(core);
      forms.add(core.replace(/\+/g, '-').replace(/\//g, '_'));
    }
  }

  const hex = bytes.toString('hex');
  forms.add(hex);
  forms.add(hex.toUpperCase());
  forms.add(encodeURIComponent(secret));
  forms.add(JSON.stringify(secret).slice(1, -1));

  return [...forms].filter((f) => f.length > 0).sort((a, b) => b.length - a.length);
}

/**
 * A scrubber for a fixed set of secrets: their forms are worked out once, so a log that scrubs
 * every line of a session does not recompute them per line.
 */
export function createScrubber(secrets: readonly string[]): (text: string) => string {
  const forms = new Set<string>();
  for (const secret of secrets) for (const form of secretForms(secret)) forms.add(form);
  // Longest first, so a secret that contains another is masked whole.
  const ordered = [...forms].sort((a, b) => b.length - a.length);
  return (text) => {
    let out = text;
    for (const form of ordered) {
      if (out.includes(form)) out = out.split(form).join(MASK);
    }
    return out;
  };
}

/** Returns `text` with every known secret, in every form `secretForms` lists, replaced by `****`. */
export function scrubSecrets(text: string, secrets: readonly string[]): string {
  return createScrubber(secrets)(text);
}

/** True if any form of any secret occurs in `text` (for tests and for a last check before logging). */
export function containsSecret(text: string, secrets: readonly string[]): boolean {
  return secrets.some((secret) => secretForms(secret).some((form) => text.includes(form)));
}

/**
 * An error on its way to the window with every known secret masked, in its message and in the
 * server's words it carries (`detail.response`): a server may echo the password back in a refusal.
 */
export function scrubError<E extends { readonly message: string; readonly detail?: Readonly<Record<string, string | number | boolean | null>> }>(
  error: E,
  scrub: (text: string) => string,
): E {
  const detail = error.detail === undefined ? undefined : Object.fromEntries(Object.entries(error.detail).map(([k, v]) => [k, typeof v === 'string' ? scrub(v) : v]));
  return { ...error, message: scrub(error.message), ...(detail === undefined ? {} : { detail }) };
}
