/**
 * What the web content of the window may do beyond rendering (issue 2 §3). Heron needs no
 * browser permission at all: no camera, notifications, geolocation, clipboard reads, HID… so
 * every request and every check is denied. Navigation is blocked too: the app is one page and
 * routes inside it; links leave through `openExternal` and main's URL policy.
 */

/** Every permission request or check (`setPermissionRequestHandler`, `setPermissionCheckHandler`). */
export function decidePermission(_permission: string): false {
  return false;
}

export type NavigationVerdict = { allow: true } | { allow: false };

/** Chromium's built-in PDF viewer (its extension id is fixed), for the reader's PDF preview. */
export const PDF_VIEWER_ORIGIN = 'chrome-extension://mhjfbmdgcfjbbpaeojofohoefgiehjai';
const isPdfViewerUrl = (url: string) => url.startsWith(`${PDF_VIEWER_ORIGIN}/`);

/**
 * A navigation or redirect (`will-frame-navigate`, `will-navigate`, `will-redirect`).
 * The top frame may only (re)load the app's own page: the app is one page and routes inside it.
 * A subframe may load only what the reader itself puts there (`about:srcdoc`, `about:blank`,
 * a blob: or page of the app's own origin); a link clicked inside a message would otherwise
 * navigate the message frame to the web. Nothing is handed to the OS from here: links leave
 * only through the renderer's explicit `openExternal` call and the URL policy.
 */
export function decideNavigation(
  targetUrl: string,
  frame: { isMainFrame: boolean },
  isAppUrl: (url: string) => boolean,
  appOrigin: string,
): NavigationVerdict {
  if (frame.isMainFrame) return { allow: isAppUrl(targetUrl) };
  if (targetUrl === 'about:srcdoc' || targetUrl === 'about:blank') return { allow: true };
  if (targetUrl.startsWith(`blob:${appOrigin}/`)) return { allow: true };
  // The viewer Chromium puts inside the preview's PDF frame (never the top frame).
  if (isPdfViewerUrl(targetUrl)) return { allow: true };
  return { allow: isAppUrl(targetUrl) };
}

/**
 * A last line under the sanitizer and the reader's CSP (`session.webRequest.onBeforeRequest`):
 * the app's own scheme, data: and blob: load; from the web only images (remote images the
 * person allowed for a message); nothing from file: (a message must not probe the disk) and
 * no script, frame, fetch, font, socket or beacon from anywhere else.
 */
export function decideRequest(request: { url: string; resourceType: string }, isAppUrl: (url: string) => boolean): boolean {
  const url = request.url;
  if (isAppUrl(url)) return true;
  if (url.startsWith('data:') || url.startsWith('blob:') || url.startsWith('devtools:')) return true;
  if (isPdfViewerUrl(url)) return true;
  if (/^https?:/i.test(url)) return request.resourceType === 'image';
  return false;
}

/**
 * `window.open` and `target=_blank` (`setWindowOpenHandler`): never a new Electron window.
 * http(s) and mailto links are offered to the OS after the URL policy vets them; the caller
 * runs that check, this only says which schemes are candidates.
 */
export function decideWindowOpen(targetUrl: string): { action: 'deny'; openExternally: string | null } {
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(targetUrl)?.[1]?.toLowerCase();
  const candidate = scheme === 'http' || scheme === 'https' || scheme === 'mailto';
  return { action: 'deny', openExternally: candidate ? targetUrl : null };
}
