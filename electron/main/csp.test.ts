import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { isAppUrl } from './app-protocol';
import { APP_CSP, withAppCsp } from './csp';

describe('APP_CSP', () => {
  it('is the same policy as the meta tag in renderer/index.html', () => {
    const html = readFileSync(path.join(__dirname, '../../renderer/index.html'), 'utf8');
    const meta = /http-equiv="Content-Security-Policy"\s+content="([^"]+)"/.exec(html)?.[1];
    expect(meta).toBe(APP_CSP);
  });

  it('allows no remote origin except https images (for mail the person allowed), and no inline or eval script', () => {
    expect(APP_CSP).toMatch(/^default-src 'none';/);
    expect(APP_CSP).toContain("script-src 'self';");
    expect(APP_CSP).toContain("img-src 'self' data: blob: https:;");
    expect(APP_CSP).toContain("style-src 'self' 'unsafe-inline';");
    const withoutAllowances = APP_CSP.replace("img-src 'self' data: blob: https:;", '').replace("style-src 'self' 'unsafe-inline';", '');
    expect(withoutAllowances).not.toMatch(/https?:|\*|unsafe-inline|unsafe-eval|wasm-unsafe-eval/);
    expect(APP_CSP).toContain("object-src 'none'");
    expect(APP_CSP).toContain("base-uri 'none'");
  });
});

describe('withAppCsp', () => {
  it('sets the policy on app pages and replaces any other policy', () => {
    expect(withAppCsp('heron://app/index.html', { 'content-security-policy': ["default-src *"], 'Content-Type': ['text/html'] }, isAppUrl)).toEqual({
      'Content-Type': ['text/html'],
      'Content-Security-Policy': [APP_CSP],
      'X-Content-Type-Options': ['nosniff'],
    });
  });
  it('leaves other responses alone apart from dropping a CSP', () => {
    expect(withAppCsp('https://img.example/a.png', { 'Content-Type': 'image/png' }, isAppUrl)).toEqual({ 'Content-Type': 'image/png' });
    expect(withAppCsp('https://img.example/a.png', undefined, isAppUrl)).toEqual({});
  });
});
