/**
 * Any header of a message, for rules on "any header": read from the stored bytes' header block,
 * unfolded (RFC 5322 §2.2.3), with encoded words decoded (RFC 2047) so a rule on a Subject-like
 * header compares what a person reads. Pure and DOM-free beyond TextDecoder.
 */

const MAX_HEADER_BYTES = 256 * 1024;

// From the runtime: Node and every browser have these; shared's ES-only lib does not type them.
const runtime = globalThis as unknown as {
  TextDecoder: new (label: string, options?: { fatal: boolean }) => { decode(bytes: Uint8Array): string };
  atob(text: string): string;
};

/** The header block of raw bytes, as text (UTF-8, bytes that are not read as Latin-1). */
function headerText(raw: Uint8Array): string {
  const limit = Math.min(raw.length, MAX_HEADER_BYTES);
  let end = limit;
  for (let i = 0; i + 1 < limit; i++) {
    if (raw[i] === 10 && (raw[i + 1] === 10 || (raw[i + 1] === 13 && raw[i + 2] === 10))) {
      end = i;
      break;
    }
  }
  const bytes = raw.subarray(0, end);
  try {
    return new runtime.TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return new runtime.TextDecoder('latin1').decode(bytes);
  }
}

const ENCODED_WORD = /=\?([^?\s]+)\?([bBqQ])\?([^?\s]*)\?=/g;

function decodeWord(charset: string, encoding: string, text: string): string {
  let bytes: Uint8Array;
  if (encoding.toLowerCase() === 'b') {
    const bin = runtime.atob(text);
    bytes = Uint8Array.from(bin, (c: string) => c.charCodeAt(0));
  } else {
    const s = text.replace(/_/g, ' ').replace(/=([0-9a-f]{2})/gi, (_, h: string) => String.fromCharCode(parseInt(h, 16)));
    bytes = Uint8Array.from(s, (c: string) => c.charCodeAt(0) & 0xff);
  }
  return new runtime.TextDecoder(charset.replace(/\*.*$/, '')).decode(bytes);
}

export function decodeEncodedWords(value: string): string {
  // Whitespace between two encoded words is not part of the text (RFC 2047 §6.2).
  return value.replace(/(\?=)\s+(=\?)/g, '$1$2').replace(ENCODED_WORD, (whole, charset: string, encoding: string, text: string) => {
    try {
      return decodeWord(charset, encoding, text);
    } catch {
      return whole;
    }
  });
}

/** name (lower case) → every value, in order. */
export function readHeaders(raw: Uint8Array): Map<string, string[]> {
  const out = new Map<string, string[]>();
  const unfolded = headerText(raw).replace(/\r?\n[ \t]+/g, ' ');
  for (const line of unfolded.split(/\r?\n/)) {
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    const name = line.slice(0, colon).trim().toLowerCase();
    const value = decodeEncodedWords(line.slice(colon + 1).trim());
    const list = out.get(name);
    if (list) list.push(value);
    else out.set(name, [value]);
  }
  return out;
}

/** A header lookup that reads the bytes once, the first time a rule asks. */
export function lazyHeaders(raw: () => Uint8Array | null): (name: string) => readonly string[] {
  let headers: Map<string, string[]> | null = null;
  return (name) => {
    headers ??= (() => {
      const bytes = raw();
      return bytes ? readHeaders(bytes) : new Map<string, string[]>();
    })();
    return headers.get(name.trim().toLowerCase()) ?? [];
  };
}
