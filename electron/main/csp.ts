/**
 * The Content-Security-Policy of Heron's own pages. `renderer/index.html` carries it as a meta
 * tag; main also sets it as a response header (defense in depth: a header applies before any
 * byte of the document is parsed, and cannot be removed by a DOM bug). A test keeps the two equal.
 */
/*
 * Two allowances exist only for the reader's frame: an about:srcdoc frame inherits this policy
 * and both policies apply, so the frame's own stricter CSP (sanitize.ts: no remote images unless
 * the person allowed them) can only narrow what this one permits.
 *  - style-src 'unsafe-inline': mail is styled with style attributes and <style>; scripts stay 'self'.
 *  - img-src https: remote images the person chose to load. The app's own document renders no
 *    mail HTML (React escapes text), so nothing there can ask for a remote image.
 */
export const APP_CSP =
  "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob: https:; font-src 'self'; " +
  "connect-src 'self'; frame-src 'self' blob:; base-uri 'none'; form-action 'none'; object-src 'none'";

export type ResponseHeaders = Record<string, string[] | string>;

/**
 * Returns the headers with Heron's CSP for responses that belong to the app's own pages, and
 * leaves everything else as it was. Any CSP a response already had is replaced, not merged: the
 * app's own files never send one, so a second policy could only come from somewhere it should not.
 */
export function withAppCsp(url: string, headers: ResponseHeaders | undefined, isAppUrl: (url: string) => boolean): ResponseHeaders {
  const out: ResponseHeaders = {};
  for (const [name, value] of Object.entries(headers ?? {})) {
    if (name.toLowerCase() === 'content-security-policy') continue;
    out[name] = value;
  }
  if (isAppUrl(url)) {
    out['Content-Security-Policy'] = [APP_CSP];
    out['X-Content-Type-Options'] = ['nosniff'];
  }
  return out;
}
