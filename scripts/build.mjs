// Builds the three parts of the app into out/: main (and its workers) and preload with esbuild as
// CommonJS for Electron, the renderer with Vite. `node scripts/build.mjs [main|renderer]`.
import { build as esbuild } from 'esbuild';
import { build as viteBuild } from 'vite';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const only = process.argv[2];

// Runtime dependencies main loads from node_modules (they ship in the package); everything else is bundled.
const external = ['electron', 'mailparser', 'nodemailer'];

async function buildMain() {
  const common = {
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    sourcemap: true,
    external,
    logLevel: 'warning',
    absWorkingDir: root,
  };
  await esbuild({
    ...common,
    entryPoints: {
      'main/main': 'electron/main/shell/main.ts',
      ...(await workerEntries()),
    },
    outdir: 'out',
    outExtension: { '.js': '.cjs' },
  });
  // A sandboxed preload can require only 'electron': bundle the contract into it.
  await esbuild({
    ...common,
    entryPoints: { 'preload/preload': 'electron/preload/preload.ts' },
    outdir: 'out',
    outExtension: { '.js': '.cjs' },
  });
}

async function workerEntries() {
  const { existsSync } = await import('node:fs');
  const entries = {};
  // Worker threads are separate bundles so they start without loading main's graph.
  const candidates = { 'main/fetch-worker': 'electron/main/workers/fetch-worker.ts' };
  for (const [name, file] of Object.entries(candidates)) {
    if (existsSync(path.join(root, file))) entries[name] = file;
  }
  return entries;
}

async function buildRenderer() {
  await viteBuild({ configFile: path.join(root, 'renderer/vite.config.ts'), logLevel: 'warn' });
}

if (!only || only === 'main') await buildMain();
if (!only || only === 'renderer') await buildRenderer();
