/**
 * What the compose editor may produce, and nothing else: the HTML is sanitized before it is stored
 * or sent, and before pasted content reaches the editor (it is hostile like any mail). A small
 * allowlist — text formatting, lists, quotes, links to http(s)/mailto — so what the recipient gets
 * is what the toolbar can make.
 */
import DOMPurify, { type Config } from 'dompurify';

const CONFIG: Config = {
  ALLOWED_TAGS: ['div', 'p', 'br', 'strong', 'b', 'em', 'i', 'u', 'ul', 'ol', 'li', 'blockquote', 'a', 'span'],
  ALLOWED_ATTR: ['href', 'start'],
  ALLOW_DATA_ATTR: false,
  ALLOW_UNKNOWN_PROTOCOLS: false,
  ALLOWED_URI_REGEXP: /^(?:https?:|mailto:)/i,
  RETURN_TRUSTED_TYPE: false,
};

/*
 * Pasted HTML keeps `style` for the editor's parser only: other apps mark bold and not-bold that
 * way (Google Docs wraps a whole paste in <b style="font-weight:normal">). The editor turns styles
 * into its own marks and never writes a style attribute back.
 */
const PASTE_CONFIG: Config = { ...CONFIG, ALLOWED_ATTR: ['href', 'start', 'style'] };

let purifier: ReturnType<typeof DOMPurify> | null = null;

function purify(dirty: string, config: Config): string {
  purifier ??= DOMPurify(window);
  return purifier.sanitize(dirty, config);
}

export function sanitizeComposeHtml(dirty: string): string {
  return purify(dirty, CONFIG);
}

export function sanitizePastedHtml(dirty: string): string {
  return purify(dirty, PASTE_CONFIG);
}

/** The editor's HTML as mail: an empty line is `<div><br></div>`, or the recipient's reader would collapse it. */
export function mailHtml(editorHtml: string): string {
  return editorHtml.replace(/<div><\/div>/g, '<div><br></div>');
}

/** A link target the person typed: https:// is assumed for a bare host; anything but http(s)/mailto is refused. */
export function normalizeLink(input: string): string | null {
  const value = input.trim();
  if (value === '') return null;
  const candidate = /^[a-z][a-z0-9+.-]*:/i.test(value) ? value : value.includes('@') && !value.includes('/') ? `mailto:${value}` : `https://${value}`;
  try {
    const url = new URL(candidate);
    return url.protocol === 'http:' || url.protocol === 'https:' || url.protocol === 'mailto:' ? url.href : null;
  } catch {
    return null;
  }
}
