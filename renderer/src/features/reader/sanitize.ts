/**
 * Hostile HTML → a document for a sandboxed iframe (srcdoc, sandbox without allow-scripts and
 * without allow-same-origin). Three layers, each enough on its own for scripts:
 *   1. DOMPurify (HTML profile only: no SVG, no MathML — their namespace confusion is where the
 *      mutation-XSS lives) plus our hooks for URLs, CSS, links and remote content;
 *   2. a strict Content-Security-Policy <meta> in the generated document;
 *   3. the iframe sandbox (READER_SANDBOX).
 * Remote content is blocked until allowed: every vector is removed and counted, with its host.
 * Links keep only http(s)/mailto and open in a new window, which main intercepts
 * (setWindowOpenHandler) and hands to its URL policy — the frame itself never navigates. The
 * frame runs no script, so each link's real target is its title (the browser's own tooltip).
 *
 * Sanitizing runs in bounded steps (sanitize-slices.ts) between which the window's thread is
 * free: a message of any size is read without freezing the window.
 */
import DOMPurify, { type Config } from 'dompurify';
import { sanitizeSteps } from './sanitize-slices';
import { escapeHtml } from '../../ui/escape-html';
import { imageUrl, linkUrl, neverFetched, newContext, readerCsp, sanitizeCss, srcset, type PolicyContext } from './sanitize-policy';

export interface SanitizeOptions {
  /** The person allowed remote content for this message or sender: https images load. */
  readonly allowRemote?: boolean;
  /** Content-ID (without <>) → blob:/data: URL of the stored inline part. */
  readonly cidMap?: Readonly<Record<string, string>>;
  /** Links show their text and lead nowhere (mail in Junk: a phishing link cannot be clicked). */
  readonly linksDisabled?: boolean;
}

/** What a disabled link says when pointed at. */
export const LINK_DISABLED_TITLE = 'Links are disabled in Junk';

export interface StepOptions {
  /** Stops the work at the next step (the person opened another message). */
  readonly signal?: AbortSignal;
  /** Work between two returns to the event loop, in milliseconds. */
  readonly sliceMs?: number;
  /** Characters of HTML parsed per step, nodes sanitized per step (tests make them small). */
  readonly parseChars?: number;
  readonly batchNodes?: number;
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

// Sanitizing the parsed nodes where they are, without a copy: a large message makes less garbage.
const IN_PLACE: Config = { ...CONFIG, IN_PLACE: true };

// The hooks read the context of the step in progress (each step is synchronous).
let current: PolicyContext | null = null;
let purifier: ReturnType<typeof DOMPurify> | null = null;

function getPurifier(): ReturnType<typeof DOMPurify> {
  if (purifier) return purifier;
  const p = DOMPurify(window);
  p.addHook('uponSanitizeElement', (node, data) => {
    const ctx = current;
    if (!ctx || !(node instanceof Element)) return;
    // What a removed element would have fetched is counted, so the bar can say so; when its
    // content goes with it, so is what its descendants would have fetched.
    if (!data.allowedTags[data.tagName] || FORBID_SET.has(data.tagName)) {
      countFetches(node, ctx);
      if (DROPPED_WITH_CONTENT.has(data.tagName)) countFetchesBelow(node, ctx);
    }
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
    if ((tag === 'a' || tag === 'area') && ctx.linksDisabled === true) {
      node.removeAttribute('href');
      node.setAttribute('title', LINK_DISABLED_TITLE);
    } else if (tag === 'a' || tag === 'area') {
      rewrite(node, 'href', linkUrl);
      const href = node.getAttribute('href');
      if (href !== null && !href.startsWith('#')) {
        node.setAttribute('target', '_blank');
        node.setAttribute('rel', 'noopener noreferrer');
        node.setAttribute('title', linkTitle(href));
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

/** What an element's own attributes would fetch (remote URLs only are counted). */
function countFetches(node: Element, ctx: PolicyContext): void {
  const tag = node.tagName.toLowerCase();
  for (const name of FETCHING_ATTRIBUTES) {
    const v = node.getAttribute(name);
    if (v === null) continue;
    if (name === 'srcset') for (const candidate of v.split(',')) neverFetched(candidate.trim().split(/\s+/)[0] ?? '', ctx);
    else if (name === 'style') sanitizeCss(v, ctx);
    else if ((name !== 'href' && name !== 'xlink:href') || LINKED_RESOURCE.has(tag)) neverFetched(v, ctx);
  }
  if (tag === 'style' && node.textContent !== null) sanitizeCss(node.textContent, ctx);
}

/** Counted for a subtree removed with its element (DOMPurify never visits it). */
export function countFetchesBelow(node: Element, ctx: PolicyContext): void {
  for (const e of Array.from(node.querySelectorAll('*'))) countFetches(e, ctx);
}

const FETCHING_ATTRIBUTES = ['src', 'srcset', 'poster', 'background', 'data', 'href', 'xlink:href', 'lowsrc', 'dynsrc', 'style'];
// Elements whose href loads something (not a link someone clicks).
const LINKED_RESOURCE = new Set(['link', 'image', 'use', 'feimage', 'script']);
// DOMPurify's FORBID_CONTENTS default: these go with everything inside them.
const DROPPED_WITH_CONTENT = new Set(['annotation-xml', 'audio', 'colgroup', 'desc', 'foreignobject', 'head', 'iframe', 'math', 'mi', 'mn', 'mo', 'ms', 'mtext', 'noembed', 'noframes', 'noscript', 'plaintext', 'script', 'selectedcontent', 'style', 'svg', 'template', 'thead', 'title', 'video', 'xmp']);
const FORBID_SET = new Set(FORBID_TAGS);

function linkTitle(href: string): string {
  return `Opens ${href.length > 300 ? `${href.slice(0, 300)}…` : href}`;
}

/** Runs steps, returning to the event loop whenever a slice's time is used up. */
export async function runSliced<T>(steps: Generator<void, T>, options: StepOptions): Promise<T> {
  const sliceMs = options.sliceMs ?? 12;
  let deadline = performance.now() + sliceMs;
  for (;;) {
    const step = steps.next();
    if (step.done === true) return step.value;
    if (performance.now() < deadline) continue;
    await nextTask();
    if (options.signal?.aborted) throw new DOMException('The message was closed.', 'AbortError');
    deadline = performance.now() + sliceMs;
  }
}

function nextTask(): Promise<void> {
  return new Promise((resolve) => {
    const channel = new MessageChannel();
    channel.port1.onmessage = () => {
      channel.port1.close();
      resolve();
    };
    channel.port2.postMessage(null);
  });
}

/** Sanitizes an HTML fragment or document into body markup, in steps (see sanitize-slices.ts). */
export function sanitizeHtml(dirty: string, options: SanitizeOptions & StepOptions = {}): Promise<SanitizeResult> {
  const ctx = newContext(options.allowRemote === true, options.cidMap ?? {}, options.linksDisabled === true);
  const p = getPurifier();
  const purify = (container: Element): string => {
    // The hooks read the context of the call in progress; each step's call is synchronous.
    current = ctx;
    try {
      p.sanitize(container, IN_PLACE);
      return container.innerHTML;
    } finally {
      current = null;
    }
  };
  const dropped = (node: Element): void => countFetchesBelow(node, ctx);
  const steps = sanitizeSteps(dirty, { purify, dropped }, { parseChars: options.parseChars ?? 32 * 1024, batchNodes: options.batchNodes ?? 400 });
  return runSliced(steps, options).then((html) => ({ html, blockedRemote: ctx.blocked, remoteHosts: [...ctx.hosts] }));
}

const URL_IN_TEXT = /\b(?:https?:\/\/|mailto:)[^\s<>"'`]+/gi;

/** Plain text → safe HTML: escaped, line breaks kept, http(s)/mailto links clickable. In steps of whole lines. */
export function* textToHtmlSteps(text: string, stepChars = 64 * 1024, linksDisabled = false): Generator<void, string> {
  const out: string[] = ['<div class="heron-text">'];
  for (let start = 0; start < text.length; ) {
    const nl = text.indexOf('\n', start + stepChars);
    const end = nl < 0 ? text.length : nl + 1;
    out.push(linksDisabled ? escapeHtml(text.slice(start, end)) : linkify(text.slice(start, end)));
    start = end;
    yield;
  }
  out.push('</div>');
  return out.join('');
}

function linkify(text: string): string {
  let out = '';
  let last = 0;
  for (const m of text.matchAll(URL_IN_TEXT)) {
    let raw = m[0];
    // Trailing punctuation belongs to the sentence; a closing paren only if it has no partner.
    while (/[.,;:!?'")\]]$/.test(raw) && !(raw.endsWith(')') && (raw.match(/\(/g)?.length ?? 0) >= (raw.match(/\)/g)?.length ?? 0))) raw = raw.slice(0, -1);
    const href = linkUrl(raw);
    out += escapeHtml(text.slice(last, m.index));
    out += href === null ? escapeHtml(raw) : `<a href="${escapeHtml(href)}" target="_blank" rel="noopener noreferrer" title="${escapeHtml(linkTitle(href))}">${escapeHtml(raw)}</a>`;
    last = m.index + raw.length;
  }
  return out + escapeHtml(text.slice(last));
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

/** The full srcdoc for the reader's iframe, built in steps between which the window is free. */
export async function buildReaderDocument(input: ReaderDocumentInput, options: StepOptions = {}): Promise<SanitizeResult & { readonly srcdoc: string }> {
  const result = input.html !== null ? await sanitizeHtml(input.html, { ...input, ...options }) : { html: await runSliced(textToHtmlSteps(input.text ?? '', undefined, input.linksDisabled === true), options), blockedRemote: 0, remoteHosts: [] };
  const srcdoc =
    '<!doctype html><html><head><meta charset="utf-8">' +
    `<meta http-equiv="Content-Security-Policy" content="${readerCsp(input.allowRemote === true)}">` +
    '<meta name="referrer" content="no-referrer">' +
    '<base target="_blank">' +
    `<style>${BASE_STYLE}</style></head><body>${result.html}</body></html>`;
  return { ...result, srcdoc };
}
