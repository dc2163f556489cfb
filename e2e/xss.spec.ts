/**
 * The reader's sanitizer against hostile HTML, in a real browser, rendered exactly as the reader
 * renders it: buildReaderDocument → <iframe sandbox=READER_SANDBOX srcdoc=…>. For every payload:
 * no script runs (no postMessage, no top.__xss), no request leaves the page (the counting server
 * sees nothing, page.on('request') sees nothing), and no frame navigates away from about:srcdoc.
 * Standalone: plain `page` fixture, a tiny 127.0.0.1 server, sanitize.ts bundled by esbuild.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { expect, test, type Page } from '@playwright/test';
import { XSS_CORPUS } from './fixtures/xss-corpus';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));

interface RenderOutcome {
  blockedRemote: number;
  remoteHosts: string[];
  html: string;
  messages: string[];
  topFlag: boolean;
  frameUrls: string[];
}

declare global {
  interface Window {
    __xss?: unknown;
    __messages: string[];
    // The bundle's exports (renderer/src/features/reader/sanitize.ts), typed here because the e2e
    // project does not compile renderer code.
    heronReader: {
      READER_SANDBOX: string;
      buildReaderDocument(input: { html: string | null; text: string | null; allowRemote?: boolean; cidMap?: Record<string, string> }): Promise<{
        srcdoc: string;
        html: string;
        blockedRemote: number;
        remoteHosts: readonly string[];
      }>;
    };
  }
}

let server: Server;
let port = 0;
let bundle = '';
const serverHits: string[] = [];
let page: Page;
const pageRequests: string[] = [];

test.describe.configure({ mode: 'serial' });
// Chromium puts sandboxed frames in their own process, and Playwright's request events do not
// reach into it (the control test below proves the blindness). Keeping them in-process changes
// nothing the sandbox enforces and lets page-level request tracking see every request.
test.use({
  launchOptions: {
    executablePath: process.env.HERON_CHROMIUM ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-features=IsolateSandboxedIframes'],
  },
});
// A plain page is all this needs; the Electron project has no browser fixture to give it.
test.beforeAll(({}, info) => {
  test.skip(info.project.name !== 'chromium', 'standalone browser spec: runs in the chromium project only');
});

test.beforeAll(async ({ browser }) => {
  const out = await build({
    stdin: { contents: "export * from './renderer/src/features/reader/sanitize';", resolveDir: root, loader: 'ts' },
    bundle: true,
    format: 'iife',
    globalName: 'heronReader',
    platform: 'browser',
    write: false,
    logLevel: 'silent',
  });
  bundle = out.outputFiles[0]?.text ?? '';
  server = createServer((req, res) => {
    if (req.url === '/') {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end('<!doctype html><html><head><title>xss</title><script src="/bundle.js"></script></head><body></body></html>');
      return;
    }
    if (req.url === '/bundle.js') {
      res.writeHead(200, { 'content-type': 'text/javascript; charset=utf-8' });
      res.end(bundle);
      return;
    }
    serverHits.push(`${req.method} ${req.url}`);
    res.writeHead(204);
    res.end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;

  page = await browser.newPage();
  page.on('request', (r) => pageRequests.push(r.url()));
  await page.goto(`http://127.0.0.1:${port}/`);
  await page.evaluate(() => {
    window.__messages = [];
    window.addEventListener('message', (e) => window.__messages.push(String(e.data)));
  });
  expect(pageRequests).toEqual([`http://127.0.0.1:${port}/`, `http://127.0.0.1:${port}/bundle.js`]);
});

test.afterAll(async () => {
  await page?.close();
  if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
});

/**
 * How the frame is built: 'reader' exactly as the reader does (all three layers); 'sanitizer-only'
 * puts the sanitized markup in a frame that MAY run scripts and has no CSP, so the sanitizer is
 * proven on its own; 'raw' does the same with the unsanitized payload (the harness's control).
 */
type Layers = 'reader' | 'sanitizer-only' | 'raw';

async function render(
  html: string | null,
  text: string | null,
  options: { allowRemote?: boolean; cidMap?: Record<string, string> } = {},
  layers: Layers = 'reader',
): Promise<RenderOutcome> {
  const result = await page.evaluate(
    async ({ html, text, options, layers }) => {
      document.body.replaceChildren();
      window.__messages.length = 0;
      delete window.__xss;
      const { srcdoc, blockedRemote, remoteHosts, html: clean } = await window.heronReader.buildReaderDocument({ html, text, ...options });
      const frame = document.createElement('iframe');
      if (layers === 'reader') {
        frame.setAttribute('sandbox', window.heronReader.READER_SANDBOX);
        frame.srcdoc = srcdoc;
      } else {
        frame.setAttribute('sandbox', 'allow-scripts');
        frame.srcdoc = `<!doctype html><html><body>${layers === 'raw' ? (html ?? '') : clean}</body></html>`;
      }
      const loaded = new Promise((resolve) => frame.addEventListener('load', resolve, { once: true }));
      document.body.append(frame);
      await loaded;
      // Give timers, animations, refreshes and lazy loads their chance to misbehave.
      await new Promise((resolve) => setTimeout(resolve, 300));
      return { blockedRemote, remoteHosts: [...remoteHosts], html: clean, messages: [...window.__messages], topFlag: window.__xss !== undefined };
    },
    { html, text, options, layers },
  );
  const frameUrls = page.frames().filter((f) => f !== page.mainFrame()).map((f) => f.url());
  return { ...result, frameUrls };
}

function fill(template: string, id: string): string {
  const leak = `http://127.0.0.1:${port}/leak/${id}`;
  const xss = `parent.postMessage('xss:${id}','*');top.__xss=1;fetch('${leak}/fetch')`;
  return template.replaceAll('XSS', xss).replaceAll('LEAK', leak).replaceAll('PORT', String(port));
}

test('the corpus holds at least 50 hostile payloads with distinct ids', () => {
  expect(XSS_CORPUS.length).toBeGreaterThanOrEqual(50);
  expect(new Set(XSS_CORPUS.map((p) => p.id)).size).toBe(XSS_CORPUS.length);
});

test('control: the same harness does catch a script and a leak when nothing sanitizes', async () => {
  serverHits.length = 0;
  pageRequests.length = 0;
  const outcome = await render(fill('<img src="LEAK/pixel"><img src=x onerror="XSS">', 'control'), null, {}, 'raw');
  expect(outcome.messages).toEqual(['xss:control']);
  expect(serverHits).toContain('GET /leak/control/pixel');
  await expect.poll(() => pageRequests).toContain(`http://127.0.0.1:${port}/leak/control/pixel`);
});

for (const payload of XSS_CORPUS) {
  test(`hostile HTML is inert even where scripts may run (sanitizer alone): ${payload.id}`, async () => {
    serverHits.length = 0;
    pageRequests.length = 0;
    const outcome = await render(fill(payload.html, payload.id), null, {}, 'sanitizer-only');
    expect(outcome.messages, 'script ran and posted a message').toEqual([]);
    expect(serverHits, 'a request reached the counting server').toEqual([]);
    expect(pageRequests, 'the page made a request').toEqual([]);
    expect(outcome.frameUrls, 'a frame navigated').toEqual(['about:srcdoc']);
  });

  test(`hostile HTML is inert in the reader's frame: ${payload.id}`, async () => {
    serverHits.length = 0;
    pageRequests.length = 0;
    const outcome = await render(fill(payload.html, payload.id), null);
    expect(outcome.messages, 'script ran and posted a message').toEqual([]);
    expect(outcome.topFlag, 'script set top.__xss').toBe(false);
    expect(serverHits, 'a request reached the counting server').toEqual([]);
    expect(pageRequests, 'the page made a request').toEqual([]);
    expect(outcome.frameUrls, 'a frame navigated').toEqual(['about:srcdoc']);
    expect(page.url()).toBe(`http://127.0.0.1:${port}/`);
    if (payload.remote) {
      expect(outcome.blockedRemote, 'the blocked remote fetch was not counted').toBeGreaterThanOrEqual(1);
      expect(outcome.remoteHosts).toEqual(['127.0.0.1']);
    }
  });
}

test('counts every blocked image and names each host once', async () => {
  serverHits.length = 0;
  const html = `<img src="http://tracker.example/p.gif"><img src="https://cdn.example/a.png"><img srcset="https://cdn.example/b.png 2x"><p style="background:url(http://127.0.0.1:${port}/leak/bg)">x</p>`;
  const outcome = await render(html, null);
  expect(outcome.blockedRemote).toBe(4);
  expect(outcome.remoteHosts).toEqual(['tracker.example', 'cdn.example', '127.0.0.1']);
  expect(outcome.html).toBe('<img><img><img><p style="background:none">x</p>');
  expect(serverHits).toEqual([]);
});

test('with remote content allowed, https images stay, plain http and everything else stay blocked', async () => {
  const html = `<img src="https://cdn.example/a.png"><img src="http://127.0.0.1:${port}/leak/http-image"><link rel=stylesheet href="https://cdn.example/s.css"><script>parent.postMessage('xss','*')</script><form action="https://x.example"><input name=a></form>`;
  const outcome = await render(html, null, { allowRemote: true });
  expect(outcome.html).toBe('<img src="https://cdn.example/a.png"><img>');
  expect(outcome.blockedRemote).toBe(2);
  expect(outcome.messages).toEqual([]);
});

test('cid: references become the provided blob/data URLs; unknown ones are dropped', async () => {
  const png = 'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==';
  const outcome = await render('<img src="cid:logo@x"><img src="cid:missing@x"><td background="cid:logo@x"></td>', null, { cidMap: { 'logo@x': png } });
  expect(outcome.html).toBe(`<img src="${png}"><img>`);
  expect(outcome.blockedRemote).toBe(0);
});

test('links keep http(s) and mailto, open in a new window, and lose every other scheme', async () => {
  const outcome = await render('<a href="https://example.org/x?a=1&amp;b=2">w</a><a href="mailto:a@b.example">m</a><a href="javascript:alert(1)">j</a><a href="#top">f</a><a href="file:///etc/passwd">f</a>', null);
  expect(outcome.html).toBe(
    '<a href="https://example.org/x?a=1&amp;b=2" target="_blank" rel="noopener noreferrer" title="Opens https://example.org/x?a=1&amp;b=2">w</a>' +
      '<a href="mailto:a@b.example" target="_blank" rel="noopener noreferrer" title="Opens mailto:a@b.example">m</a><a>j</a><a href="#top">f</a><a>f</a>',
  );
});

test('plain text is escaped and its links made clickable', async () => {
  serverHits.length = 0;
  const outcome = await render(null, `<script>parent.postMessage('xss','*')</script>\nSee https://example.org/a_(b). Or mailto:x@y.example, not javascript:alert(1)`);
  expect(outcome.messages).toEqual([]);
  expect(outcome.html).toBe(
    '<div class="heron-text">&lt;script&gt;parent.postMessage(&#39;xss&#39;,&#39;*&#39;)&lt;/script&gt;\nSee ' +
      '<a href="https://example.org/a_(b)" target="_blank" rel="noopener noreferrer" title="Opens https://example.org/a_(b)">https://example.org/a_(b)</a>. Or ' +
      '<a href="mailto:x@y.example" target="_blank" rel="noopener noreferrer" title="Opens mailto:x@y.example">mailto:x@y.example</a>, not javascript:alert(1)</div>',
  );
});

test('the generated document carries the strict CSP', async () => {
  const doc = await page.evaluate(async () => (await window.heronReader.buildReaderDocument({ html: '<p>x</p>', text: null })).srcdoc);
  expect(doc).toContain(`<meta http-equiv="Content-Security-Policy" content="default-src 'none'; img-src data: blob:; style-src 'unsafe-inline'; font-src 'none'; media-src 'none'; form-action 'none'; base-uri 'none'">`);
  const allowed = await page.evaluate(async () => (await window.heronReader.buildReaderDocument({ html: '<p>x</p>', text: null, allowRemote: true })).srcdoc);
  expect(allowed).toContain("img-src data: blob: https:;");
});
