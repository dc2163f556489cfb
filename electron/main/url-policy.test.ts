import { describe, expect, it } from 'vitest';
import { checkExternalUrl } from './url-policy';

describe('checkExternalUrl', () => {
  it.each([
    ['https://example.com/a?b=c#d', 'https://example.com/a?b=c#d'],
    ['http://example.com', 'http://example.com/'],
    ['HTTPS://EXAMPLE.COM/X', 'https://example.com/X'],
    ['mailto:alice@example.com?subject=Hi%20there', 'mailto:alice@example.com?subject=Hi%20there'],
    // IDN: the OS gets the ASCII (punycode) form, so what opens is what the policy saw.
    ['https://bücher.example/', 'https://xn--bcher-kva.example/'],
    ['https://xn--80ak6aa92e.com/', 'https://xn--80ak6aa92e.com/'],
  ])('opens %s as %s', (raw, expected) => {
    expect(checkExternalUrl(raw)).toEqual({ ok: true, url: expected });
  });

  it.each([
    ['javascript:alert(1)', 'Links of type "javascript" are not opened.'],
    ['JaVaScRiPt:alert(1)', 'Links of type "javascript" are not opened.'],
    ['vbscript:msgbox(1)', 'Links of type "vbscript" are not opened.'],
    ['data:text/html,<script>alert(1)</script>', 'Links of type "data" are not opened.'],
    ['file:///etc/passwd', 'Links of type "file" are not opened.'],
    ['ftp://example.com/', 'Links of type "ftp" are not opened.'],
    ['smb://host/share', 'Links of type "smb" are not opened.'],
    ['heron://app/index.html', 'Links of type "heron" are not opened.'],
    ['https://user:pass@example.com/', 'Links that carry a user name or password are not opened.'],
    ['https://bank.example@evil.example/', 'Links that carry a user name or password are not opened.'],
    [' https://example.com', 'The link contains spaces or control characters.'],
    ['https://example.com/\n', 'The link contains spaces or control characters.'],
    ['java\tscript:alert(1)', 'The link contains spaces or control characters.'],
    ['https://exa mple.com', 'The link contains spaces or control characters.'],
    ['https://example.com/\u0000', 'The link contains spaces or control characters.'],
    ['https://example.com/\u00a0', 'The link contains spaces or control characters.'],
    ['example.com', 'The link is not a valid address.'],
    ['', 'The link is not a valid address.'],
    ['https://', 'The link is not a valid address.'],
  ])('refuses %j', (raw, reason) => {
    expect(checkExternalUrl(raw)).toEqual({ ok: false, reason });
  });

  it('refuses a link longer than 8192 characters and accepts one at the limit', () => {
    const base = 'https://example.com/';
    expect(checkExternalUrl(base + 'a'.repeat(8192 - base.length))).toEqual({ ok: true, url: base + 'a'.repeat(8192 - base.length) });
    expect(checkExternalUrl(base + 'a'.repeat(8193 - base.length))).toEqual({ ok: false, reason: 'The link is too long to open safely.' });
  });
});
