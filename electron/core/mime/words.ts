/**
 * Charsets and RFC 2047 encoded words, for header values. Decoding goes through the WHATWG
 * TextDecoder (Node ships full ICU: ISO-8859-*, Windows-125x, ISO-2022-JP, GB18030, KOI8-R, …),
 * so header parsing needs no library and stays fast. Unknown charsets fall back to Windows-1252
 * (every byte maps to something readable) and say so in a warning.
 */
import { TextDecoder } from 'node:util';

/** Names Node's TextDecoder does not know but mailparser's decoder (iconv-lite) does. */
const EXTRA_KNOWN = new Set(['utf-7', 'utf7', 'unicode-1-1-utf-7', 'cp437', 'ibm437', 'cp850', 'ibm850', 'cp866', 'cp1250', 'cp1251', 'cp1252', 'cp932', 'cp936', 'cp949', 'cp950', 'ks_c_5601-1987']);

interface Decoder {
  decode(bytes: Uint8Array): string;
}

const decoders = new Map<string, Decoder | null>();

/** A decoder for a MIME charset name, or null when the name is unknown. Cached. */
export function decoderFor(charset: string): Decoder | null {
  const key = charset.trim().toLowerCase().replace(/\*.*$/, ''); // RFC 2231 language suffix
  let d = decoders.get(key);
  if (d === undefined) {
    const label = /^cp125\d$/.test(key) ? `windows-${key.slice(2)}` : key === 'cp936' ? 'gbk' : key === 'cp932' ? 'shift_jis' : key;
    try {
      const td = new TextDecoder(label, { fatal: false });
      d = td.encoding === 'windows-1252' ? windows1252 : td;
    } catch {
      d = null;
    }
    if (decoders.size < 256) decoders.set(key, d);
  }
  return d;
}

/** Whether mailparser can decode a body in this charset (for the unknown-charset warning). */
export function isKnownCharset(charset: string): boolean {
  const key = charset.trim().toLowerCase();
  return EXTRA_KNOWN.has(key) || decoderFor(key) !== null;
}

/**
 * Windows-1252 done by hand: Node 20's TextDecoder decodes the WHATWG "windows-1252" family
 * (which also covers the labels iso-8859-1, latin1 and us-ascii) as plain ISO-8859-1, turning
 * 0x80–0x9F into C1 controls instead of € ‘ ’ “ ” – — and friends.
 */
const CP1252_HIGH = '\u20ac\u0081\u201a\u0192\u201e\u2026\u2020\u2021\u02c6\u2030\u0160\u2039\u0152\u008d\u017d\u008f\u0090\u2018\u2019\u201c\u201d\u2022\u2013\u2014\u02dc\u2122\u0161\u203a\u0153\u009d\u017e\u0178';

export const windows1252 = {
  decode(bytes: Uint8Array): string {
    let out = '';
    for (let i = 0; i < bytes.length; i += 8192) {
      const slice = bytes.subarray(i, i + 8192);
      const codes = Array.from(slice, (b) => (b >= 0x80 && b <= 0x9f ? CP1252_HIGH.charCodeAt(b - 0x80) : b));
      out += String.fromCharCode(...codes);
    }
    return out;
  },
};

const latin1Fallback = windows1252;

/** Decodes bytes in a charset; unknown names fall back to Windows-1252 and push a warning. */
export function decodeBytes(bytes: Uint8Array, charset: string, warnings: string[]): string {
  const d = decoderFor(charset);
  if (d) return d.decode(bytes);
  pushWarning(warnings, `Unknown character set "${cap(charset, 40)}": shown as Windows-1252.`);
  return latin1Fallback.decode(bytes);
}

const utf8Strict = new TextDecoder('utf-8', { fatal: true });

/**
 * A raw header value held as a binary (latin1) string: 8-bit bytes are UTF-8 if they form valid
 * UTF-8 (RFC 6532), otherwise the common legacy case, Windows-1252.
 */
export function decodeRawHeader(binary: string): string {
  // Fast path: pure ASCII needs no work.
  if (!/[\x80-\xff]/.test(binary)) return binary;
  const bytes = Buffer.from(binary, 'latin1');
  try {
    return utf8Strict.decode(bytes);
  } catch {
    return latin1Fallback.decode(bytes);
  }
}

// =?charset?B|Q?text?= — charset may carry an RFC 2231 language (=?utf-8*en?Q?…?=).
const ENCODED_WORD = /=\?([^?\s]{1,64})\?([bBqQ])\?([^?\s]*)\?=/g;
const MAX_DECODE = 64 * 1024;

/**
 * RFC 2047 decoding, lenient where real mail is sloppy: words inside quoted strings and glued to
 * text are decoded too; whitespace between adjacent encoded words is dropped (§6.2); adjacent
 * words in the same charset are joined as bytes before decoding, because senders split multi-byte
 * characters across words.
 */
export function decodeWords(value: string, warnings: string[]): string {
  if (!value.includes('=?')) return value;
  const input = value.length > MAX_DECODE ? value.slice(0, MAX_DECODE) : value;
  let out = '';
  let last = 0;
  let charset: string | null = null;
  let chunks: Buffer[] = [];
  for (const m of input.matchAll(ENCODED_WORD)) {
    const between = input.slice(last, m.index);
    const wordCharset = (m[1] ?? '').toLowerCase().replace(/\*.*$/, '');
    const bytes = (m[2] ?? 'q').toLowerCase() === 'b' ? decodeB(m[3] ?? '') : decodeQ(m[3] ?? '');
    const adjacent = charset !== null && /^\s*$/.test(between);
    if (adjacent && charset === wordCharset) {
      chunks.push(bytes);
    } else {
      if (charset !== null) out += decodeBytes(Buffer.concat(chunks), charset, warnings);
      // Whitespace between two encoded words is not part of the text (RFC 2047 §6.2).
      if (!adjacent) out += between;
      charset = wordCharset;
      chunks = [bytes];
    }
    last = m.index + m[0].length;
  }
  if (charset !== null) out += decodeBytes(Buffer.concat(chunks), charset, warnings);
  return out + input.slice(last);
}

function decodeB(text: string): Buffer {
  // Node's base64 decoder skips invalid characters and tolerates missing padding.
  return Buffer.from(text.replace(/[^A-Za-z0-9+/]/g, ''), 'base64');
}

function decodeQ(text: string): Buffer {
  const s = text.replace(/_/g, ' ');
  const bytes: number[] = [];
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 0x3d && /^[0-9a-fA-F]{2}$/.test(s.slice(i + 1, i + 3))) {
      bytes.push(parseInt(s.slice(i + 1, i + 3), 16));
      i += 2;
    } else bytes.push(c & 0xff);
  }
  return Buffer.from(bytes);
}

/** Removes NUL and other C0/C1 controls a display string must not carry; keeps tabs as spaces. */
export function cleanText(s: string): string {
  return s.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/g, '').replace(/[\t\r\n]+/g, ' ');
}

export function cap(s: string, n: number): string {
  return s.length > n ? `${s.slice(0, n)}…` : s;
}

export function pushWarning(warnings: string[], w: string): void {
  if (warnings.length < 50 && !warnings.includes(w)) warnings.push(w);
}
