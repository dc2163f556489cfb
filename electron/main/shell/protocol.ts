/**
 * Serves the renderer from `heron://app/` (see ../app-protocol.ts for why) with the CSP as a
 * response header on every page, and adds the session-wide guards: all permissions denied, and
 * the request filter under the sanitizer.
 */
import { protocol, type Session } from 'electron';
import { readFile } from 'node:fs/promises';
import { APP_SCHEME, isAppUrl, resolveAppAsset } from '../app-protocol';
import { withAppCsp } from '../csp';
import { decidePermission, decideRequest } from '../permission-policy';

/** Must run before `app` is ready: a standard, secure scheme gets a real origin and ES modules. */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([
    { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true, corsEnabled: true } },
  ]);
}

export function serveApp(session: Session, rendererDir: string): void {
  session.protocol.handle(APP_SCHEME, async (request) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') return new Response(null, { status: 405 });
    const asset = resolveAppAsset(request.url, rendererDir);
    if (!asset.ok) return new Response(null, { status: asset.status });
    let body: Buffer;
    try {
      body = await readFile(asset.file);
    } catch {
      return new Response(null, { status: 404 });
    }
    const headers = withAppCsp(request.url, { 'Content-Type': asset.contentType, 'Cache-Control': 'no-store' }, isAppUrl);
    const flat: Record<string, string> = {};
    for (const [name, value] of Object.entries(headers)) flat[name] = Array.isArray(value) ? value.join(', ') : value;
    return new Response(request.method === 'HEAD' ? null : new Uint8Array(body), { status: 200, headers: flat });
  });
}

export function guardSession(session: Session): void {
  session.setPermissionRequestHandler((_contents, permission, callback) => callback(decidePermission(permission)));
  session.setPermissionCheckHandler((_contents, permission) => decidePermission(permission));
  // WebHID, Web Serial and WebUSB ask through a separate handler; Heron needs no device either.
  session.setDevicePermissionHandler((details) => decidePermission(details.deviceType));
  session.webRequest.onBeforeRequest((details, callback) => {
    callback({ cancel: !decideRequest({ url: details.url, resourceType: details.resourceType }, isAppUrl) });
  });
  // Heron's pages come from the protocol handler above; this keeps the CSP on anything else the app origin serves.
  session.webRequest.onHeadersReceived((details, callback) => {
    callback({ responseHeaders: withAppCsp(details.url, details.responseHeaders, isAppUrl) });
  });
}
