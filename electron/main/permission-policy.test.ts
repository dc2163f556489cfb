import { describe, expect, it } from 'vitest';
import { APP_ORIGIN, isAppUrl } from './app-protocol';
import { decideNavigation, decidePermission, decideRequest, decideWindowOpen } from './permission-policy';

describe('decidePermission', () => {
  it.each(['media', 'geolocation', 'notifications', 'clipboard-read', 'clipboard-sanitized-write', 'fullscreen', 'openExternal', 'hid', 'serial', 'usb', 'unknown'])(
    'denies %s',
    (permission) => expect(decidePermission(permission)).toBe(false),
  );
});

describe('decideNavigation', () => {
  const nav = (url: string, isMainFrame: boolean) => decideNavigation(url, { isMainFrame }, isAppUrl, APP_ORIGIN).allow;

  it('lets the top frame (re)load only the app', () => {
    expect(nav('heron://app/index.html#/accounts/add', true)).toBe(true);
    expect(nav('https://example.com/', true)).toBe(false);
    expect(nav('file:///etc/passwd', true)).toBe(false);
    expect(nav('about:srcdoc', true)).toBe(false);
    expect(nav('heron://evil/index.html', true)).toBe(false);
    expect(nav('javascript:alert(1)', true)).toBe(false);
  });

  it('lets a message frame load its srcdoc and app blobs, never the web', () => {
    expect(nav('about:srcdoc', false)).toBe(true);
    expect(nav('about:blank', false)).toBe(true);
    expect(nav(`blob:${APP_ORIGIN}/2f1c`, false)).toBe(true);
    expect(nav('blob:https://evil.example/2f1c', false)).toBe(false);
    expect(nav('https://example.com/phish', false)).toBe(false);
    expect(nav('data:text/html,x', false)).toBe(false);
  });

  it('lets the PDF preview\'s frame hold Chromium\'s PDF viewer, and nothing else of any extension; never the top frame', () => {
    expect(nav('chrome-extension://mhjfbmdgcfjbbpaeojofohoefgiehjai/index.html', false)).toBe(true);
    expect(nav('chrome-extension://mhjfbmdgcfjbbpaeojofohoefgiehjai/index.html', true)).toBe(false);
    expect(nav('chrome-extension://aaaabbbbccccddddeeeeffffgggghhhh/index.html', false)).toBe(false);
    expect(nav('chrome-extension://mhjfbmdgcfjbbpaeojofohoefgiehjai.evil.example/', false)).toBe(false);
  });
});

describe('decideWindowOpen', () => {
  it('never opens a window; offers only http(s) and mailto to the OS', () => {
    expect(decideWindowOpen('https://example.com/')).toEqual({ action: 'deny', openExternally: 'https://example.com/' });
    expect(decideWindowOpen('MAILTO:a@b.example')).toEqual({ action: 'deny', openExternally: 'MAILTO:a@b.example' });
    expect(decideWindowOpen('javascript:alert(1)')).toEqual({ action: 'deny', openExternally: null });
    expect(decideWindowOpen('file:///C:/x')).toEqual({ action: 'deny', openExternally: null });
    expect(decideWindowOpen('about:blank')).toEqual({ action: 'deny', openExternally: null });
  });
});

describe('decideRequest', () => {
  const req = (url: string, resourceType: string) => decideRequest({ url, resourceType }, isAppUrl);
  it('loads the app, data: and blob:', () => {
    expect(req('heron://app/assets/index.js', 'script')).toBe(true);
    expect(req('data:image/png;base64,AAAA', 'image')).toBe(true);
    expect(req(`blob:${APP_ORIGIN}/1`, 'subFrame')).toBe(true);
  });
  it('loads only images from the web (remote content the person allowed)', () => {
    expect(req('https://img.example/a.png', 'image')).toBe(true);
    for (const type of ['script', 'subFrame', 'mainFrame', 'xhr', 'stylesheet', 'font', 'media', 'webSocket', 'ping', 'object', 'other']) {
      expect(req('https://evil.example/x', type), type).toBe(false);
    }
  });
  it('loads Chromium\'s PDF viewer, no other extension', () => {
    expect(req('chrome-extension://mhjfbmdgcfjbbpaeojofohoefgiehjai/index.js', 'script')).toBe(true);
    expect(req('chrome-extension://aaaabbbbccccddddeeeeffffgggghhhh/x.js', 'script')).toBe(false);
  });
  it('never reads the disk or other schemes', () => {
    expect(req('file:///etc/passwd', 'image')).toBe(false);
    expect(req('ftp://x.example/a.png', 'image')).toBe(false);
    expect(req('wss://x.example/', 'webSocket')).toBe(false);
  });
});
