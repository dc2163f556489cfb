/**
 * The main window's size and position, remembered between runs (issue 2 §3). Stored as a small
 * JSON file in userData, written atomically (temp file, fsync, rename) so a crash mid-write
 * leaves the old file, never half of one. On restore the rectangle is clamped to a display that
 * exists now: a window saved on an unplugged monitor must not open off-screen.
 */
import { randomBytes } from 'node:crypto';
import { open, readFile, rename, rm } from 'node:fs/promises';
import { MIN_WINDOW } from './window-options';

export interface Rect {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

export interface SavedWindowState extends Rect {
  readonly maximized: boolean;
}

/** What the window opens with; no x/y means "let the OS center it". */
export interface WindowBounds {
  readonly x?: number;
  readonly y?: number;
  readonly width: number;
  readonly height: number;
  readonly maximized: boolean;
}

export interface DisplayArea {
  /** The display's work area: its bounds minus task bars and docks. */
  readonly workArea: Rect;
}

export const DEFAULT_WINDOW = { width: 1200, height: 800 } as const;
/** How much of the saved window must overlap a display for it to count as visible there. */
const MIN_VISIBLE = { width: 160, height: 80 } as const;
const MAX_STATE_FILE = 4096;

function isCoordinate(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value) && Math.abs(value) <= 1_000_000;
}

/** Reads a state file's text; anything malformed is ignored (the defaults are a fine answer). */
export function parseWindowState(text: string): SavedWindowState | null {
  if (text.length > MAX_STATE_FILE) return null;
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    return null;
  }
  if (typeof data !== 'object' || data === null) return null;
  const d = data as Record<string, unknown>;
  if (!isCoordinate(d.x) || !isCoordinate(d.y) || !isCoordinate(d.width) || !isCoordinate(d.height)) return null;
  if (d.width <= 0 || d.height <= 0) return null;
  return { x: d.x, y: d.y, width: d.width, height: d.height, maximized: d.maximized === true };
}

function overlap(a: Rect, b: Rect): { width: number; height: number } {
  const width = Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x);
  const height = Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y);
  return { width: Math.max(0, width), height: Math.max(0, height) };
}

function fitSize(width: number, height: number, area: Rect): { width: number; height: number } {
  return {
    width: Math.max(Math.min(width, area.width), Math.min(MIN_WINDOW.width, area.width)),
    height: Math.max(Math.min(height, area.height), Math.min(MIN_WINDOW.height, area.height)),
  };
}

/**
 * Where the window opens. `displays[0]` is the primary display. With no usable saved state the
 * default size (shrunk to fit the primary display) is returned without a position.
 */
export function restoreWindowBounds(saved: SavedWindowState | null, displays: readonly DisplayArea[]): WindowBounds {
  const primary = displays[0]?.workArea;
  if (primary === undefined) {
    return saved === null
      ? { ...DEFAULT_WINDOW, maximized: false }
      : { width: Math.max(saved.width, MIN_WINDOW.width), height: Math.max(saved.height, MIN_WINDOW.height), maximized: saved.maximized };
  }
  if (saved === null) return { ...fitSize(DEFAULT_WINDOW.width, DEFAULT_WINDOW.height, primary), maximized: false };

  // The display the window overlaps most is the one it was on.
  let best: { area: Rect; size: number } | null = null;
  for (const display of displays) {
    const o = overlap(saved, display.workArea);
    const size = o.width * o.height;
    if (o.width >= Math.min(MIN_VISIBLE.width, saved.width) && o.height >= Math.min(MIN_VISIBLE.height, saved.height) && (best === null || size > best.size)) {
      best = { area: display.workArea, size };
    }
  }
  if (best === null) {
    // Its display is gone: keep the size (fitted), let the OS center it on the primary display.
    return { ...fitSize(saved.width, saved.height, primary), maximized: saved.maximized };
  }
  const area = best.area;
  const size = fitSize(saved.width, saved.height, area);
  // Shift (never shrink further) so the whole window, title bar included, lies inside the work area.
  const x = Math.min(Math.max(saved.x, area.x), area.x + area.width - size.width);
  const y = Math.min(Math.max(saved.y, area.y), area.y + area.height - size.height);
  return { x, y, ...size, maximized: saved.maximized };
}

export async function readWindowState(file: string): Promise<SavedWindowState | null> {
  try {
    return parseWindowState(await readFile(file, 'utf8'));
  } catch {
    return null;
  }
}

/** Atomic replace: the file holds either the old state or the new one, never a torn write. */
export async function writeWindowState(file: string, state: SavedWindowState): Promise<void> {
  const text = `${JSON.stringify({ x: state.x, y: state.y, width: state.width, height: state.height, maximized: state.maximized })}\n`;
  const temp = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  const handle = await open(temp, 'w', 0o600);
  try {
    await handle.writeFile(text, 'utf8');
    await handle.sync();
  } finally {
    await handle.close();
  }
  try {
    await rename(temp, file);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
}
