// @vitest-environment jsdom
/**
 * The reader's sanitizer on its own (the e2e XSS spec renders the same payloads in Chromium).
 * Each case asserts the exact output and what was counted as blocked remote content.
 *
 * jsdom's document.write does not continue a parse across calls as browsers do, so these tests
 * parse in one write (parseChars past the input's length); Chromium's chunked parse is covered
 * by the reader e2e specs and the open benchmark.
 */
import { describe, expect, it } from 'vitest';
import { buildReaderDocument, sanitizeHtml, type SanitizeOptions, type StepOptions } from './sanitize';

const ONE_WRITE = 1 << 30;

async function clean(html: string, options: SanitizeOptions & StepOptions = {}) {
  return sanitizeHtml(html, { ...options, parseChars: ONE_WRITE });
}

describe('sanitizeHtml removes what could run or navigate', () => {
  it.each([
    ['script elements', '<p>a</p><script>alert(1)</script>', '<p>a</p>'],
    ['event handlers', '<img src=x onerror=alert(1)><div onclick="x()" onmouseover=y>d</div><body onload=alert(1)>', '<img><div>d</div>'],
    ['javascript: URLs, obfuscated too', '<a href="javascript:alert(1)">j</a><a href=" jav&#x09;ascript:alert(1)">k</a><a href="JAVASCRIPT:x">l</a><img src="javascript:alert(1)">', '<a>j</a><a>k</a><a>l</a><img>'],
    ['forms and their controls (their text stays)', '<form action="https://evil.example/steal"><input name=p type=password><button formaction="https://e.example">go</button><select><option>o</option></select><textarea>t</textarea></form>', 'goot'],
    ['meta refresh', '<meta http-equiv="refresh" content="0;url=https://evil.example/"><p>x</p>', '<p>x</p>'],
    ['base href (relative URLs resolve nowhere)', '<base href="https://evil.example/"><a href="/x">x</a><img src="/y.png">', '<a>x</a><img>'],
    ['svg with script and xlink:href', '<svg><script>alert(1)</script><a xlink:href="javascript:alert(1)"><text>t</text></a></svg>', ''],
    ['the mathml/style namespace-confusion mXSS', '<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>', ''],
    ['noscript end-tag confusion', '<noscript><p title="</noscript><img src=x onerror=alert(1)>"></noscript>', '<img>"&gt;'],
    ['CSS expression(), behavior and -moz-binding', '<p style="width:expression(alert(1))">e</p><p style="behavior:url(x.htc);-moz-binding:url(https://m.example/x.xml#b)">b</p>', '<p style="width:none(alert(1))">e</p><p style=";">b</p>'],
    ['svg and non-raster data: URLs in images', '<img src="data:image/svg+xml,<svg onload=alert(1)>"><img src="data:image/png;base64,iVBORw0KGgo=">', '<img><img src="data:image/png;base64,iVBORw0KGgo=">'],
  ])('%s', async (_name, dirty, expected) => {
    expect((await clean(dirty)).html).toBe(expected);
  });

  it('gives every link its real target as a title and opens it in a new window', async () => {
    expect((await clean('<a href="https://shop.example/x">https://bank.example/</a><a href="#top">top</a>')).html).toBe(
      '<a href="https://shop.example/x" target="_blank" rel="noopener noreferrer" title="Opens https://shop.example/x">https://bank.example/</a><a href="#top">top</a>',
    );
  });
});

describe('remote content: blocked, counted with its host, and loaded when allowed where it safely can be', () => {
  it.each([
    // [name, dirty, blocked output, count, hosts, allowed output, still blocked when allowed]
    ['CSS url() in a style attribute', '<p style="background:url(https://t.example/x.png)">u</p>', '<p style="background:none">u</p>', 1, ['t.example'], '<p style="background:url(&quot;https://t.example/x.png&quot;)">u</p>', 0],
    ['CSS url() hidden by an escape', '<p style="background:u\\72l(https://esc.example/x.png)">u</p>', '<p style="background:none">u</p>', 1, ['esc.example'], '<p style="background:url(&quot;https://esc.example/x.png&quot;)">u</p>', 0],
    ['@import and url() in a style element', "<style>@import url(https://i.example/s.css); p{background:url('https://bg.example/x.png')}</style><p>s</p>", '<style> p{background:none}</style><p>s</p>', 2, ['i.example', 'bg.example'], '<style> p{background:url("https://bg.example/x.png")}</style><p>s</p>', 1],
    ['a stylesheet <link>', '<link rel="stylesheet" href="https://l.example/s.css"><p>l</p>', '<p>l</p>', 1, ['l.example'], '<p>l</p>', 1],
    ['srcset', '<img srcset="https://s.example/1.png 1x, https://s.example/2.png 2x" src="https://s.example/0.png">', '<img>', 3, ['s.example'], '<img srcset="https://s.example/1.png 1x, https://s.example/2.png 2x" src="https://s.example/0.png">', 0],
    ['<picture><source srcset>', '<picture><source srcset="https://p.example/a.webp" type="image/webp"><img src="https://p.example/a.png" alt="a"></picture>', '<picture><source type="image/webp"><img alt="a"></picture>', 2, ['p.example'], '<picture><source srcset="https://p.example/a.webp" type="image/webp"><img src="https://p.example/a.png" alt="a"></picture>', 0],
    ['a background attribute', '<table background="https://tb.example/bg.png"><tbody><tr><td>t</td></tr></tbody></table>', '<table><tbody><tr><td>t</td></tr></tbody></table>', 1, ['tb.example'], '<table background="https://tb.example/bg.png"><tbody><tr><td>t</td></tr></tbody></table>', 0],
    ["the body's background and style (kept on a wrapper)", '<body background="https://body.example/bg.png" style="color:red" bgcolor="#eeeeee"><p>b</p></body>', '<div style="color:red" bgcolor="#eeeeee"><p>b</p></div>', 1, ['body.example'], '<div style="color:red" background="https://body.example/bg.png" bgcolor="#eeeeee"><p>b</p></div>', 0],
    ['svg <image> and <use>, removed with the svg', '<svg><image href="https://t.example/i.png"/><use xlink:href="https://u.example/s.svg#a"/></svg>', '', 2, ['t.example', 'u.example'], '', 2],
    ['frames, objects, embeds and media', '<iframe src="https://f.example/"></iframe><object data="https://o.example/x"></object><embed src="https://e.example/x"><video poster="https://v.example/p.png"><source src="https://v.example/v.mp4"></video>', '', 5, ['f.example', 'o.example', 'e.example', 'v.example'], '', 5],
    ['plain-http images stay blocked even when allowed', '<img src="http://h.example/x.png">', '<img>', 1, ['h.example'], '<img>', 1],
    ['fonts', '<style>@font-face{font-family:x;src:url(https://font.example/f.woff)}</style>', '<style></style>', 1, ['font.example'], '<style></style>', 1],
  ])('%s', async (_name, dirty, blockedHtml, count, hosts, allowedHtml, stillBlocked) => {
    const blocked = await clean(dirty);
    expect(blocked.html).toBe(blockedHtml);
    expect(blocked.blockedRemote).toBe(count);
    expect(blocked.remoteHosts).toEqual(hosts);
    const allowed = await clean(dirty, { allowRemote: true });
    expect(allowed.html).toBe(allowedHtml);
    expect(allowed.blockedRemote).toBe(stillBlocked);
  });

  it('shows cid: images from the stored parts only', async () => {
    const r = await clean('<img src="cid:logo@x"><img src="cid:other@x">', { cidMap: { 'logo@x': 'data:image/png;base64,AAAA' } });
    expect(r.html).toBe('<img src="data:image/png;base64,AAAA"><img>');
    expect(r.blockedRemote).toBe(0);
  });
});

describe('in steps: the same result whatever the step size', () => {
  function deep(levels: number, width: number): string {
    let inner = '<p style="background:url(https://deep.example/x.png)" onclick="x()">leaf <a href="https://a.example/">a</a><script>bad()</script></p>';
    for (let i = 0; i < levels; i++) inner = `<div class="l${i}">${Array.from({ length: width }, () => inner).join('')}<form><b>in form</b></form></div>`;
    // A large subtree DOMPurify removes with its content (video), remote images inside.
    const dropped = `<video>${Array.from({ length: 20 }, () => '<p>in video <img src="https://ns.example/x.png"></p>').join('')}</video>`;
    return `<table><tr><td>${inner}</td></tr></table><svg><image href="https://svg.example/i.png"/></svg>${dropped}`;
  }

  it('splits a large tree into shells and batches with the output of one pass', async () => {
    const dirty = deep(4, 3);
    const whole = await clean(dirty, { batchNodes: 1_000_000 });
    expect(whole.blockedRemote).toBe(102);
    for (const batchNodes of [1, 2, 7, 50]) {
      const sliced = await clean(dirty, { batchNodes });
      expect(sliced.html).toBe(whole.html);
      expect(sliced.blockedRemote).toBe(whole.blockedRemote);
      expect(sliced.remoteHosts).toEqual(whole.remoteHosts);
    }
    expect(whole.html).not.toContain('script');
    expect(whole.html).not.toContain('onclick');
    expect(whole.html).not.toContain('<form');
    expect(whole.html).not.toContain('in video');
  });

  it('stops at the next step when the message is closed', async () => {
    const controller = new AbortController();
    const pending = sanitizeHtml(deep(5, 3), { parseChars: ONE_WRITE, batchNodes: 1, sliceMs: 0, signal: controller.signal });
    controller.abort();
    await expect(pending).rejects.toMatchObject({ name: 'AbortError' });
  });

  it('builds plain text in steps of whole lines, links clickable', async () => {
    const text = `${'line of text\n'.repeat(20_000)}see https://example.org/x.\n`;
    const r = await buildReaderDocument({ html: null, text });
    expect(r.srcdoc).toContain(`<body><div class="heron-text">${'line of text\n'.repeat(20_000)}see <a href="https://example.org/x" target="_blank" rel="noopener noreferrer" title="Opens https://example.org/x">https://example.org/x</a>.\n</div></body>`);
  });
});

describe('mail in Junk: links disabled', () => {
  it('an HTML link keeps its text and leads nowhere; remote images stay blocked', async () => {
    const r = await clean('<a href="https://phish.example/login">Verify your account</a><img src="https://t.example/p.gif">', { linksDisabled: true });
    expect(r.html).toBe('<a title="Links are disabled in Junk">Verify your account</a><img>');
    expect(r.blockedRemote).toBe(1);
  });

  it('a URL in plain text is not made a link', async () => {
    const doc = await buildReaderDocument({ html: null, text: 'go to https://phish.example/login now', linksDisabled: true });
    expect(doc.srcdoc).toContain('<div class="heron-text">go to https://phish.example/login now</div>');
  });
});
