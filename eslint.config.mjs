// Lint: typescript-eslint's recommended rules plus the layer rules of STYLE.md §1 — code runs where
// its folder says, and imports prove it.
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import { createNodeResolver, importX } from 'eslint-plugin-import-x';

const nodeBuiltins = ['node:*', 'fs', 'path', 'net', 'tls', 'os', 'crypto', 'child_process', 'worker_threads', 'stream', 'events', 'dns', 'http', 'https', 'url', 'util', 'buffer'];

export default tseslint.config(
  { ignores: ['out/**', 'dist/**', 'node_modules/**', '.cache/**', 'docs/**', 'test-results/**', 'playwright-report/**'] },
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      'no-console': 'off',
    },
  },
  {
    // Production code logs through its one logger (electron/core/log/logger.ts, renderer/src/log/logger.ts).
    files: ['electron/**/*.ts', 'renderer/**/*.{ts,tsx}', 'shared/**/*.ts'],
    ignores: ['**/*.test.ts', '**/*.test.tsx', '**/testing/**', '**/test-support.ts', '**/test-fixtures.ts', '**/test-harness.ts'],
    rules: { 'no-console': 'error' },
  },
  {
    files: ['shared/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [
          { group: nodeBuiltins, message: 'shared/ is pure: no Node modules.' },
          { group: ['electron', 'react', 'react-dom', 'dexie', '**/electron/**', '**/renderer/**'], message: 'shared/ imports nothing from the runtimes.' },
        ],
      }],
      'no-restricted-globals': ['error', 'window', 'document', 'navigator', 'indexedDB', 'process', 'Buffer', 'require'],
    },
  },
  {
    files: ['electron/core/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [
          { group: ['electron', 'electron/*'], message: 'electron/core is plain Node: it never imports electron.' },
          { group: ['**/main/**', '**/preload/**', '**/renderer/**'], message: 'electron/core does not depend on main, preload or the renderer.' },
        ],
      }],
    },
  },
  {
    // Only the thin shell touches Electron; everything else in main is plain Node that the e2e stand-in reuses.
    files: ['electron/main/**/*.ts'],
    ignores: ['electron/main/shell/**'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [
          { group: ['electron', 'electron/*'], message: 'Only electron/main/shell/ imports electron.' },
          { group: ['**/renderer/**'], message: 'main does not import renderer code.' },
        ],
      }],
    },
  },
  {
    files: ['renderer/src/**/*.{ts,tsx}'],
    ignores: ['renderer/src/bridge/**'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [
          { group: nodeBuiltins, message: 'The renderer has no Node.' },
          { group: ['electron', 'electron/*', '**/electron/**'], message: 'The renderer reaches main only through src/bridge.' },
        ],
      }],
      'no-restricted-globals': ['error', { name: 'heron', message: 'Use src/bridge, the only code that touches the preload API.' }],
      'no-restricted-properties': ['error', { object: 'window', property: 'heron', message: 'Use src/bridge, the only code that touches the preload API.' }],
    },
  },
  {
    files: ['renderer/src/bridge/**/*.{ts,tsx}'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [
          { group: nodeBuiltins, message: 'The renderer has no Node.' },
          { group: ['electron', 'electron/*', '**/electron/**'], message: 'The bridge talks to the preload API, never to Electron.' },
        ],
      }],
    },
  },
  {
    files: ['renderer/src/**/*.tsx'],
    plugins: { 'react-hooks': reactHooks },
    rules: {
      'react-hooks/rules-of-hooks': 'error',
      'react-hooks/exhaustive-deps': 'error',
    },
  },
  {
    // No import loops anywhere (issue 17): a module is read before the modules that use it. The rule
    // follows value imports only (import-x skips `import type`, which vanishes at runtime).
    files: ['**/*.{ts,tsx,mjs}'],
    plugins: { 'import-x': importX },
    settings: {
      'import-x/extensions': ['.ts', '.tsx', '.mjs', '.js'],
      'import-x/parsers': { '@typescript-eslint/parser': ['.ts', '.tsx'] },
      'import-x/resolver-next': [createNodeResolver({ extensions: ['.ts', '.tsx', '.mjs', '.js'] })],
    },
    rules: { 'import-x/no-cycle': ['error', { ignoreExternal: true }] },
  },
);
