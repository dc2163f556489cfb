/**
 * The shell's layout of the mail view, its two right panes: the folder's list (messages; or the
 * Outbox's and Drafts' own tables) and, beside it, the compose pane when a draft is open, else the
 * reader with the message actions.
 */
import type { AccountRow } from '../../data/rows';
import { useUi } from '../../state/ui-store';
import { ComposePane } from '../compose/ComposePane';
import { useComposeUi } from '../compose/compose-store';
import { DraftsView } from '../compose/DraftsView';
import { MessageActions } from '../compose/MessageActions';
import { JunkButton } from '../junk/JunkButton';
import { startNewDraft } from '../compose/use-compose-data';
import { MessageList } from '../inbox/MessageList';
import { OutboxView } from '../outbox/OutboxView';
import { Reader } from '../reader/Reader';
import { useOpenDraftResult } from '../compose/use-open-draft-result';

export function MailArea({ accounts }: { accounts: readonly AccountRow[] }) {
  const folder = useUi((s) => s.folder);
  const messageId = useUi((s) => s.messageId);
  // An attached message is read-only: replying there would answer the message it came in.
  const viewingAttached = useUi((s) => s.viewingAttached);
  const draftId = useComposeUi((s) => s.draftId);
  const openDraft = useComposeUi((s) => s.openDraft);
  const account = accounts.find((a) => a.id === folder.accountId) ?? accounts[0];
  useOpenDraftResult();

  const list =
    folder.folder === 'outbox' ? (
      <OutboxView accountId={folder.accountId} />
    ) : folder.folder === 'drafts' ? (
      <DraftsView accountId={folder.accountId} />
    ) : (
      <MessageList accountCount={accounts.length} />
    );

  return (
    <>
      {list}
      {draftId !== null ? (
        <ComposePane draftId={draftId} />
      ) : (
        <div className="reader-area">
          <div className="message-actions-bar">
            {account ? (
              <button type="button" className="button button-primary" onClick={() => void startNewDraft(account).then((d) => openDraft(d.id))}>
                New message
              </button>
            ) : null}
            {messageId !== null && !viewingAttached && folder.folder !== 'outbox' && folder.folder !== 'drafts' ? <MessageActions messageId={messageId} /> : null}
            {messageId !== null && !viewingAttached ? <JunkButton messageId={messageId} /> : null}
          </div>
          <Reader />
        </div>
      )}
    </>
  );
}
