/**
 * The fetch worker bundled as the app ships it (scripts/build.mjs makes out/main/fetch-worker.cjs),
 * into a temp dir, for tests that run real worker threads. Used by tests only.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { build } from 'esbuild';

export async function bundleFetchWorker(): Promise<{ path: string; dispose(): void }> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'heron-fetch-worker-'));
  const file = path.join(dir, 'fetch-worker.cjs');
  await build({
    entryPoints: [path.join(__dirname, '../../workers/fetch-worker.ts')],
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    outfile: file,
    external: ['electron'],
    logLevel: 'error',
  });
  return { path: file, dispose: () => rmSync(dir, { recursive: true, force: true }) };
}
