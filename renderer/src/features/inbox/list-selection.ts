/**
 * Which rows are selected, as in every desktop list: a click selects one, Ctrl/⌘-click toggles
 * one, Shift-click or Shift-arrow extends from the anchor. Pure, over row indexes, so a test can
 * pin it; ids are resolved by the caller (the list only has the rows on screen).
 */
export interface Selection {
  /** Selected row indexes. */
  readonly indexes: ReadonlySet<number>;
  /** Where a Shift-extension starts. */
  readonly anchor: number | null;
  /** The row with keyboard focus. */
  readonly cursor: number | null;
  /** Ids of the selected rows when the selection was made (see use-list-actions ActionTarget). */
  readonly ids?: ReadonlySet<string> | null;
}

/**
 * Records the ids of the selected rows, or null when any of them is not loaded. A row may stand
 * for several messages (a conversation's row in the conversation list).
 */
export function pinIds(s: Selection, idAt: (index: number) => string | readonly string[] | undefined): Selection {
  if (s.indexes.size > 2000) return { ...s, ids: null };
  const ids = new Set<string>();
  for (const i of s.indexes) {
    const id = idAt(i);
    if (id === undefined) return { ...s, ids: null };
    if (typeof id === 'string') ids.add(id);
    else for (const one of id) ids.add(one);
  }
  return { ...s, ids };
}

export const EMPTY_SELECTION: Selection = { indexes: new Set(), anchor: null, cursor: null };

export type SelectGesture = 'single' | 'toggle' | 'extend';

function range(a: number, b: number): Set<number> {
  const out = new Set<number>();
  for (let i = Math.min(a, b); i <= Math.max(a, b); i++) out.add(i);
  return out;
}

export function select(s: Selection, index: number, gesture: SelectGesture): Selection {
  if (gesture === 'toggle') {
    const indexes = new Set(s.indexes);
    if (indexes.has(index)) indexes.delete(index);
    else indexes.add(index);
    return { indexes, anchor: index, cursor: index };
  }
  if (gesture === 'extend' && s.anchor !== null) return { indexes: range(s.anchor, index), anchor: s.anchor, cursor: index };
  return { indexes: new Set([index]), anchor: index, cursor: index };
}

/** Keys that move the cursor; null for keys that do not. */
export function moveTarget(key: string, cursor: number | null, count: number, pageRows: number): number | null {
  if (count === 0) return null;
  const at = cursor ?? -1;
  const next: Record<string, number> = {
    ArrowDown: at + 1,
    j: at + 1,
    ArrowUp: at - 1,
    k: at - 1,
    Home: 0,
    End: count - 1,
    PageDown: at + pageRows,
    PageUp: at - pageRows,
  };
  const target = next[key];
  return target === undefined ? null : Math.max(0, Math.min(count - 1, target));
}

/** After rows were removed (deleted, moved), where the cursor lands: the row that took its place. */
export function afterRemoval(cursor: number | null, newCount: number): Selection {
  if (cursor === null || newCount === 0) return EMPTY_SELECTION;
  const at = Math.min(cursor, newCount - 1);
  return { indexes: new Set([at]), anchor: at, cursor: at };
}

/**
 * The row to show once the selected rows leave the list (deleted, moved, restored), as
 * Thunderbird picks it: the first row below the last one removed, else the nearest one left
 * above. `before` is its index now, `after` its index once the rows are gone; null when no row
 * is left.
 */
export function successor(indexes: ReadonlySet<number>, count: number): { before: number; after: number } | null {
  if (indexes.size === 0) return null;
  let max = -1;
  for (const i of indexes) if (i > max) max = i;
  let pick = max + 1 < count ? max + 1 : -1;
  for (let i = Math.min(max, count) - 1; pick < 0 && i >= 0; i--) if (!indexes.has(i)) pick = i;
  if (pick < 0) return null;
  let removedAbove = 0;
  for (const i of indexes) if (i < pick) removedAbove += 1;
  return { before: pick, after: pick - removedAbove };
}

/** One row selected at `index`, pinned to its id. */
export function only(index: number, id: string): Selection {
  return { indexes: new Set([index]), anchor: index, cursor: index, ids: new Set([id]) };
}
