import { describe, expect, it } from 'vitest';
import { makeAccount } from '../../data/test-fixtures';
import type { FolderRow } from '../../data/rows';
import { nestTargets } from './folder-actions';
import { matchTargets, pickerTargets } from './MovePicker';

const f = (id: string, name: string, accountId: string | null, parentId: string | null = null): FolderRow => ({
  id: `f:${id}`,
  name,
  accountId,
  parentId: parentId === null ? null : `f:${parentId}`,
  createdAt: 0,
});

const FOLDERS = [f('p', 'Projects', 'a1'), f('h', 'Heron', 'a1', 'p'), f('b', 'Bugs', 'a1', 'h'), f('r', 'Receipts', 'a1'), f('x', 'Receipts', 'a2'), f('k', 'Keep', null)];

describe('the Move to… picker', () => {
  it('offers the fixed folders, the account\'s own folders as paths, then Local Folders, never the folder on screen', () => {
    const targets = pickerTargets([makeAccount('a1')], FOLDERS, 'f:r');
    expect(targets.map((t) => `${t.name}|${t.where}`)).toEqual(['Inbox|', 'Sent|', 'Trash|', 'Projects|', 'Projects / Heron|', 'Projects / Heron / Bugs|', 'Keep|Local Folders']);
  });

  it('type-ahead: a folder whose own name starts with the text first, then any that contains it', () => {
    const targets = pickerTargets([makeAccount('a1'), makeAccount('a2', 1)], FOLDERS, 'inbox');
    expect(matchTargets(targets, 'rec').map((t) => `${t.name}|${t.where}`)).toEqual(['Receipts|Account a1', 'Receipts|Account a2']);
    expect(matchTargets(targets, 'bu').map((t) => t.name)).toEqual(['Projects / Heron / Bugs']);
    expect(matchTargets(targets, 'her').map((t) => t.name)).toEqual(['Projects / Heron', 'Projects / Heron / Bugs']);
    expect(matchTargets(targets, 'local').map((t) => t.name)).toEqual(['Keep']);
    expect(matchTargets(targets, 'zzz')).toEqual([]);
  });

  it('a folder is nested anywhere in its own account but inside itself, or back to the top', () => {
    const heron = FOLDERS[1]!;
    expect(nestTargets(FOLDERS, heron, 'Folders').map((t) => `${t.name}|${t.parentId}`)).toEqual(['Folders (top level)|null', 'Receipts|f:r']);
  });
});
