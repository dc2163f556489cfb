import { describe, expect, it } from 'vitest';
import { isAppPage, isTrustedSender } from './trusted-sender';

const expected = { webContentsId: 3, appUrl: 'heron://app/index.html' };

describe('isTrustedSender', () => {
  it('trusts the main window top frame on the app page, whatever its route', () => {
    expect(isTrustedSender({ frameUrl: 'heron://app/index.html', isMainFrame: true, webContentsId: 3 }, expected)).toEqual({ ok: true });
    expect(isTrustedSender({ frameUrl: 'heron://app/index.html?x=1#/accounts/add', isMainFrame: true, webContentsId: 3 }, expected)).toEqual({ ok: true });
  });

  it.each([
    [{ frameUrl: 'heron://app/index.html', isMainFrame: true, webContentsId: 4 }, 'The call did not come from Heron’s main window.'],
    [{ frameUrl: 'about:srcdoc', isMainFrame: false, webContentsId: 3 }, 'The call came from an embedded frame.'],
    [{ frameUrl: 'heron://app/index.html', isMainFrame: false, webContentsId: 3 }, 'The call came from an embedded frame.'],
    [{ frameUrl: null, isMainFrame: true, webContentsId: 3 }, 'The call came from a page that is not Heron’s own.'],
    [{ frameUrl: 'https://evil.example/index.html', isMainFrame: true, webContentsId: 3 }, 'The call came from a page that is not Heron’s own.'],
    [{ frameUrl: 'heron://app/other.html', isMainFrame: true, webContentsId: 3 }, 'The call came from a page that is not Heron’s own.'],
    [{ frameUrl: 'file:///index.html', isMainFrame: true, webContentsId: 3 }, 'The call came from a page that is not Heron’s own.'],
  ])('refuses %j', (sender, reason) => {
    expect(isTrustedSender(sender, expected)).toEqual({ ok: false, reason });
  });

  it('refuses everyone while no main window exists', () => {
    expect(isTrustedSender({ frameUrl: 'heron://app/index.html', isMainFrame: true, webContentsId: 3 }, { ...expected, webContentsId: null }).ok).toBe(false);
  });
});

describe('isAppPage', () => {
  it('compares parsed URLs, not strings', () => {
    expect(isAppPage('HERON://APP/index.html', 'heron://app/index.html')).toBe(true);
    expect(isAppPage('heron://app/x/../index.html', 'heron://app/index.html')).toBe(true);
    expect(isAppPage('heron://app/%69ndex.html', 'heron://app/index.html')).toBe(false);
    expect(isAppPage('heron://user@app/index.html', 'heron://app/index.html')).toBe(false);
    expect(isAppPage('not a url', 'heron://app/index.html')).toBe(false);
    expect(isAppPage('file:///a/out/renderer/index.html', 'file:///a/out/renderer/index.html')).toBe(true);
  });
});
