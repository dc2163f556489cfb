/**
 * Where an attachment goes before the system's app opens it: one folder per run of Heron under
 * the system's temporary folder, readable by this user only (mkdtemp makes it 0700), a folder
 * per file inside so two files of one name never meet, each file read-only and never executable.
 * Removed when Heron quits; what an app still holds open goes with the system's temp cleanup.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

export class PrivateTempFiles {
  private root: Promise<string> | null = null;

  constructor(private readonly parent: string = os.tmpdir()) {}

  /** Writes the bytes under `name` (already a safe file name) and answers the file's path. */
  async write(name: string, bytes: Uint8Array): Promise<string> {
    this.root ??= mkdtemp(path.join(this.parent, 'heron-attachments-'));
    let root: string;
    try {
      root = await this.root;
    } catch (error) {
      this.root = null;
      throw error;
    }
    const dir = await mkdtemp(path.join(root, 'f-'));
    const file = path.join(dir, name);
    // 0400: an app that edits it says so, rather than the person losing changes kept in a temp copy.
    await writeFile(file, bytes, { mode: 0o400, flag: 'wx' });
    return file;
  }

  async removeAll(): Promise<void> {
    const root = this.root;
    this.root = null;
    if (!root) return;
    await rm(await root, { recursive: true, force: true }).catch(() => undefined);
  }
}
