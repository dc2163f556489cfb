import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { LogSession } from '../../../shared/ipc/calls/connection-log';
import { ConnectionLogStore } from './log-store';

const dirs: string[] = [];
afterEach(async () => {
  for (const d of dirs.splice(0)) await rm(d, { recursive: true, force: true });
});

async function tempDir() {
  const d = await mkdtemp(path.join(os.tmpdir(), 'heron-log-store-'));
  dirs.push(d);
  return path.join(d, 'connection-logs');
}

const session = (n: number, text = `line ${n}`): LogSession => ({
  id: `s${n}`,
  side: 'incoming',
  purpose: 'test',
  host: 'pop.test',
  port: 995,
  security: 'tls',
  startedAt: n,
  endedAt: n + 1,
  error: null,
  lines: [{ ms: 0, dir: 'S', text }],
  omitted: 0,
});

describe('ConnectionLogStore', () => {
  it('keeps sessions per account across a restart (a new store on the same folder)', async () => {
    const dir = await tempDir();
    const a = new ConnectionLogStore(dir);
    await a.append('acct-1', session(1));
    await a.append('acct-1', session(2));
    await a.append('acct-2', session(3));
    const b = new ConnectionLogStore(dir);
    expect((await b.read('acct-1')).map((s) => s.id)).toEqual(['s1', 's2']);
    expect((await b.read('acct-2')).map((s) => s.id)).toEqual(['s3']);
    expect(await b.read('acct-3')).toEqual([]);
    expect((await readdir(dir)).sort()).toEqual(['acct-1.json', 'acct-2.json']);
  });

  it('drops the oldest sessions past the session limit and past the byte limit', async () => {
    const dir = await tempDir();
    const store = new ConnectionLogStore(dir, { maxSessions: 3, maxBytes: 100_000 });
    for (let i = 1; i <= 5; i += 1) await store.append('acct-1', session(i));
    expect((await store.read('acct-1')).map((s) => s.id)).toEqual(['s3', 's4', 's5']);

    const small = new ConnectionLogStore(await tempDir(), { maxSessions: 50, maxBytes: 2_100 });
    for (let i = 1; i <= 6; i += 1) await small.append('acct-1', session(i, 'y'.repeat(500)));
    const kept = await small.read('acct-1');
    expect(kept.map((s) => s.id)).toEqual(['s4', 's5', 's6']);
    expect((await readFile(path.join(small.dir, 'acct-1.json'))).byteLength).toBeLessThanOrEqual(2_100);
  });

  it('appends made at once all arrive, in order', async () => {
    const store = new ConnectionLogStore(await tempDir());
    await Promise.all([1, 2, 3, 4].map((i) => store.append('acct-1', session(i))));
    expect((await new ConnectionLogStore(store.dir).read('acct-1')).map((s) => s.id)).toEqual(['s1', 's2', 's3', 's4']);
  });

  it('clear removes the file; a damaged file reads as an empty log', async () => {
    const dir = await tempDir();
    const store = new ConnectionLogStore(dir);
    await store.append('acct-1', session(1));
    await store.clear('acct-1');
    expect(await readdir(dir)).toEqual([]);
    expect(await new ConnectionLogStore(dir).read('acct-1')).toEqual([]);
    await writeFile(path.join(dir, 'acct-2.json'), '{"version":1,"sessions":[{"id":');
    expect(await new ConnectionLogStore(dir).read('acct-2')).toEqual([]);
  });

  it('refuses an id that is not an account id (a path)', async () => {
    const store = new ConnectionLogStore(await tempDir());
    await expect(store.read('../secret-bindings')).rejects.toMatchObject({ code: 'EINVALID' });
    await expect(store.append('a/b', session(1))).rejects.toMatchObject({ code: 'EINVALID' });
  });
});
