// Renders build/icon.svg to the PNG sizes the installers need and packs them into icon.ico
// (Windows) and icon.icns (macOS). Both containers hold PNG entries, which Windows Vista+ and
// macOS 10.7+ read. Run `node build/make-icons.mjs` after changing the SVG; outputs are committed.
// Uses Playwright with Debian's Chromium (HERON_CHROMIUM overrides the path).
import { chromium } from '@playwright/test';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const svg = readFileSync(path.join(here, 'icon.svg'), 'utf8');
const sizes = [16, 24, 32, 48, 64, 128, 256, 512, 1024];

const browser = await chromium.launch({ executablePath: process.env.HERON_CHROMIUM ?? '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu'] });
const png = {};
try {
  for (const size of sizes) {
    const page = await browser.newPage({ viewport: { width: size, height: size }, deviceScaleFactor: 1 });
    const sized = svg.replace('width="1024" height="1024"', `width="${size}" height="${size}"`);
    await page.setContent(`<!doctype html><style>html,body{margin:0;background:transparent}svg{display:block}</style>${sized}`);
    png[size] = await page.screenshot({ omitBackground: true, clip: { x: 0, y: 0, width: size, height: size } });
    await page.close();
  }
} finally {
  await browser.close();
}

// Linux: electron-builder reads a folder of NxN.png files.
mkdirSync(path.join(here, 'icons'), { recursive: true });
for (const size of sizes) writeFileSync(path.join(here, 'icons', `${size}x${size}.png`), png[size]);
writeFileSync(path.join(here, 'icon.png'), png[512]);

// ICO: ICONDIR, then one 16-byte ICONDIRENTRY per image, then the PNG bytes.
function ico(list) {
  const header = Buffer.alloc(6 + 16 * list.length);
  header.writeUInt16LE(0, 0);
  header.writeUInt16LE(1, 2);
  header.writeUInt16LE(list.length, 4);
  let offset = header.length;
  list.forEach((size, i) => {
    const e = 6 + 16 * i;
    header.writeUInt8(size >= 256 ? 0 : size, e);
    header.writeUInt8(size >= 256 ? 0 : size, e + 1);
    header.writeUInt16LE(1, e + 4);
    header.writeUInt16LE(32, e + 6);
    header.writeUInt32LE(png[size].length, e + 8);
    header.writeUInt32LE(offset, e + 12);
    offset += png[size].length;
  });
  return Buffer.concat([header, ...list.map((s) => png[s])]);
}
writeFileSync(path.join(here, 'icon.ico'), ico([16, 24, 32, 48, 64, 128, 256]));

// ICNS: 'icns' + total length, then (OSType, length incl. 8-byte header, PNG) per entry.
function icns(entries) {
  const chunks = entries.map(([type, size]) => {
    const head = Buffer.alloc(8);
    head.write(type, 0, 'ascii');
    head.writeUInt32BE(8 + png[size].length, 4);
    return Buffer.concat([head, png[size]]);
  });
  const head = Buffer.alloc(8);
  head.write('icns', 0, 'ascii');
  head.writeUInt32BE(8 + chunks.reduce((n, c) => n + c.length, 0), 4);
  return Buffer.concat([head, ...chunks]);
}
writeFileSync(path.join(here, 'icon.icns'), icns([['icp4', 16], ['icp5', 32], ['icp6', 64], ['ic07', 128], ['ic08', 256], ['ic09', 512], ['ic10', 1024]]));
console.log(`icons written: ${sizes.join(', ')} px, icon.ico, icon.icns`);
