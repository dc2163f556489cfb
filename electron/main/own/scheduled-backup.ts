/**
 * One scheduled backup, on disk (issue 20): written under a temporary name (`… .incomplete`),
 * read back and checked against its manifest, and only then renamed to its final name — so a
 * backup interrupted half-way is never taken for a whole one — and only then are the oldest
 * scheduled backups beyond "keep the last N" deleted. Backups the person made by hand in the same
 * folder are never touched: only folders named as scheduled ones, with a manifest, are counted.
 */
import { createReadStream } from 'node:fs';
import { open, readdir, readFile, rename, rm, stat } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import path from 'node:path';
import { HeronError } from '../../../shared/ipc/result';
import type { BackupRecord } from '../../../shared/model/own-mail';
import type { OwnMailStore } from '../store/link';
import { FILES, fileSha256, runBackup } from './backup';
import { readManifest } from './restore';
import { DEFAULT_SCHEDULE_STATE, type ScheduleState } from './schedule';

export const SCHEDULED_PREFIX = 'Heron scheduled backup ';
export const INCOMPLETE_SUFFIX = '.incomplete';

function stampOf(at: Date): string {
  const two = (n: number) => String(n).padStart(2, '0');
  return `${at.getFullYear()}-${two(at.getMonth() + 1)}-${two(at.getDate())} ${two(at.getHours())}${two(at.getMinutes())}${two(at.getSeconds())}`;
}

/** Reads a backup back: every file's size and SHA-256 as its manifest says, and as many messages listed as it counts. */
export async function verifyBackup(folder: string): Promise<void> {
  const manifest = await readManifest(folder);
  for (const [name, want] of Object.entries(manifest.files)) {
    const file = path.join(folder, name);
    const size = (await stat(file).catch(() => null))?.size;
    if (size !== want.size || (await fileSha256(file)) !== want.sha256) throw new HeronError('ESTORAGE', `The backup in ${folder} did not read back as it was written (${name} differs): the disk may be failing.`);
  }
  let listed = 0;
  for await (const line of createInterface({ input: createReadStream(path.join(folder, FILES.index), { encoding: 'utf8' }), crlfDelay: Infinity })) if (line !== '') listed += 1;
  if (listed !== manifest.messages) throw new HeronError('ESTORAGE', `The backup in ${folder} lists ${listed} messages where its manifest counts ${manifest.messages}.`);
}

/** The whole scheduled backups in `parent`, oldest first. */
export async function scheduledBackups(parent: string): Promise<string[]> {
  const found: Array<{ folder: string; createdAt: string }> = [];
  for (const entry of await readdir(parent, { withFileTypes: true })) {
    if (!entry.isDirectory() || !entry.name.startsWith(SCHEDULED_PREFIX) || entry.name.endsWith(INCOMPLETE_SUFFIX)) continue;
    const folder = path.join(parent, entry.name);
    const manifest = await readManifest(folder).catch(() => null);
    if (manifest) found.push({ folder, createdAt: manifest.createdAt });
  }
  return found.sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.folder.localeCompare(b.folder)).map((f) => f.folder);
}

export interface ScheduledRun {
  readonly parent: string;
  readonly keep: number;
  readonly app: string;
  readonly at: number;
}

/** Words for why the folder cannot take a backup. */
async function checkFolder(parent: string): Promise<void> {
  const info = await stat(parent).catch(() => null);
  if (!info?.isDirectory()) throw new HeronError('ENOTFOUND', `The backup folder is gone: ${parent}. Reconnect its disk, or choose another folder.`, { detail: { field: 'folder' } });
}

export async function runScheduledBackup(store: OwnMailStore, run: ScheduledRun, now: () => number = Date.now): Promise<{ folder: string; messages: number }> {
  await checkFolder(run.parent);
  // What an earlier run left half-written is never a backup: it goes.
  for (const name of await readdir(run.parent)) {
    if (name.startsWith(SCHEDULED_PREFIX) && name.endsWith(INCOMPLETE_SUFFIX)) await rm(path.join(run.parent, name), { recursive: true, force: true });
  }
  const taken = new Set(await readdir(run.parent));
  const base = `${SCHEDULED_PREFIX}${stampOf(new Date(run.at))}`;
  let name = base;
  for (let n = 2; taken.has(name) || taken.has(`${name}${INCOMPLETE_SUFFIX}`); n += 1) name = `${base} (${n})`;
  const temporary = `${name}${INCOMPLETE_SUFFIX}`;
  const outcome = await runBackup(store, { parent: run.parent, folderName: temporary, app: run.app }, now);
  const written = path.join(run.parent, temporary);
  if (outcome.cancelled) throw new HeronError('ESTORAGE', 'The scheduled backup was stopped before it was whole.');
  await verifyBackup(written);
  const folder = path.join(run.parent, name);
  await rename(written, folder);
  // Only now, with a whole, verified backup in place, do the oldest beyond N go.
  const whole = await scheduledBackups(run.parent);
  for (const old of whole.slice(0, Math.max(0, whole.length - run.keep))) await rm(old, { recursive: true, force: true });
  return { folder, messages: outcome.messages };
}

/** How a run ended, as the settings page shows it. */
export function recordOf(at: number, result: { folder: string; messages: number } | { error: unknown }): BackupRecord {
  if ('folder' in result) return { at, ok: true, folder: result.folder, messages: result.messages, error: null };
  const error = result.error;
  const code = error instanceof HeronError ? error.code : 'ESTORAGE';
  const message = error instanceof HeronError ? error.message : `The backup could not be written (${error instanceof Error ? error.message : String(error)}).`;
  return { at, ok: false, folder: null, messages: 0, error: { code, message } };
}

/** The schedule and the last run, kept in a small JSON file in main's user data (the folder is a path: never the window's). */
export function scheduleFile(file: string): { load(): Promise<ScheduleState>; save(state: ScheduleState): Promise<void> } {
  return {
    async load() {
      try {
        const kept = JSON.parse(await readFile(file, 'utf8')) as Partial<ScheduleState>;
        return { ...DEFAULT_SCHEDULE_STATE, ...kept, schedule: { ...DEFAULT_SCHEDULE_STATE.schedule, ...kept.schedule } };
      } catch {
        return DEFAULT_SCHEDULE_STATE;
      }
    },
    async save(state) {
      const partial = `${file}.partial`;
      const handle = await open(partial, 'w');
      try {
        await handle.writeFile(JSON.stringify(state, null, 2));
        await handle.sync();
      } finally {
        await handle.close();
      }
      await rename(partial, file);
    },
  };
}
