/**
 * The list's order and density, kept in the settings store so they survive a restart. The
 * control shows a choice at once; the store confirms it a moment later through the live query.
 */
import { useState } from 'react';
import { saveSetting, useSetting } from '../../data/hooks';
import { DEFAULT_SORT, type ListSort } from '../../data/message-list-repo';
import { isListDensity, isListSort, type ListDensity } from '../../data/settings-repo';
import { COMPACT_ROW_HEIGHT, ROW_HEIGHT } from './MessageRow';
import { log } from '../../log/logger';

export interface ListPreferences {
  readonly sort: ListSort;
  setSort(sort: ListSort): void;
  readonly density: ListDensity;
  readonly rowHeight: number;
  /** The list shows conversations (collapsed, with counts) instead of one row per message. */
  readonly threads: boolean;
  setThreads(on: boolean): void;
}

export function useListPreferences(): ListPreferences {
  const storedSort = useSetting('listSort');
  const storedDensity = useSetting('listDensity');
  const storedThreads = useSetting('listThreads');
  const [chosen, setChosen] = useState<ListSort | null>(null);
  const [threadsChosen, setThreadsChosen] = useState<boolean | null>(null);
  const sort = chosen ?? (isListSort(storedSort) ? storedSort : DEFAULT_SORT);
  const density = isListDensity(storedDensity) ? storedDensity : 'comfortable';
  return {
    sort,
    setSort: (next) => {
      setChosen(next);
      // Not stored: the list still shows the order chosen, until the next start.
      saveSetting('listSort', next).catch((error: unknown) => log.warn('Could not store the list order', error));
    },
    density,
    rowHeight: density === 'compact' ? COMPACT_ROW_HEIGHT : ROW_HEIGHT,
    threads: threadsChosen ?? storedThreads === true,
    setThreads: (on) => {
      setThreadsChosen(on);
      saveSetting('listThreads', on).catch((error: unknown) => log.warn('Could not store the conversation view choice', error));
    },
  };
}
