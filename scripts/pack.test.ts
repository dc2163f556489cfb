/**
 * Packs the app the way `npm run dist` does (Linux, --dir) against a local stand-in Electron
 * distribution, so no network is needed, and checks what ships inside app.asar: the built app
 * and the runtime dependencies, and nothing of the sources, tests, source maps or dev tooling.
 * Also checks the cross-platform configuration and icon files that cannot be packed here.
 */
import { listPackage, extractFile } from '@electron/asar';
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const root = path.resolve(__dirname, '..');
const require = createRequire(import.meta.url);
const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as {
  main: string;
  dependencies: Record<string, string>;
  devDependencies: Record<string, string>;
};

interface BuilderConfig {
  appId: string;
  productName: string;
  executableName: string;
  files: string[];
  asar: boolean;
  protocols: Array<{ schemes: string[] }>;
  fileAssociations: Array<{ ext: string; mimeType: string }>;
  linux: { target: string[]; icon: string; mimeTypes: string[] };
  win: { target: string[]; icon: string };
  mac: { target: string[]; icon: string };
}
const config = require(path.join(root, 'build/electron-builder.config.cjs')) as BuilderConfig;

function run(command: string, args: string[], timeout: number) {
  const r = spawnSync(command, args, { cwd: root, encoding: 'utf8', timeout, env: { ...process.env, ELECTRON_SKIP_BINARY_DOWNLOAD: '1', CI: '1' } });
  if (r.status !== 0) throw new Error(`${command} ${args.join(' ')} failed (${r.status ?? r.signal}):\n${r.stdout}\n${r.stderr}`);
  return r;
}

describe('packaging configuration', () => {
  it('names the app and registers mailto and .eml', () => {
    expect(config.appId).toBe('mail.heron.desktop');
    expect(config.productName).toBe('Heron Mail');
    expect(config.asar).toBe(true);
    expect(config.protocols.flatMap((p) => p.schemes)).toEqual(['mailto']);
    expect(config.fileAssociations).toEqual([expect.objectContaining({ ext: 'eml', mimeType: 'message/rfc822' })]);
    expect(config.linux.target).toEqual(['AppImage', 'deb']);
    expect(config.linux.mimeTypes).toEqual(['x-scheme-handler/mailto', 'message/rfc822']);
    expect(config.win.target).toEqual(['nsis']);
    expect(config.mac.target).toEqual(['dmg']);
    expect(pkg.main).toBe('out/main/main.cjs');
    expect(Object.keys(pkg.dependencies).sort()).toEqual(['mailparser', 'nodemailer']);
  });

  it('has real icons: PNG sizes for Linux, a PNG-entry ICO and ICNS', () => {
    for (const size of [16, 32, 48, 64, 128, 256, 512, 1024]) {
      const png = readFileSync(path.join(root, config.linux.icon, `${size}x${size}.png`));
      expect(png.subarray(1, 4).toString('ascii')).toBe('PNG');
      // IHDR width and height.
      expect([png.readUInt32BE(16), png.readUInt32BE(20)]).toEqual([size, size]);
    }
    const ico = readFileSync(path.join(root, config.win.icon));
    expect([ico.readUInt16LE(0), ico.readUInt16LE(2), ico.readUInt16LE(4)]).toEqual([0, 1, 7]);
    const sizes = Array.from({ length: 7 }, (_, i) => ico.readUInt8(6 + 16 * i) || 256);
    expect(sizes).toEqual([16, 24, 32, 48, 64, 128, 256]);
    for (let i = 0; i < 7; i += 1) {
      const offset = ico.readUInt32LE(6 + 16 * i + 12);
      expect(ico.subarray(offset + 1, offset + 4).toString('ascii')).toBe('PNG');
    }
    const icns = readFileSync(path.join(root, config.mac.icon));
    expect(icns.subarray(0, 4).toString('ascii')).toBe('icns');
    expect(icns.readUInt32BE(4)).toBe(icns.length);
    const types: string[] = [];
    for (let at = 8; at < icns.length; at += icns.readUInt32BE(at + 4)) types.push(icns.subarray(at, at + 4).toString('ascii'));
    expect(types).toEqual(['icp4', 'icp5', 'icp6', 'ic07', 'ic08', 'ic09', 'ic10']);
  });
});

describe('electron-builder --dir --linux', () => {
  let work = '';
  let asar = '';
  let entries: string[] = [];

  beforeAll(() => {
    work = mkdtempSync(path.join(tmpdir(), 'heron-pack-'));
    // A stand-in Electron: builder copies the unpacked distribution and renames the executable.
    const dist = path.join(work, 'electron-dist');
    mkdirSync(path.join(dist, 'resources'), { recursive: true });
    writeFileSync(path.join(dist, 'electron'), '#!/bin/sh\necho stand-in electron\n');
    chmodSync(path.join(dist, 'electron'), 0o755);
    writeFileSync(path.join(dist, 'version'), require('electron/package.json').version);
    run(process.execPath, ['scripts/build.mjs'], 240_000);
    run(process.execPath, [
      path.join(root, 'node_modules/electron-builder/cli.js'),
      '--dir',
      '--linux',
      '--config',
      'build/electron-builder.config.cjs',
      `-c.electronDist=${dist}`,
      `-c.directories.output=${path.join(work, 'dist')}`,
      '--publish',
      'never',
    ], 240_000);
    asar = path.join(work, 'dist/linux-unpacked/resources/app.asar');
    entries = listPackage(asar, { isPack: false }).map((p) => p.replace(/\\/g, '/'));
  }, 600_000);

  afterAll(() => {
    if (work) rmSync(work, { recursive: true, force: true });
  });

  it('produces the renamed executable and an asar', () => {
    expect(existsSync(path.join(work, 'dist/linux-unpacked/heron-mail'))).toBe(true);
    expect(existsSync(asar)).toBe(true);
  });

  it('ships the built main, preload and renderer, and package.json pointing at main', () => {
    expect(entries).toEqual(expect.arrayContaining(['/out/main/main.cjs', '/out/preload/preload.cjs', '/out/renderer/index.html', '/package.json']));
    const shipped = JSON.parse(extractFile(asar, 'package.json').toString('utf8')) as { main: string };
    expect(shipped.main).toBe('out/main/main.cjs');
    expect(entries).toContain(`/${shipped.main}`);
  });

  it('ships only out/, package.json and node_modules at the top', () => {
    const top = new Set(entries.map((p) => p.split('/')[1]));
    expect([...top].sort()).toEqual(['node_modules', 'out', 'package.json']);
  });

  it('ships the runtime dependencies', () => {
    expect(entries).toEqual(expect.arrayContaining(['/node_modules/mailparser/package.json', '/node_modules/nodemailer/package.json']));
  });

  it('ships no sources, tests or source maps', () => {
    expect(entries.filter((p) => /\.test\.|\.spec\./.test(p))).toEqual([]);
    expect(entries.filter((p) => /\.(ts|tsx|mts|cts)$/.test(p) && !p.endsWith('.d.ts'))).toEqual([]);
    expect(entries.filter((p) => p.startsWith('/out/') && p.endsWith('.map'))).toEqual([]);
    expect(entries.filter((p) => /^\/(electron|shared|renderer|scripts|e2e|build|docs)\//.test(p))).toEqual([]);
  });

  it('ships no devDependency (except what a runtime dependency itself needs)', () => {
    const shipped = new Set(entries.filter((p) => p.startsWith('/node_modules/')).map((p) => {
      const parts = p.split('/');
      return parts[2]?.startsWith('@') ? `${parts[2]}/${parts[3]}` : parts[2];
    }));
    // html-to-text, for one, is bundled into main for our own use and also required by mailparser.
    const lock = JSON.parse(readFileSync(path.join(root, 'package-lock.json'), 'utf8')) as { packages: Record<string, { dependencies?: Record<string, string> }> };
    const needed = new Set<string>();
    const visit = (name: string) => {
      if (needed.has(name)) return;
      needed.add(name);
      for (const dep of Object.keys(lock.packages[`node_modules/${name}`]?.dependencies ?? {})) visit(dep);
    };
    for (const dep of Object.keys(pkg.dependencies)) visit(dep);
    const devs = Object.keys(pkg.devDependencies);
    expect(devs).toEqual(expect.arrayContaining(['react', 'dexie', 'vitest', 'electron', 'typescript', 'esbuild']));
    expect(devs.filter((d) => shipped.has(d) && !needed.has(d))).toEqual([]);
  });
});
