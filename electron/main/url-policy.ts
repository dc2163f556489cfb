/**
 * Which URLs may leave the app for the OS (STYLE.md; issue 2 §3). Mail content is hostile: only
 * http(s) and mailto, no credentials in the URL, bounded length. Pure, so it is tested alone.
 */
export type UrlVerdict = { ok: true; url: string } | { ok: false; reason: string };

const MAX_URL = 8192;

export function checkExternalUrl(raw: string): UrlVerdict {
  if (raw.length > MAX_URL) return { ok: false, reason: 'The link is too long to open safely.' };
  if (/[\u0000-\u001f\u007f\s]/.test(raw)) return { ok: false, reason: 'The link contains spaces or control characters.' };
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return { ok: false, reason: 'The link is not a valid address.' };
  }
  if (url.protocol === 'mailto:') return { ok: true, url: url.href };
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    return { ok: false, reason: `Links of type "${url.protocol.replace(/:$/, '')}" are not opened.` };
  }
  if (url.username || url.password) return { ok: false, reason: 'Links that carry a user name or password are not opened.' };
  if (!url.hostname) return { ok: false, reason: 'The link has no host.' };
  return { ok: true, url: url.href };
}
