import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_WINDOW, parseWindowState, readWindowState, restoreWindowBounds, writeWindowState, type DisplayArea } from './window-state';

const laptop: DisplayArea = { workArea: { x: 0, y: 25, width: 1440, height: 875 } };
const rightMonitor: DisplayArea = { workArea: { x: 1440, y: 0, width: 2560, height: 1400 } };

describe('parseWindowState', () => {
  it('reads a well-formed state', () => {
    expect(parseWindowState('{"x":10,"y":20,"width":900,"height":600,"maximized":true}')).toEqual({ x: 10, y: 20, width: 900, height: 600, maximized: true });
  });
  it.each(['', 'not json', 'null', '[]', '{"x":1,"y":2,"width":3}', '{"x":"1","y":2,"width":3,"height":4}', '{"x":1.5,"y":2,"width":300,"height":400}',
    '{"x":1,"y":2,"width":0,"height":400}', '{"x":1e9,"y":2,"width":300,"height":400}', `{"x":1,"y":2,"width":300,"height":400,"pad":"${'a'.repeat(5000)}"}`])(
    'ignores %j', (text) => expect(parseWindowState(text)).toBeNull(),
  );
});

describe('restoreWindowBounds', () => {
  it('uses the default size, centered by the OS, without saved state', () => {
    expect(restoreWindowBounds(null, [rightMonitor])).toEqual({ ...DEFAULT_WINDOW, maximized: false });
  });
  it('shrinks the default to a small primary display', () => {
    expect(restoreWindowBounds(null, [{ workArea: { x: 0, y: 0, width: 1024, height: 700 } }])).toEqual({ width: 1024, height: 700, maximized: false });
  });
  it('restores a window that is fully visible exactly', () => {
    expect(restoreWindowBounds({ x: 1600, y: 100, width: 1200, height: 900, maximized: true }, [laptop, rightMonitor])).toEqual({ x: 1600, y: 100, width: 1200, height: 900, maximized: true });
  });
  it('pulls a window hanging off the edge back inside its display', () => {
    expect(restoreWindowBounds({ x: 1000, y: -50, width: 800, height: 600, maximized: false }, [laptop])).toEqual({ x: 640, y: 25, width: 800, height: 600, maximized: false });
  });
  it('fits a window larger than its display', () => {
    expect(restoreWindowBounds({ x: 0, y: 0, width: 3000, height: 2000, maximized: false }, [laptop])).toEqual({ x: 0, y: 25, width: 1440, height: 875, maximized: false });
  });
  it('moves a window whose monitor was unplugged to the primary display', () => {
    expect(restoreWindowBounds({ x: 2000, y: 200, width: 1200, height: 900, maximized: false }, [laptop])).toEqual({ width: 1200, height: 875, maximized: false });
  });
  it('does not count a sliver of overlap as visible', () => {
    expect(restoreWindowBounds({ x: 1400, y: 100, width: 800, height: 600, maximized: false }, [laptop])).toEqual({ width: 800, height: 600, maximized: false });
  });
  it('keeps the minimum size', () => {
    expect(restoreWindowBounds({ x: 100, y: 100, width: 200, height: 100, maximized: false }, [laptop])).toEqual({ x: 100, y: 100, width: 720, height: 480, maximized: false });
  });
});

describe('window state file', () => {
  let dir = '';
  afterEach(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('writes atomically and reads back, leaving no temp file', async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'heron-ws-'));
    const file = path.join(dir, 'window-state.json');
    await writeFile(file, 'old');
    await writeWindowState(file, { x: -5, y: 7, width: 900, height: 650, maximized: false });
    expect(await readFile(file, 'utf8')).toBe('{"x":-5,"y":7,"width":900,"height":650,"maximized":false}\n');
    expect(await readdir(dir)).toEqual(['window-state.json']);
    expect(await readWindowState(file)).toEqual({ x: -5, y: 7, width: 900, height: 650, maximized: false });
  });

  it('reads a missing or torn file as no state', async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'heron-ws-'));
    expect(await readWindowState(path.join(dir, 'nope.json'))).toBeNull();
    await writeFile(path.join(dir, 'torn.json'), '{"x":10,"y":2');
    expect(await readWindowState(path.join(dir, 'torn.json'))).toBeNull();
  });

  it('fails clearly and cleans up when the folder is gone', async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'heron-ws-'));
    await expect(writeWindowState(path.join(dir, 'missing', 'w.json'), { x: 0, y: 0, width: 800, height: 600, maximized: false })).rejects.toThrow(/ENOENT/);
    expect(await readdir(dir)).toEqual([]);
  });
});
