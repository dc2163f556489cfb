/**
 * Sender checks the reader shows beside the From line: the real address is always visible; a
 * display name that carries a *different* address ("PayPal <service@paypal.com>" <x@evil.example>)
 * is flagged; an internationalized domain is shown in both forms (punycode and Unicode) so a
 * look-alike (xn--pypal-4ve.com, "pаypal" with a Cyrillic а) cannot pass as the real one.
 */
import type { Address } from '../../../../shared/model/message';

export interface SenderCheck {
  /** Addresses the display name claims that are not the real address. */
  readonly claimed: readonly string[];
  /** The domain as sent (ASCII, punycode) and as people read it, when it is internationalized. */
  readonly idn: { readonly ascii: string; readonly unicode: string } | null;
}

const EMAIL_IN_TEXT = /[^\s<>()"',;:@]+@[^\s<>()"',;:@]+\.[^\s<>()"',;:@]+/g;

export function checkSender(from: Address): SenderCheck {
  const real = from.address.trim().toLowerCase();
  const claimed = [...new Set((from.name.match(EMAIL_IN_TEXT) ?? []).map((a) => a.replace(/[.]+$/, '').toLowerCase()))].filter(
    (a) => a !== real,
  );
  const domain = real.slice(real.lastIndexOf('@') + 1);
  return { claimed, idn: idnForms(domain) };
}

/** Both forms of a domain when either is not plain ASCII, else null. */
export function idnForms(domain: string): { ascii: string; unicode: string } | null {
  const labels = domain.split('.');
  const hasPunycode = labels.some((l) => l.startsWith('xn--'));
  const hasUnicode = /[^\x00-\x7f]/.test(domain);
  if (!hasPunycode && !hasUnicode) return null;
  const unicode = labels.map((l) => (l.startsWith('xn--') ? (punycodeDecode(l.slice(4)) ?? l) : l)).join('.');
  let ascii = domain;
  if (hasUnicode) {
    try {
      ascii = new URL(`http://${domain}/`).hostname;
    } catch {
      ascii = domain;
    }
  }
  return { ascii, unicode };
}

/** RFC 3492 decoder (Bootstring with the Punycode parameters); null on malformed input. */
export function punycodeDecode(input: string): string | null {
  const base = 36, tMin = 1, tMax = 26, skew = 38, damp = 700;
  let n = 128;
  let bias = 72;
  let i = 0;
  const basicEnd = input.lastIndexOf('-');
  const output: number[] = [];
  for (let j = 0; j < Math.max(0, basicEnd); j++) {
    const c = input.charCodeAt(j);
    if (c >= 0x80) return null;
    output.push(c);
  }
  const adapt = (delta: number, numPoints: number, first: boolean) => {
    let d = first ? Math.floor(delta / damp) : delta >> 1;
    d += Math.floor(d / numPoints);
    let k = 0;
    while (d > ((base - tMin) * tMax) >> 1) {
      d = Math.floor(d / (base - tMin));
      k += base;
    }
    return k + Math.floor(((base - tMin + 1) * d) / (d + skew));
  };
  for (let pos = basicEnd > 0 ? basicEnd + 1 : 0; pos < input.length; ) {
    const oldi = i;
    let w = 1;
    for (let k = base; ; k += base) {
      if (pos >= input.length) return null;
      const c = input.charCodeAt(pos++);
      const digit = c - 48 < 10 ? c - 22 : c - 65 < 26 ? c - 65 : c - 97 < 26 ? c - 97 : base;
      if (digit >= base) return null;
      i += digit * w;
      const t = k <= bias ? tMin : k >= bias + tMax ? tMax : k - bias;
      if (digit < t) break;
      w *= base - t;
      if (i > 0x10ffff * 4) return null;
    }
    bias = adapt(i - oldi, output.length + 1, oldi === 0);
    n += Math.floor(i / (output.length + 1));
    i %= output.length + 1;
    if (n > 0x10ffff) return null;
    output.splice(i++, 0, n);
  }
  return String.fromCodePoint(...output);
}
