/**
 * Finds the Electron binary without `require('electron')`: that module tries to download the
 * binary when it is missing, which must never happen during a test run.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { ROOT } from './standin';

export function electronBinary(): string | null {
  const dir = path.join(ROOT, 'node_modules/electron');
  const pathFile = path.join(dir, 'path.txt');
  if (!existsSync(pathFile)) return null;
  const exe = path.join(dir, 'dist', readFileSync(pathFile, 'utf8').trim());
  return existsSync(exe) ? exe : null;
}

export const ELECTRON_MAIN = path.join(ROOT, 'out/main/main.cjs');
