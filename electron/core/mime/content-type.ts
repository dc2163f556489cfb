/**
 * A Content-Type field value read into its media type and parameters (RFC 2045 §5.1), and
 * written back. Lenient: unquoted values may hold anything but ';', a missing subtype is kept
 * as null for the caller to name.
 */
export interface ContentType {
  readonly type: string;
  /** Null when the value has no "/subtype" (e.g. "text"). */
  readonly subtype: string | null;
  /** Parameter names lower case, first occurrence wins. */
  readonly params: ReadonlyMap<string, string>;
}

export function parseContentType(value: string): ContentType {
  const parts = splitParams(value);
  const media = (parts[0] ?? '').trim().toLowerCase();
  const slash = media.indexOf('/');
  const type = slash < 0 ? media : media.slice(0, slash).trim();
  const subtype = slash < 0 ? null : media.slice(slash + 1).trim() || null;
  const params = new Map<string, string>();
  for (const p of parts.slice(1)) {
    const eq = p.indexOf('=');
    if (eq < 0) continue;
    const name = p.slice(0, eq).trim().toLowerCase();
    let v = p.slice(eq + 1).trim();
    if (v.startsWith('"')) v = v.slice(1, v.endsWith('"') && v.length > 1 ? -1 : undefined).replace(/\\(.)/g, '$1');
    if (name !== '' && !params.has(name)) params.set(name, v);
  }
  return { type, subtype, params };
}

/** Whether the media type is a well-formed type/subtype pair. */
export function isMediaType(ct: ContentType): boolean {
  const token = /^[a-z0-9!#$&^_.+-]+$/;
  return ct.subtype !== null && token.test(ct.type) && token.test(ct.subtype);
}

export function formatContentType(media: string, params: ReadonlyMap<string, string>): string {
  let out = media;
  for (const [name, value] of params) out += `; ${name}="${value.replace(/["\\]/g, '\\$&')}"`;
  return out;
}

/** Splits on ';' outside quoted strings. */
function splitParams(value: string): string[] {
  const out: string[] = [];
  let start = 0;
  let quoted = false;
  for (let i = 0; i < value.length; i++) {
    const c = value[i];
    if (c === '\\' && quoted) i += 1;
    else if (c === '"') quoted = !quoted;
    else if (c === ';' && !quoted) {
      out.push(value.slice(start, i));
      start = i + 1;
    }
  }
  out.push(value.slice(start));
  return out;
}
