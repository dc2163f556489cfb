/**
 * A draft among search results opens where drafts are edited, the compose pane, not the reader:
 * choosing its row selects its document id (search/draft-docs.ts), which this turns into the draft.
 */
import { useEffect } from 'react';
import { draftIdOf, isDraftDoc } from '../../data/search/draft-docs';
import { useUi } from '../../state/ui-store';
import { useComposeUi } from './compose-store';

export function useOpenDraftResult(): void {
  const messageId = useUi((s) => s.messageId);
  const selectMessage = useUi((s) => s.selectMessage);
  const openDraft = useComposeUi((s) => s.openDraft);
  useEffect(() => {
    if (messageId === null || !isDraftDoc(messageId)) return;
    openDraft(draftIdOf(messageId));
    // Nothing is open in the reader: choosing the row again opens the draft again.
    selectMessage(null);
  }, [messageId, openDraft, selectMessage]);
}
