import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('.', import.meta.url));

// The renderer is loaded from file:// in the app and from http://127.0.0.1 in the e2e harness:
// relative asset URLs work for both.
export default defineConfig({
  root,
  base: './',
  plugins: [react()],
  build: {
    outDir: fileURLToPath(new URL('../out/renderer', import.meta.url)),
    emptyOutDir: true,
    target: 'chrome130',
    sourcemap: true,
    // No inline scripts or modulepreload polyfill: the CSP allows only 'self' scripts.
    modulePreload: { polyfill: false },
    assetsInlineLimit: 0,
    // `bench:fetch --profile` builds readable function names into its CPU profiles.
    minify: process.env.HERON_NO_MINIFY !== '1',
  },
  server: { host: '127.0.0.1' },
});
