/**
 * Heron's own pages are served from `heron://app/` by a protocol handler, not from `file://`:
 * a real origin (so CSP 'self' means exactly the app's files, not the whole disk), and a place
 * to set the CSP as a response header. Resolving a request to a file is pure and tested here:
 * only files inside the renderer's output folder, never a path that climbs out of it.
 */
import path from 'node:path';

export const APP_SCHEME = 'heron';
export const APP_HOST = 'app';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const APP_URL = `${APP_ORIGIN}/index.html`;

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.map': 'application/json; charset=utf-8',
  '.wasm': 'application/wasm',
};

export function isAppUrl(raw: string): boolean {
  try {
    const url = new URL(raw);
    return url.protocol === `${APP_SCHEME}:` && url.host.toLowerCase() === APP_HOST && !url.username && !url.password;
  } catch {
    return false;
  }
}

export type AssetResolution = { ok: true; file: string; contentType: string } | { ok: false; status: 400 | 403 | 404; reason: string };

/** Maps `heron://app/<path>` to a file under `rootDir` (absolute), or says why not. */
export function resolveAppAsset(requestUrl: string, rootDir: string): AssetResolution {
  if (!isAppUrl(requestUrl)) return { ok: false, status: 403, reason: 'not an app URL' };
  const url = new URL(requestUrl);
  let pathname: string;
  try {
    pathname = decodeURIComponent(url.pathname);
  } catch {
    return { ok: false, status: 400, reason: 'bad percent-encoding' };
  }
  // Backslashes and NUL have no business in an asset path; on Windows a backslash is a separator.
  if (pathname.includes('\0') || pathname.includes('\\')) return { ok: false, status: 400, reason: 'bad character in path' };
  const segments = pathname.split('/').filter((s) => s !== '');
  if (segments.some((s) => s === '..' || s === '.')) return { ok: false, status: 403, reason: 'path climbs out' };
  const relative = segments.length === 0 ? 'index.html' : segments.join('/');
  const root = path.resolve(rootDir);
  const file = path.resolve(root, relative);
  if (file !== root && !file.startsWith(root + path.sep)) return { ok: false, status: 403, reason: 'path climbs out' };
  const contentType = CONTENT_TYPES[path.extname(file).toLowerCase()];
  if (contentType === undefined) return { ok: false, status: 404, reason: 'unknown file type' };
  return { ok: true, file, contentType };
}
