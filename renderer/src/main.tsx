import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { connectStorePort } from './bridge/store-port';
import { getDb } from './data/db';
import { requestPersistentStorage } from './data/persistence';
import { App } from './features/shell/App';
import './ui/theme.css';

// Ask once per start: the answer can change (the person may clear site data), and the settings page shows it.
void requestPersistentStorage(getDb(), navigator.storage).catch((error: unknown) => {
  console.error('Could not record the storage persistence answer', error);
});

// What mail brings is written by the store worker, off this thread (README, "Architecture").
connectStorePort(new Worker(new URL('./data/store/worker.ts', import.meta.url), { type: 'module', name: 'heron-store' }));

const root = document.getElementById('root');
if (root) {
  createRoot(root).render(
    <StrictMode>
      <App />
    </StrictMode>,
  );
}
