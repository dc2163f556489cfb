/** Starts the store worker (worker.ts): the shell does, once, with the app's other background work. */
export function startStoreWorker(): Worker {
  return new Worker(new URL('./worker.ts', import.meta.url), { type: 'module', name: 'heron-store' });
}
