import { describe, expect, it } from 'vitest';
import { afterRemoval, EMPTY_SELECTION, moveTarget, pinIds, select, successor } from './list-selection';

const sorted = (s: ReadonlySet<number>) => [...s].sort((a, b) => a - b);

describe('list selection', () => {
  it('click selects one, ctrl toggles, shift extends from the anchor', () => {
    let s = select(EMPTY_SELECTION, 3, 'single');
    expect(sorted(s.indexes)).toEqual([3]);
    s = select(s, 6, 'extend');
    expect(sorted(s.indexes)).toEqual([3, 4, 5, 6]);
    s = select(s, 1, 'extend');
    expect(sorted(s.indexes)).toEqual([1, 2, 3]);
    s = select(s, 9, 'toggle');
    expect(sorted(s.indexes)).toEqual([1, 2, 3, 9]);
    s = select(s, 2, 'toggle');
    expect(sorted(s.indexes)).toEqual([1, 3, 9]);
    expect(s.anchor).toBe(2);
    // Shift without an anchor is a plain click.
    expect(sorted(select(EMPTY_SELECTION, 4, 'extend').indexes)).toEqual([4]);
  });

  it('arrows, j/k, Home/End and pages move within bounds', () => {
    expect(moveTarget('j', null, 10, 5)).toBe(0);
    expect(moveTarget('ArrowDown', 9, 10, 5)).toBe(9);
    expect(moveTarget('k', 0, 10, 5)).toBe(0);
    expect(moveTarget('End', 2, 10, 5)).toBe(9);
    expect(moveTarget('PageDown', 7, 10, 5)).toBe(9);
    expect(moveTarget('PageUp', 7, 10, 5)).toBe(2);
    expect(moveTarget('x', 3, 10, 5)).toBeNull();
    expect(moveTarget('j', null, 0, 5)).toBeNull();
  });

  it('after a removal the cursor stays where it was, clamped', () => {
    expect(afterRemoval(4, 10)).toMatchObject({ cursor: 4, anchor: 4 });
    expect(afterRemoval(9, 5).cursor).toBe(4);
    expect(afterRemoval(2, 0)).toBe(EMPTY_SELECTION);
  });

  it('pins the ids of the selected rows, or none when one is not loaded', () => {
    const ids = ['a', 'b', 'c', 'd'];
    const s = pinIds(select(select(EMPTY_SELECTION, 1, 'single'), 3, 'extend'), (i) => ids[i]);
    expect([...(s.ids ?? [])]).toEqual(['b', 'c', 'd']);
    expect(pinIds(select(EMPTY_SELECTION, 7, 'single'), (i) => ids[i]).ids).toBeNull();
  });

  it('after a delete, the row below the last one removed is shown; at the end, the nearest above', () => {
    // Rows 0..4; row 2 deleted: row 3 comes next, and is row 2 afterwards.
    expect(successor(new Set([2]), 5)).toEqual({ before: 3, after: 2 });
    // Rows 1 and 3 deleted: row 4, which becomes row 2.
    expect(successor(new Set([1, 3]), 5)).toEqual({ before: 4, after: 2 });
    // The last row: the one above it.
    expect(successor(new Set([4]), 5)).toEqual({ before: 3, after: 3 });
    // The last two and one in between: the nearest one left above the last.
    expect(successor(new Set([1, 3, 4]), 5)).toEqual({ before: 2, after: 1 });
    expect(successor(new Set([0, 1, 2]), 3)).toBeNull();
    expect(successor(new Set(), 3)).toBeNull();
  });
});
