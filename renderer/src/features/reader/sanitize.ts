/**
 * Hostile HTML → a document for a sandboxed iframe (srcdoc, sandbox without allow-scripts and
 * without allow-same-origin). Three layers, each enough on its own for scripts:
 *   1. DOMPurify (HTML profile only: no SVG, no MathML — their namespace confusion is where the
 *      mutation-XSS lives) plus our hooks for URLs, CSS, links and remote content;
 *   2. a strict Content-Security-Policy <meta> in the generated document;
 *   3. the iframe sandbox (READER_SANDBOX).
 * Remote content is blocked until allowed: every vector is removed and counted, with its host.
 * Links keep only http(s)/mailto and open in a new window, which main intercepts
 * (setWindowOpenHandler) and hands to its URL policy — the frame itself never navigates.
 */
import DOMPurify, { type Config } from 'dompurify';
import { imageUrl, linkUrl, neverFetched, newContext, readerCsp, sanitizeCss, srcset, type PolicyContext } from './sanitize-policy';

export interface SanitizeOptions {
  /** The person allowed remote content for this message or sender: https images load. */
  readonly allowRemote?: boolean;
  /** Content-ID (without <>) → blob:/data: URL of the stored inline part. */
  readonly cidMap?: Readonly<Record<string, string>>;
}

export interface SanitizeResult {
  readonly html: string;
  /** Remote fetches removed (0 when everything is allowed or nothing was remote). */
  readonly blockedRemote: number;
  /** Hosts of the blocked fetches, in order of appearance. */
  readonly remoteHosts: readonly string[];
}

/** The iframe's sandbox: popups only, so a link click becomes a window.open main can vet. */
export const READER_SANDBOX = 'allow-popups';

const FORBID_TAGS = [
  'form', 'input', 'button', 'select', 'option', 'optgroup', 'textarea', 'datalist', 'output', 'fieldset', 'legend',
  'object', 'embed', 'iframe', 'frame', 'frameset', 'applet', 'portal', 'fencedframe', 'base', 'meta', 'link',
  'video', 'audio', 'track', 'template', 'noscript', 'noembed', 'noframes', 'xmp', 'plaintext', 'dialog', 'slot',
];
// Attributes that fetch, navigate or submit; ours to set or drop, never the sender's.
const FORBID_ATTR = ['action', 'formaction', 'ping', 'target', 'xlink:href', 'data', 'codebase', 'archive', 'manifest', 'longdesc', 'usemap', 'http-equiv', 'autofocus', 'popover', 'popovertarget'];

const CONFIG: Config = {
  USE_PROFILES: { html: true },
  FORBID_TAGS,
  FORBID_ATTR,
  ADD_ATTR: ['background', 'srcset', 'lowsrc', 'dynsrc', 'poster'],
  ALLOW_DATA_ATTR: false,
  ALLOW_UNKNOWN_PROTOCOLS: false,
  // Keep leading <style> blocks (mail puts them in <head>, which becomes body content here).
  FORCE_BODY: true,
  WHOLE_DOCUMENT: false,
  RETURN_TRUSTED_TYPE: false,
};

// The hooks read the options of the call in progress (sanitizing is synchronous).
let current: PolicyContext | null = null;
let purifier: ReturnType<typeof DOMPurify> | null = null;

function getPurifier(): ReturnType<typeof DOMPurify> {
  if (purifier) return purifier;
  const p = DOMPurify(window);
  p.addHook('uponSanitizeElement', (node, data) => {
    const ctx = current;
    if (!ctx || !(node instanceof Element)) return;
    // Count what removed tags would have fetched, so the bar can say so.
    if (data.tagName === 'link') neverFetched(node.getAttribute('href') ?? '', ctx);
    if (data.tagName === 'video' || data.tagName === 'audio' || data.tagName === 'track' || data.tagName === 'embed' || data.tagName === 'iframe' || data.tagName === 'frame') {
      neverFetched(node.getAttribute('src') ?? '', ctx);
      neverFetched(node.getAttribute('poster') ?? '', ctx);
    }
    if (data.tagName === 'input' && (node.getAttribute('type') ?? '').toLowerCase() === 'image') neverFetched(node.getAttribute('src') ?? '', ctx);
    if (data.tagName === 'object') neverFetched(node.getAttribute('data') ?? '', ctx);
  });
  p.addHook('afterSanitizeAttributes', (node) => {
    const ctx = current;
    if (!ctx || !(node instanceof Element)) return;
    const tag = node.tagName.toLowerCase();
    for (const name of ['lowsrc', 'dynsrc', 'poster']) {
      const v = node.getAttribute(name);
      if (v !== null) {
        neverFetched(v, ctx);
        node.removeAttribute(name);
      }
    }
    rewrite(node, 'src', (v) => (tag === 'img' ? imageUrl(v, ctx) : neverFetched(v, ctx)));
    rewrite(node, 'srcset', (v) => (tag === 'img' || tag === 'source' ? srcset(v, ctx) : null));
    rewrite(node, 'background', (v) => imageUrl(v, ctx));
    rewrite(node, 'style', (v) => sanitizeCss(v, ctx));
    if (tag === 'a' || tag === 'area') {
      rewrite(node, 'href', linkUrl);
      const href = node.getAttribute('href');
      if (href !== null && !href.startsWith('#')) {
        node.setAttribute('target', '_blank');
        node.setAttribute('rel', 'noopener noreferrer');
      }
    } else {
      rewrite(node, 'href', () => null);
    }
  });
  p.addHook('uponSanitizeElement', (node, data) => {
    if (current && data.tagName === 'style' && node.textContent !== null) node.textContent = sanitizeCss(node.textContent, current);
  });
  purifier = p;
  return p;
}

function rewrite(node: Element, name: string, f: (value: string) => string | null): void {
  const v = node.getAttribute(name);
  if (v === null) return;
  const next = f(v);
  if (next === null) node.removeAttribute(name);
  else if (next !== v) node.setAttribute(name, next);
}

/** Sanitizes an HTML fragment or document; returns body markup. */
export function sanitizeHtml(dirty: string, options: SanitizeOptions = {}): SanitizeResult {
  const ctx = newContext(options.allowRemote === true, options.cidMap ?? {});
  const p = getPurifier();
  current = ctx;
  let html: string;
  try {
    html = p.sanitize(dirty, CONFIG) as string;
  } finally {
    current = null;
  }
  return { html, blockedRemote: ctx.blocked, remoteHosts: [...ctx.hosts] };
}

const URL_IN_TEXT = /\b(?:https?:\/\/|mailto:)[^\s<>"'`]+/gi;

function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** Plain text → safe HTML: escaped, line breaks kept, http(s)/mailto links clickable. */
export function textToHtml(text: string): string {
  let out = '';
  let last = 0;
  for (const m of text.matchAll(URL_IN_TEXT)) {
    let raw = m[0];
    // Trailing punctuation belongs to the sentence; a closing paren only if it has no partner.
    while (/[.,;:!?'")\]]$/.test(raw) && !(raw.endsWith(')') && (raw.match(/\(/g)?.length ?? 0) >= (raw.match(/\)/g)?.length ?? 0))) raw = raw.slice(0, -1);
    const href = linkUrl(raw);
    out += escapeHtml(text.slice(last, m.index));
    out += href === null ? escapeHtml(raw) : `<a href="${escapeHtml(href)}" target="_blank" rel="noopener noreferrer">${escapeHtml(raw)}</a>`;
    last = m.index + raw.length;
  }
  out += escapeHtml(text.slice(last));
  return `<div class="heron-text">${out}</div>`;
}

export interface ReaderDocumentInput extends SanitizeOptions {
  readonly html: string | null;
  readonly text: string | null;
}

const BASE_STYLE = [
  'html,body{margin:0;padding:0}',
  'body{padding:16px;font:14px/1.5 system-ui,sans-serif;color:#1d1d1f;background:#fff;overflow-wrap:anywhere}',
  '.heron-text{white-space:pre-wrap;font-family:ui-monospace,monospace}',
  'img{max-width:100%;height:auto}',
].join('');

/** The full srcdoc for the reader's iframe. */
export function buildReaderDocument(input: ReaderDocumentInput): SanitizeResult & { readonly srcdoc: string } {
  const result = input.html !== null ? sanitizeHtml(input.html, input) : { html: textToHtml(input.text ?? ''), blockedRemote: 0, remoteHosts: [] };
  const srcdoc =
    '<!doctype html><html><head><meta charset="utf-8">' +
    `<meta http-equiv="Content-Security-Policy" content="${readerCsp(input.allowRemote === true)}">` +
    '<meta name="referrer" content="no-referrer">' +
    '<base target="_blank">' +
    `<style>${BASE_STYLE}</style></head><body>${result.html}</body></html>`;
  return { ...result, srcdoc };
}
