import { describe, expect, it } from 'vitest';
import { imageUrl, linkUrl, neverFetched, newContext, readerCsp, sanitizeCss, srcset } from './sanitize-policy';

const PNG = 'data:image/png;base64,iVBORw0KGgo=';

describe('imageUrl', () => {
  it.each([
    ['http remote', 'http://t.example/p.gif', null, 1, ['t.example']],
    ['https remote', 'https://cdn.example/a.png', null, 1, ['cdn.example']],
    ['protocol-relative', '//t.example/p.gif', null, 1, ['t.example']],
    ['upper-case scheme with spaces', '  HTTPS://CDN.Example/a.png', null, 1, ['cdn.example']],
    ['control characters inside the scheme', 'ht\ttp://t.example/x', null, 1, ['t.example']],
    ['raster data: image', PNG, PNG, 0, []],
    ['svg data: image', 'data:image/svg+xml,<svg/>', null, 0, []],
    ['data: html', 'data:text/html,<script>', null, 0, []],
    ['javascript:', 'javascript:alert(1)', null, 0, []],
    ['relative (would resolve against the app)', 'images/a.png', null, 0, []],
    ['blob: from the message', 'blob:https://x/1', null, 0, []],
  ])('%s', (_name, url, kept, blocked, hosts) => {
    const ctx = newContext(false);
    expect(imageUrl(url, ctx)).toBe(kept);
    expect(ctx.blocked).toBe(blocked);
    expect([...ctx.hosts]).toEqual(hosts);
  });

  it('with remote allowed keeps https, still blocks plain http', () => {
    const ctx = newContext(true);
    expect(imageUrl('https://cdn.example/a.png', ctx)).toBe('https://cdn.example/a.png');
    expect(imageUrl('http://cdn.example/a.png', ctx)).toBeNull();
    expect(ctx.blocked).toBe(1);
  });

  it('maps cid: references, with or without angle brackets and escapes', () => {
    const ctx = newContext(false, { 'logo@x': 'blob:heron/1' });
    expect(imageUrl('cid:logo@x', ctx)).toBe('blob:heron/1');
    expect(imageUrl('CID:%3Clogo@x%3E', ctx)).toBe('blob:heron/1');
    expect(imageUrl('cid:other@x', ctx)).toBeNull();
    expect(ctx.blocked).toBe(0);
  });
});

describe('srcset', () => {
  it('drops blocked candidates, keeps the rest with their descriptors, counts each', () => {
    const ctx = newContext(true);
    expect(srcset('http://a.example/1.png 1x, https://b.example/2.png 2x', ctx)).toBe('https://b.example/2.png 2x');
    expect(ctx.blocked).toBe(1);
    expect([...ctx.hosts]).toEqual(['a.example']);
  });

  it('removes the attribute when nothing survives', () => {
    const ctx = newContext(false);
    expect(srcset('https://a.example/1.png 1x, https://b.example/2.png 2x', ctx)).toBeNull();
    expect(ctx.blocked).toBe(2);
  });
});

describe('linkUrl', () => {
  it.each([
    ['https://example.org/a?b=1', 'https://example.org/a?b=1'],
    ['mailto:a@b.example', 'mailto:a@b.example'],
    ['#section', '#section'],
    ['java\nscript:alert(1)', null],
    ['javascript:alert(1)', null],
    ['data:text/html,x', null],
    ['file:///etc/passwd', null],
    ['relative/path', null],
  ])('%j → %j', (url, expected) => {
    expect(linkUrl(url)).toBe(expected);
  });
});

describe('sanitizeCss', () => {
  it.each([
    ['a remote background', 'p{background:url(http://t.example/x)}', 'p{background:none}', 1],
    ['quoted url', `p{background:url("https://t.example/x")}`, 'p{background:none}', 1],
    ['escaped url(', 'p{background:\\75 rl(http://t.example/x)}', 'p{background:none}', 1],
    ['@import string', '@import "http://t.example/s.css"; p{color:red}', ' p{color:red}', 1],
    ['@import url()', '@import url(http://t.example/s.css) screen;', '', 1],
    ['@font-face', '@font-face{font-family:f;src:url(https://t.example/f.woff)}p{font-family:f}', 'p{font-family:f}', 1],
    ['image-set', `p{background-image:image-set('https://t.example/a.png' 1x)}`, 'p{background-image:none}', 1],
    ['expression()', 'p{width:expression(alert(1))}', 'p{width:none(alert(1))}', 0],
    ['behavior', 'p{behavior:url(x.htc);color:red}', 'p{;color:red}', 0],
    ['comments are removed first', 'p{background:u/**/rl(http://t.example/x)}', 'p{background:u rl(http://t.example/x)}', 0],
    ['a closing style tag inside', 'p{}</style><script>', 'p{}><script>', 0],
  ])('%s', (_name, css, expected, blocked) => {
    const ctx = newContext(false);
    expect(sanitizeCss(css, ctx)).toBe(expected);
    expect(ctx.blocked).toBe(blocked);
  });

  it('keeps allowed and inline images, rewritten to a plain quoted url()', () => {
    const ctx = newContext(true, { 'bg@x': 'blob:heron/2' });
    expect(sanitizeCss('a{background:url(cid:bg@x)} b{background:url(https://c.example/b.png)}', ctx)).toBe(
      'a{background:url("blob:heron/2")} b{background:url("https://c.example/b.png")}',
    );
    expect(ctx.blocked).toBe(0);
  });
});

describe('neverFetched and the CSP', () => {
  it('counts remote stylesheets, fonts and media even with remote content allowed', () => {
    const ctx = newContext(true);
    expect(neverFetched('https://t.example/s.css', ctx)).toBeNull();
    expect(neverFetched('relative.css', ctx)).toBeNull();
    expect(ctx.blocked).toBe(1);
  });

  it('admits https images only when allowed', () => {
    expect(readerCsp(false)).toBe("default-src 'none'; img-src data: blob:; style-src 'unsafe-inline'; font-src 'none'; media-src 'none'; form-action 'none'; base-uri 'none'");
    expect(readerCsp(true)).toContain('img-src data: blob: https:;');
  });
});
