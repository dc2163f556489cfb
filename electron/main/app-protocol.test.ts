import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { APP_URL, isAppUrl, resolveAppAsset } from './app-protocol';

const root = path.resolve('/srv/heron/out/renderer');

describe('resolveAppAsset', () => {
  it('maps app URLs to files under the renderer folder', () => {
    expect(resolveAppAsset(APP_URL, root)).toEqual({ ok: true, file: path.join(root, 'index.html'), contentType: 'text/html; charset=utf-8' });
    expect(resolveAppAsset('heron://app/', root)).toEqual({ ok: true, file: path.join(root, 'index.html'), contentType: 'text/html; charset=utf-8' });
    expect(resolveAppAsset('heron://app/assets/index-1.js?v=2#x', root)).toEqual({ ok: true, file: path.join(root, 'assets/index-1.js'), contentType: 'text/javascript; charset=utf-8' });
    expect(resolveAppAsset('heron://app/assets/a%20b.css', root)).toEqual({ ok: true, file: path.join(root, 'assets/a b.css'), contentType: 'text/css; charset=utf-8' });
  });

  it.each([
    ['heron://app/assets/..%2f..%2fsecret.js', 403],
    ['heron://app/..%5c..%5csecret.js', 400],
    ['heron://app/a%00.js', 400],
    ['heron://app/%E0%A4%A', 400],
    ['heron://other/index.html', 403],
    ['heron://user@app/index.html', 403],
    ['https://app/index.html', 403],
    ['heron://app/secret.key', 404],
    ['heron://app/noextension', 404],
  ])('refuses %s with %i', (url, status) => {
    const r = resolveAppAsset(url, root);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.status).toBe(status);
  });

  it('keeps dot segments the URL parser folds inside the root', () => {
    expect(resolveAppAsset('heron://app/%2e%2e/%2e%2e/etc/passwd.html', root)).toEqual({ ok: true, file: path.join(root, 'etc/passwd.html'), contentType: 'text/html; charset=utf-8' });
  });

  it('knows its own URLs', () => {
    expect(isAppUrl('heron://app/index.html#/x')).toBe(true);
    expect(isAppUrl('heron://appx/index.html')).toBe(false);
    expect(isAppUrl('HERON://APP/index.html')).toBe(true);
    expect(isAppUrl('garbage')).toBe(false);
  });
});
