import { useEffect } from 'react';
import { useAccounts } from '../../data/hooks';
import { UndoBar } from '../folders/UndoBar';
import { useUi } from '../../state/ui-store';
import { AddAccountView } from '../accounts/AddAccountView';
import { UndoSendToast } from '../outbox/UndoSendToast';
import { SettingsView } from '../settings/SettingsView';
import { useThemeEffect } from '../settings/use-theme';
import { useBackgroundWork } from './background';
import { EmptyState } from './EmptyState';
import { MailArea } from './MailArea';
import { Sidebar } from './Sidebar';
import { ownsUndo, undoLast } from './undo';
import './shell.css';

/** The three-pane window: folders, message list, reader; other routes take the two right panes. */
export function App() {
  useThemeEffect();
  const accounts = useAccounts();
  useBackgroundWork(accounts);
  const route = useUi((s) => s.route);
  useEffect(() => {
    // Ctrl+Z (Cmd+Z) undoes the last move or delete, except in a field with its own undo.
    const onKey = (e: KeyboardEvent) => {
      if (e.key.toLowerCase() !== 'z' || !(e.ctrlKey || e.metaKey) || e.shiftKey || e.altKey || ownsUndo(e.target)) return;
      e.preventDefault();
      void undoLast();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  // Render nothing until the store answers, so the empty state never flashes for people with mail.
  if (accounts === undefined) return <div className="app app-loading" aria-busy="true" />;

  return (
    <div className="app">
      <a className="skip-link" href="#main">
        Skip to {route.name === 'mail' ? 'messages' : 'content'}
      </a>
      <Sidebar accounts={accounts} />
      <main id="main" className="content" tabIndex={-1}>
        {route.name === 'accounts/add' ? (
          <AddAccountView />
        ) : route.name === 'settings' ? (
          <SettingsView />
        ) : accounts.length === 0 ? (
          <EmptyState />
        ) : (
          <MailArea accounts={accounts} />
        )}
      </main>
      <UndoBar />
      <UndoSendToast />
    </div>
  );
}
