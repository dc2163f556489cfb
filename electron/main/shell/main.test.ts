/**
 * The shell's wiring, without Electron (which cannot run here): the real main.ts is bundled as
 * the build does and run against a recording fake of the `electron` module. Checks what the pure
 * modules cannot: that main actually installs every guard, in the right order, on the right
 * objects, and that IPC, the protocol, mailto forwarding and the window state work end to end.
 */
import { build } from 'esbuild';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CALL_NAMES, callChannel, eventChannel } from '../../../shared/ipc/contract';
import { STORE_PORT_CHANNEL } from '../../../shared/ipc/store-port';
import { APP_URL } from '../app-protocol';
import { APP_CSP } from '../csp';

type Fn = (...args: never[]) => unknown;
const root = path.resolve(__dirname, '../../..');
const nodeRequire = createRequire(import.meta.url);
let bundle = '';

beforeAll(async () => {
  const out = await build({
    entryPoints: [path.join(root, 'electron/main/shell/main.ts')],
    bundle: true, platform: 'node', format: 'cjs', target: 'node20', write: false, logLevel: 'silent',
    external: ['electron', 'mailparser', 'nodemailer'],
  });
  bundle = out.outputFiles[0]?.text ?? '';
});

class FakeEmitter {
  readonly listeners = new Map<string, Fn[]>();
  on(name: string, fn: Fn) {
    this.listeners.set(name, [...(this.listeners.get(name) ?? []), fn]);
    return this;
  }
  once(name: string, fn: Fn) {
    return this.on(name, fn);
  }
  fire(name: string, ...args: unknown[]) {
    for (const fn of this.listeners.get(name) ?? []) (fn as (...a: unknown[]) => unknown)(...args);
  }
}

function startShell(options: { lock?: boolean; argv?: string[]; platform?: string; isPackaged?: boolean }) {
  const dir = mkdtempSync(path.join(tmpdir(), 'heron-shell-'));
  mkdirSync(path.join(dir, 'out/main'), { recursive: true });
  mkdirSync(path.join(dir, 'out/renderer'), { recursive: true });
  mkdirSync(path.join(dir, 'userData'));
  writeFileSync(path.join(dir, 'out/renderer/index.html'), '<!doctype html><title>Heron Mail</title>');
  const rec = {
    order: [] as string[], ipc: new Map<string, Fn>(), ipcOn: new Map<string, Fn>(), windows: [] as FakeWindow[], sent: [] as Array<[string, unknown]>, opened: [] as string[],
    /** Ports main made (MessageChannelMain), and what it posted on them. */
    ports: [] as FakePort[],
    quit: 0, defaultProtocol: [] as string[], menu: null as unknown, schemes: [] as unknown[],
    permissionRequest: null as Fn | null, permissionCheck: null as Fn | null, devicePermission: null as Fn | null, beforeRequest: null as Fn | null, protocol: null as { scheme: string; fn: Fn } | null,
    /** The button the fake message box answers with (its index), and the questions it was asked. */
    messageBoxChoice: 0, messageBoxes: [] as Array<{ message: string; buttons: string[] }>,
  };
  let ready = false;
  let resolveReady = () => undefined as void;
  const readyPromise = new Promise<void>((r) => (resolveReady = r));
  const powerMonitor = new FakeEmitter();
  const app = Object.assign(new FakeEmitter(), {
    isPackaged: options.isPackaged ?? false,
    enableSandbox: () => rec.order.push('enableSandbox'),
    requestSingleInstanceLock: () => options.lock ?? true,
    quit: () => (rec.quit += 1),
    exit: (code: number) => rec.order.push(`exit ${code}`),
    getPath: () => path.join(dir, 'userData'),
    getVersion: () => '1.2.3',
    getName: () => 'Heron Mail',
    whenReady: () => readyPromise,
    isReady: () => ready,
    isDefaultProtocolClient: () => false,
    setAsDefaultProtocolClient: (p: string) => rec.defaultProtocol.push(p),
  });
  class FakeWindow extends FakeEmitter {
    static all: FakeWindow[] = [];
    static getAllWindows = () => FakeWindow.all;
    readonly mainFrame = { url: APP_URL, parent: null };
    readonly webContents = Object.assign(new FakeEmitter(), { id: 7, mainFrame: this.mainFrame, isDestroyed: () => false, send: (c: string, p: unknown) => rec.sent.push([c, p]) });
    url = '';
    focused = 0;
    constructor(readonly options: Record<string, unknown>) {
      super();
      FakeWindow.all.push(this);
      rec.windows.push(this);
    }
    loadURL = async (url: string) => void (this.url = url);
    maximize = () => undefined;
    show = () => undefined;
    focus = () => void (this.focused += 1);
    isMinimized = () => false;
    restore = () => undefined;
    isVisible = () => true;
    isMaximized = () => false;
    getNormalBounds = () => ({ x: 40, y: 50, width: 1000, height: 700 });
  }
  class FakePort extends FakeEmitter {
    readonly posted: unknown[] = [];
    other: FakePort | null = null;
    started = false;
    closed = false;
    postMessage(message: unknown) {
      this.posted.push(message);
    }
    start() {
      this.started = true;
    }
    close() {
      this.closed = true;
    }
  }
  class FakeChannel {
    readonly port1 = new FakePort();
    readonly port2 = new FakePort();
    constructor() {
      this.port1.other = this.port2;
      this.port2.other = this.port1;
      rec.ports.push(this.port1, this.port2);
    }
  }
  const electron = {
    app,
    BrowserWindow: FakeWindow,
    MessageChannelMain: FakeChannel,
    protocol: { registerSchemesAsPrivileged: (s: unknown) => rec.schemes.push({ s, beforeReady: !ready }) },
    session: {
      defaultSession: {
        setPermissionRequestHandler: (fn: Fn) => (rec.permissionRequest = fn),
        setPermissionCheckHandler: (fn: Fn) => (rec.permissionCheck = fn),
        setDevicePermissionHandler: (fn: Fn) => (rec.devicePermission = fn),
        webRequest: { onBeforeRequest: (fn: Fn) => (rec.beforeRequest = fn), onHeadersReceived: () => undefined },
        protocol: { handle: (scheme: string, fn: Fn) => (rec.protocol = { scheme, fn }) },
      },
    },
    shell: { openExternal: async (url: string) => void rec.opened.push(url), openPath: async () => '' },
    dialog: {
      showMessageBoxSync: (_win: unknown, o: { message: string; buttons: string[] }) => {
        rec.messageBoxes.push({ message: o.message, buttons: o.buttons });
        return rec.messageBoxChoice;
      },
    },
    screen: { getPrimaryDisplay: () => ({ id: 1, workArea: { x: 0, y: 0, width: 1920, height: 1080 } }), getAllDisplays: () => [{ id: 1, workArea: { x: 0, y: 0, width: 1920, height: 1080 } }] },
    Menu: { buildFromTemplate: (t: unknown) => ({ t }), setApplicationMenu: (m: unknown) => (rec.menu = m) },
    ipcMain: {
      handle: (c: string, fn: Fn) => rec.ipc.set(c, fn),
      removeHandler: (c: string) => rec.ipc.delete(c),
      on: (c: string, fn: Fn) => rec.ipcOn.set(c, fn),
      removeListener: (c: string) => rec.ipcOn.delete(c),
    },
    safeStorage: { isEncryptionAvailable: () => false, getSelectedStorageBackend: () => 'unknown', encryptString: () => Buffer.alloc(0), decryptString: () => '' },
    powerMonitor,
  };
  const fakeProcess = Object.create(process, { argv: { value: ['/opt/heron/heron-mail', ...(options.argv ?? [])] }, platform: { value: options.platform ?? 'linux' } });
  const req = (id: string) => (id === 'electron' ? electron : nodeRequire(id));
  const module = { exports: {} };
  new Function('require', 'module', 'exports', '__dirname', '__filename', 'process', bundle)(req, module, module.exports, path.join(dir, 'out/main'), path.join(dir, 'out/main/main.cjs'), fakeProcess);
  const fireReady = async () => {
    ready = true;
    resolveReady();
    // A second instance never opens a window: nothing to wait for.
    for (let i = 0; i < 200 && options.lock !== false && rec.windows[0]?.url !== APP_URL; i += 1) await new Promise((r) => setTimeout(r, 5));
    await new Promise((r) => setTimeout(r, 5));
  };
  return { dir, rec, app, powerMonitor, fireReady, dispose: () => rmSync(dir, { recursive: true, force: true }) };
}

const trustedEvent = (frame = { url: APP_URL, parent: null as unknown }, id = 7) => {
  const sender = { id, mainFrame: frame };
  return { sender, senderFrame: frame };
};

describe('shell main (with a fake electron)', () => {
  let shell: ReturnType<typeof startShell>;
  beforeAll(async () => {
    shell = startShell({ argv: ['--inspect', 'mailto:first@example.com?subject=Hi'] });
    expect(shell.rec.ipc.size).toBe(0);
    await shell.fireReady();
  });
  afterAll(() => shell.dispose());

  it('sandboxes every renderer and registers the app scheme before ready', () => {
    expect(shell.rec.order[0]).toBe('enableSandbox');
    expect(shell.rec.schemes).toEqual([{ s: [{ scheme: 'heron', privileges: { standard: true, secure: true, supportFetchAPI: true, corsEnabled: true } }], beforeReady: true }]);
  });

  it('registers exactly one IPC handler per contract call', () => {
    expect([...shell.rec.ipc.keys()].sort()).toEqual(CALL_NAMES.map(callChannel).sort());
  });

  it('opens one secure window on the app page', () => {
    expect(shell.rec.windows).toHaveLength(1);
    const win = shell.rec.windows[0];
    expect(win?.url).toBe(APP_URL);
    expect(win?.options.webPreferences).toMatchObject({ contextIsolation: true, sandbox: true, nodeIntegration: false, webSecurity: true, webviewTag: false, preload: path.join(shell.dir, 'out/preload/preload.cjs') });
    expect(shell.rec.menu).not.toBeNull();
    expect(shell.rec.defaultProtocol).toEqual([]);
  });

  it('a page that vetoes closing (unsaved settings) gets a question; only "Close without saving" lets the window close', () => {
    const win = shell.rec.windows[0] as unknown as { webContents: FakeEmitter };
    const veto = (choice: number) => {
      shell.rec.messageBoxChoice = choice;
      let allowed = false;
      win.webContents.fire('will-prevent-unload', { preventDefault: () => (allowed = true) });
      return allowed;
    };
    expect(veto(0)).toBe(false);
    expect(veto(1)).toBe(true);
    expect(shell.rec.messageBoxes.at(-1)).toEqual({ message: 'Close Heron without saving your changes?', buttons: ['Keep editing', 'Close without saving'] });
  });

  it('denies every permission request and check', () => {
    const answers: boolean[] = [];
    (shell.rec.permissionRequest as (...a: unknown[]) => void)({}, 'media', (v: boolean) => answers.push(v));
    expect(answers).toEqual([false]);
    expect((shell.rec.permissionCheck as (...a: unknown[]) => boolean)({}, 'clipboard-read')).toBe(false);
    expect((shell.rec.devicePermission as (...a: unknown[]) => boolean)({ deviceType: 'usb' })).toBe(false);
    const cancel: unknown[] = [];
    (shell.rec.beforeRequest as (...a: unknown[]) => void)({ url: 'https://evil.example/x.js', resourceType: 'script' }, (r: unknown) => cancel.push(r));
    expect(cancel).toEqual([{ cancel: true }]);
  });

  it('serves the app with the CSP header and refuses what is not the app', async () => {
    expect(shell.rec.protocol?.scheme).toBe('heron');
    const handle = shell.rec.protocol?.fn as unknown as (r: Request) => Promise<Response>;
    const page = await handle(new Request(APP_URL));
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toBe(APP_CSP);
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(await page.text()).toBe(readFileSync(path.join(shell.dir, 'out/renderer/index.html'), 'utf8'));
    expect((await handle(new Request('heron://app/assets/..%2f..%2f..%2fuserData%2fsecrets.json'))).status).toBe(403);
    expect((await handle(new Request('heron://app/missing.js'))).status).toBe(404);
    expect((await handle(new Request(APP_URL, { method: 'POST', body: 'x' }))).status).toBe(405);
  });

  it('hardens every webContents: no webview, no navigation away, window.open only to the OS via the URL policy', () => {
    const contents = Object.assign(new FakeEmitter(), { openHandler: null as null | ((d: { url: string }) => unknown), setWindowOpenHandler(fn: (d: { url: string }) => unknown) { this.openHandler = fn; } });
    shell.app.fire('web-contents-created', {}, contents);
    const prevented: string[] = [];
    const ev = (name: string) => ({ preventDefault: () => prevented.push(name) });
    contents.fire('will-attach-webview', ev('webview'));
    contents.fire('will-navigate', ev('nav-out'), 'https://evil.example/');
    contents.fire('will-navigate', ev('nav-app'), 'heron://app/index.html#/x');
    contents.fire('will-frame-navigate', { ...ev('frame-out'), url: 'https://evil.example/', isMainFrame: false });
    contents.fire('will-frame-navigate', { ...ev('frame-srcdoc'), url: 'about:srcdoc', isMainFrame: false });
    contents.fire('will-redirect', ev('redirect'), 'https://evil.example/', false, true);
    expect(prevented).toEqual(['webview', 'nav-out', 'frame-out', 'redirect']);
    expect(contents.openHandler?.({ url: 'https://example.com/a' })).toEqual({ action: 'deny' });
    expect(contents.openHandler?.({ url: 'javascript:alert(1)' })).toEqual({ action: 'deny' });
    expect(contents.openHandler?.({ url: 'https://user:pw@example.com/' })).toEqual({ action: 'deny' });
    expect(shell.rec.opened).toEqual(['https://example.com/a']);
  });

  it('answers the main window top frame and refuses any other sender', async () => {
    const invoke = shell.rec.ipc.get(callChannel('getAppInfo')) as unknown as (e: unknown, i: unknown) => Promise<unknown>;
    expect(await invoke(trustedEvent(), undefined)).toEqual({ ok: true, value: { name: 'Heron Mail', version: '1.2.3', runtime: 'electron', platform: process.platform } });
    const forbidden = { ok: false, error: expect.objectContaining({ code: 'EFORBIDDEN' }) };
    expect(await invoke({ sender: { id: 7, mainFrame: {} }, senderFrame: { url: 'about:srcdoc', parent: {} } }, undefined)).toEqual(forbidden);
    expect(await invoke(trustedEvent(undefined, 99), undefined)).toEqual(forbidden);
    expect(await invoke(trustedEvent({ url: 'https://evil.example/index.html', parent: null }), undefined)).toEqual(forbidden);
    expect(await invoke({ sender: { id: 7 }, senderFrame: null }, undefined)).toEqual(forbidden);
  });

  it('writes main\u2019s log into the user-data folder: a refused sender is a warning there', () => {
    const log = readFileSync(path.join(shell.dir, 'userData/logs/heron.log'), 'utf8');
    expect(log).toMatch(/ WARN  ipc: Refused getAppInfo from an untrusted sender: .+\n/);
  });

  it('hands the main window\'s top frame a store port on request, and nobody else; what comes back on it is checked', async () => {
    const ask = shell.rec.ipcOn.get(STORE_PORT_CHANNEL) as unknown as (e: unknown) => void;
    const sentPorts: unknown[][] = [];
    const asking = (frame?: { url: string; parent: unknown }, id?: number) => {
      const event = trustedEvent(frame, id);
      return { ...event, sender: { ...event.sender, postMessage: (channel: string, message: unknown, ports: unknown[]) => sentPorts.push([channel, message, ports]) } };
    };
    ask(asking({ url: 'about:srcdoc', parent: {} }));
    ask(asking(undefined, 99));
    expect(sentPorts).toEqual([]);
    ask(asking());
    expect(sentPorts).toHaveLength(1);
    const [channel, message, ports] = sentPorts[0] as [string, unknown, unknown[]];
    expect([channel, message]).toEqual([STORE_PORT_CHANNEL, null]);
    // The window gets one end; main's store link keeps the other and listens on it.
    const mine = (ports[0] as { other: { started: boolean; listeners: Map<string, Fn[]>; posted: unknown[]; fire: (n: string, ...a: unknown[]) => void } }).other;
    expect(mine.started).toBe(true);
    expect(mine.listeners.get('message')).toHaveLength(1);
    // Main checks what the window sends on it, as it checks IPC payloads: a garbled message is refused, and logged.
    mine.fire('message', { data: { type: 'committed', commitId: 'x', committed: 'yes' } });
    const log = readFileSync(path.join(shell.dir, 'userData/logs/heron.log'), 'utf8');
    expect(log).toMatch(/ WARN  store: Heron's store port sent a message main refused: committed: must be true or false\n/);
  });

  it('forwards mailto links from its own argv and from a second instance, once each', async () => {
    const take = shell.rec.ipc.get(callChannel('takePendingMailto')) as unknown as (e: unknown, i: unknown) => Promise<unknown>;
    expect(await take(trustedEvent(), undefined)).toEqual({ ok: true, value: ['mailto:first@example.com?subject=Hi'] });
    const win = shell.rec.windows[0];
    const focusedBefore = win?.focused ?? 0;
    shell.app.fire('second-instance', {}, ['/opt/heron/heron-mail', '--flag', 'mailto:second@example.com', '/etc/passwd']);
    await new Promise((r) => setTimeout(r, 10));
    expect(win?.focused).toBe(focusedBefore + 1);
    expect(shell.rec.windows).toHaveLength(1);
    expect(shell.rec.sent).toContainEqual([eventChannel('mailtoRequested'), { pending: 1 }]);
    expect(await take(trustedEvent(), undefined)).toEqual({ ok: true, value: ['mailto:second@example.com'] });
  });

  it('tells the window when the machine wakes from sleep, so the Outbox sends what fell due meanwhile', async () => {
    const before = shell.rec.sent.filter(([c]) => c === eventChannel('systemResumed')).length;
    shell.powerMonitor.fire('resume');
    const resumed = shell.rec.sent.filter(([c]) => c === eventChannel('systemResumed'));
    expect(resumed).toHaveLength(before + 1);
    expect((resumed.at(-1)?.[1] as { at: number }).at).toBeGreaterThan(Date.now() - 5_000);
  });

  it('remembers the window bounds on close and quits when the last window closes (not macOS)', async () => {
    shell.rec.windows[0]?.fire('close');
    const file = path.join(shell.dir, 'userData/window-state.json');
    let text = '';
    for (let i = 0; i < 200 && text === ''; i += 1) {
      try {
        text = readFileSync(file, 'utf8');
      } catch {
        await new Promise((r) => setTimeout(r, 5));
      }
    }
    expect(JSON.parse(text)).toEqual({ x: 40, y: 50, width: 1000, height: 700, maximized: false });
    shell.app.fire('window-all-closed');
    expect(shell.rec.quit).toBe(1);
  });
});

describe('shell main when packaged', () => {
  it('registers itself as the mailto handler and offers no DevTools', async () => {
    const shell = startShell({ isPackaged: true });
    try {
      await shell.fireReady();
      expect(shell.rec.defaultProtocol).toEqual(['mailto']);
      expect(shell.rec.windows[0]?.options.webPreferences).toMatchObject({ devTools: false });
    } finally {
      shell.dispose();
    }
  });
});

describe('shell main as a second instance', () => {
  it('quits at once and sets nothing up', async () => {
    const shell = startShell({ lock: false, argv: ['mailto:x@example.com'] });
    try {
      await shell.fireReady();
      expect(shell.rec.quit).toBe(1);
      expect(shell.rec.ipc.size).toBe(0);
      expect(shell.rec.windows).toHaveLength(0);
    } finally {
      shell.dispose();
    }
  });
});

describe('shell main on macOS', () => {
  it('stays running when the last window closes and takes links from open-url', async () => {
    const shell = startShell({ platform: 'darwin' });
    try {
      const prevented: number[] = [];
      shell.app.fire('open-url', { preventDefault: () => prevented.push(1) }, 'mailto:mac@example.com');
      await shell.fireReady();
      shell.app.fire('window-all-closed');
      expect(shell.rec.quit).toBe(0);
      expect(prevented).toEqual([1]);
      const take = shell.rec.ipc.get(callChannel('takePendingMailto')) as unknown as (e: unknown, i: unknown) => Promise<unknown>;
      expect(await take(trustedEvent(), undefined)).toEqual({ ok: true, value: ['mailto:mac@example.com'] });
    } finally {
      shell.dispose();
    }
  });
});
