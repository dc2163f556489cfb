/**
 * Settings → Search: rebuild the search index, for a person whose index is damaged (results that
 * miss mail they can see). The rebuild runs in the store worker; the window stays usable, and its
 * progress is kept here, outside the view, so leaving Settings and coming back still shows it.
 */
import { create } from 'zustand';
import { rebuildSearch } from '../../data/search/client';

type RebuildState =
  | { readonly kind: 'idle' }
  | { readonly kind: 'running'; readonly indexed: number; readonly total: number | null }
  | { readonly kind: 'done'; readonly indexed: number }
  | { readonly kind: 'failed'; readonly message: string };

const useRebuild = create<{ state: RebuildState; start(): void }>()((set, get) => ({
  state: { kind: 'idle' },
  start: () => {
    if (get().state.kind === 'running') return;
    set({ state: { kind: 'running', indexed: 0, total: null } });
    void rebuildSearch((indexed, total) => set({ state: { kind: 'running', indexed, total } })).then((end) =>
      set({ state: end.ok ? { kind: 'done', indexed: end.indexed } : { kind: 'failed', message: end.message } }),
    );
  },
}));

function messages(n: number): string {
  return `${n.toLocaleString()} message${n === 1 ? '' : 's'}`;
}

export function SearchIndexSettings() {
  const { state, start } = useRebuild();
  const running = state.kind === 'running';
  return (
    <section aria-labelledby="search-index-title">
      <h2 id="search-index-title">Search</h2>
      <p>
        The search index is built from the mail Heron stores. If a search misses mail you can see, rebuild it: your mail is untouched, and you can
        keep reading and filing meanwhile.
      </p>
      <button type="button" className="button" onClick={start} disabled={running}>
        Rebuild the search index
      </button>
      <div role="status" aria-live="polite" className="search-rebuild-status">
        {state.kind === 'running' ? (
          <>
            <progress aria-label="Rebuilding the search index" {...(state.total ? { value: state.indexed, max: state.total } : {})} />{' '}
            {state.total === null ? 'Starting the rebuild…' : `Rebuilding: ${state.indexed.toLocaleString()} of ${messages(state.total)} indexed…`}
          </>
        ) : state.kind === 'done' ? (
          `The search index was rebuilt: ${messages(state.indexed)} indexed.`
        ) : state.kind === 'failed' ? (
          state.message
        ) : null}
      </div>
    </section>
  );
}
