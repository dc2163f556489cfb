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

/** The header block's lines, unfolded (RFC 5322 §2.2.3). */
function headerLines(raw: Uint8Array): string[] {
  return headerText(raw).replace(/\r?\n[ \t]+/g, ' ').split(/\r?\n/);
}

/** The header's name on a line, lower case; null for a line that is not a header. */
function nameOf(line: string): string | null {
  const colon = line.indexOf(':');
  return colon <= 0 ? null : line.slice(0, colon).trim().toLowerCase();
}

/** name (lower case) → every value, in order. */
export function readHeaders(raw: Uint8Array): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const line of headerLines(raw)) {
    const name = nameOf(line);
    if (name === null) continue;
    const value = decodeEncodedWords(line.slice(line.indexOf(':') + 1).trim());
    const list = out.get(name);
    if (list) list.push(value);
    else out.set(name, [value]);
  }
  return out;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * A header lookup that reads the bytes once, the first time a rule asks, and finds and decodes only
 * the header asked for: a message's many Received and DKIM lines are never unfolded or decoded for
 * a rule on List-Id.
 */
export function lazyHeaders(raw: () => Uint8Array | null): (name: string) => readonly string[] {
  let text: string | null = null;
  const found = new Map<string, string[]>();
  return (asked) => {
    const name = asked.trim().toLowerCase();
    const known = found.get(name);
    if (known) return known;
    text ??= (() => {
      const bytes = raw();
      return bytes ? headerText(bytes) : '';
    })();
    const values: string[] = [];
    if (name !== '') {
      // The header's line, at a line start, with its folded continuation lines (RFC 5322 §2.2.3).
      const line = new RegExp(`^${escapeRegExp(name)}[ \\t]*:(.*(?:\\r?\\n[ \\t].*)*)`, 'gim');
      for (const m of text.matchAll(line)) values.push(decodeEncodedWords((m[1] ?? '').replace(/\r?\n[ \t]+/g, ' ').trim()));
    }
    found.set(name, values);
    return values;
  };
}
