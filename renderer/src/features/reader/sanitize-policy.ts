/**
 * The URL and CSS policy of the reader's sanitizer, DOM-free so it is unit-tested alone.
 * Mail content is hostile: every URL it carries is classified, every remote fetch is blocked
 * (and counted, with its host, for the "load remote content" bar) until the person allows it.
 *
 * data: URLs: only raster images (png, gif, jpeg, webp, bmp, avif, ico) in image positions. They
 * cannot run script or reach the network, and inline images sent as data: are common. SVG data
 * URLs are refused: inert in <img>, but nothing gains from the risk elsewhere.
 */

export interface PolicyContext {
  readonly allowRemote: boolean;
  /** Content-ID (without <>) → blob:/data: URL of the stored inline part. */
  readonly cidMap: Readonly<Record<string, string>>;
  /** Remote fetches blocked so far, and their hosts (filled as URLs are classified). */
  blocked: number;
  readonly hosts: Set<string>;
  /** Links keep their text but lead nowhere (mail in Junk). */
  readonly linksDisabled?: boolean;
}

export function newContext(allowRemote: boolean, cidMap: Readonly<Record<string, string>> = {}, linksDisabled = false): PolicyContext {
  return { allowRemote, cidMap, blocked: 0, hosts: new Set(), ...(linksDisabled ? { linksDisabled } : {}) };
}

const SAFE_DATA_IMAGE = /^data:image\/(?:png|gif|jpe?g|webp|bmp|avif|x-icon|vnd\.microsoft\.icon)(?:;[a-z0-9=._+-]*)*,/i;
const IGNORED_IN_URL = /[\u0000-\u0020\u007f-\u009f]/g;

/** What the browser would see: control characters and whitespace are dropped by URL parsing. */
function normalize(raw: string): string {
  return raw.replace(IGNORED_IN_URL, '');
}

function remoteHost(url: string): string | null {
  const u = /^(?:https?:)?\/\//i.test(url) ? url : null;
  if (u === null) return null;
  try {
    return new URL(u.startsWith('//') ? `http:${u}` : u).hostname.toLowerCase();
  } catch {
    return '';
  }
}

function block(ctx: PolicyContext, host: string): null {
  ctx.blocked += 1;
  if (host !== '') ctx.hosts.add(host);
  return null;
}

/**
 * A URL in an image position (img src, srcset candidate, background, CSS url()).
 * Returns the URL to keep, or null to drop it.
 */
export function imageUrl(raw: string, ctx: PolicyContext): string | null {
  const url = normalize(raw);
  if (/^cid:/i.test(url)) {
    const cid = decodeURIComponentSafe(url.slice(4)).replace(/^<|>$/g, '');
    return ctx.cidMap[cid] ?? null;
  }
  if (SAFE_DATA_IMAGE.test(url)) return url;
  const host = remoteHost(url);
  if (host !== null) {
    // Plain-http images stay blocked even when allowed: the document's CSP admits https only.
    if (ctx.allowRemote && /^https:\/\//i.test(url) && host !== '') return url;
    return block(ctx, host);
  }
  return null; // javascript:, vbscript:, blob:, relative (resolves against the app), anything else
}

/**
 * A URL that would be fetched but is never allowed, even with remote content on: stylesheets,
 * fonts, media, posters. Counted when remote, always dropped.
 */
export function neverFetched(raw: string, ctx: PolicyContext): null {
  const host = remoteHost(normalize(raw));
  if (host !== null) block(ctx, host);
  return null;
}

/** A link target: http(s) and mailto only; the click goes out through main's URL policy. */
export function linkUrl(raw: string): string | null {
  const url = normalize(raw);
  if (url.startsWith('#')) return url;
  if (!/^(?:https?:\/\/|mailto:)/i.test(url)) return null;
  try {
    return new URL(url).href;
  } catch {
    return null;
  }
}

/** `srcset`: each candidate classified; the attribute survives only with what is kept. */
export function srcset(raw: string, ctx: PolicyContext): string | null {
  const kept: string[] = [];
  // Candidates are "url [descriptor]" separated by commas; a URL may itself contain commas
  // (data:), so split on commas followed by whitespace or at the end of a descriptor.
  for (const candidate of raw.split(/,(?=\s|[^,]*\s\d)/)) {
    const [url = '', ...descriptor] = candidate.trim().split(/\s+/);
    if (url === '') continue;
    const keep = imageUrl(url, ctx);
    if (keep !== null) kept.push([keep, ...descriptor].join(' '));
  }
  return kept.length > 0 ? kept.join(', ') : null;
}

function decodeURIComponentSafe(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

/** Resolves CSS escapes (\75 rl, \u) so that no obfuscated url( or @import survives unseen. */
function unescapeCss(css: string): string {
  if (!css.includes('\\')) return css;
  return css
    .replace(/\\([0-9a-fA-F]{1,6})[ \t\r\n\f]?/g, (_m, hex: string) => {
      const cp = parseInt(hex, 16);
      return cp === 0 || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff) ? '\ufffd' : String.fromCodePoint(cp);
    })
    .replace(/\\\r?\n/g, '')
    .replace(/\\(.)/g, '$1');
}

const URL_FN = /url\(\s*(?:"([^"]*)"|'([^']*)'|([^)]*?))\s*\)/gi;
const IMAGE_SET = /(?:-webkit-)?image-set\(((?:[^()]|\([^()]*\))*)\)/gi;
const QUOTED = /"([^"]*)"|'([^']*)'/g;

/**
 * Sanitizes CSS text (a `<style>` element or a style attribute). Removes @import, @font-face,
 * expression(), behavior/-moz-binding and javascript: ; every url() goes through imageUrl (images
 * are the only thing CSS may load, and only when allowed); image-set() strings are images too.
 * The output carries no escapes and no comments, so what was checked is what the browser reads.
 */
export function sanitizeCss(input: string, ctx: PolicyContext): string {
  let css = unescapeCss(input.replace(/\/\*[\s\S]*?(?:\*\/|$)/g, ' ')).replace(/<\/?style/gi, '');
  // @import: a stylesheet from anywhere, never allowed.
  css = css.replace(/@import\s+(?:url\(\s*(?:"([^"]*)"|'([^']*)'|([^)]*?))\s*\)|"([^"]*)"|'([^']*)'|([^;\s]+))[^;]*;?/gi, (...m: unknown[]) => {
    neverFetched(firstString(m.slice(1, 7)), ctx);
    return '';
  });
  css = css.replace(/@import[^;]*;?/gi, '');
  // @font-face: fonts are never fetched; count their remote sources.
  css = css.replace(/@font-face\s*\{[^}]*\}?/gi, (block) => {
    for (const m of block.matchAll(URL_FN)) neverFetched(firstString([m[1], m[2], m[3]]), ctx);
    return '';
  });
  css = css.replace(IMAGE_SET, (_m, inner: string) => {
    const kept: string[] = [];
    for (const m of inner.matchAll(new RegExp(`${URL_FN.source}|${QUOTED.source}`, 'gi'))) {
      const keep = imageUrl(firstString([m[1], m[2], m[3], m[4], m[5]]), ctx);
      if (keep !== null) kept.push(`url("${cssString(keep)}") 1x`);
    }
    return kept.length > 0 ? `image-set(${kept.join(', ')})` : 'none';
  });
  css = css.replace(URL_FN, (_m, dq: string | undefined, sq: string | undefined, bare: string | undefined) => {
    const keep = imageUrl(firstString([dq, sq, bare]), ctx);
    return keep === null ? 'none' : `url("${cssString(keep)}")`;
  });
  // Old IE script hooks and Firefox XBL: inert in Chromium, but they have no business in mail.
  css = css.replace(/expression\s*\(/gi, 'none(').replace(/(?:behavior|-moz-binding)\s*:[^;}]*/gi, '').replace(/javascript\s*:/gi, '');
  return css;
}

function firstString(values: readonly unknown[]): string {
  for (const v of values) if (typeof v === 'string') return v.trim();
  return '';
}

function cssString(url: string): string {
  return url.replace(/["\\\n\r]/g, (c) => `\\${c.charCodeAt(0).toString(16)} `);
}

/** The CSP of the generated reader document (defence in depth under the sanitizer). */
export function readerCsp(allowRemote: boolean): string {
  return [
    "default-src 'none'",
    `img-src data: blob:${allowRemote ? ' https:' : ''}`,
    "style-src 'unsafe-inline'",
    "font-src 'none'",
    "media-src 'none'",
    "form-action 'none'",
    "base-uri 'none'",
  ].join('; ');
}
