import type { FolderKey } from '../../../../shared/model/message';
import type { AccountRow, FolderRow } from '../../data/rows';
import { ContextMenu } from '../folders/ContextMenu';
import { MovePicker, pickerTargets } from '../folders/MovePicker';
import { ConfirmBar } from './ConfirmBar';
import { countText } from './use-list-actions';
import { sizeOf, type Confirm, type ListFiling } from './use-filing';

interface Props {
  readonly filing: ListFiling;
  readonly folder: FolderKey;
  readonly accounts: readonly AccountRow[];
  readonly folders: readonly FolderRow[];
}

/** What opens over the list while filing: the folder picker, the rows' context menu, or a delete-for-good question. */
export function FilingOverlays({ filing: f, folder, accounts, folders }: Props) {
  const { filing, confirm } = f;
  return (
    <>
      {filing?.kind === 'picker' ? (
        <MovePicker
          title={`${filing.mode === 'move' ? 'Move' : 'Copy'} ${countText(sizeOf(filing.target))} to…`}
          targets={pickerTargets(accounts, folders, filing.mode === 'move' ? folder : 'outbox')}
          onClose={() => f.setFiling(null)}
          onChoose={(to) => {
            f.setFiling(null);
            void f.file(filing.target, to, filing.mode, true);
          }}
        />
      ) : filing?.kind === 'menu' ? (
        <ContextMenu
          label={`${sizeOf(filing.target)} selected`}
          x={filing.x}
          y={filing.y}
          onClose={() => f.setFiling(null)}
          items={[
            { label: 'Move to…', shortcut: 'M', run: () => f.openPicker(filing.target, 'move') },
            { label: 'Copy to…', run: () => f.openPicker(filing.target, 'copy') },
            ...(folder === 'trash' ? [] : [{ label: 'Archive', shortcut: 'A', run: () => f.archive(filing.target, false) }]),
            { label: folder === 'trash' ? 'Delete for good' : 'Delete', shortcut: 'Del', run: () => f.remove(filing.target, false) },
          ]}
        />
      ) : null}
      {confirm ? <ConfirmOrNothing confirm={confirm} onCancel={() => f.setConfirm(null)} onConfirm={() => f.confirmed(confirm)} /> : null}
    </>
  );
}

function ConfirmOrNothing({ confirm, onConfirm, onCancel }: { confirm: Confirm; onConfirm(): Promise<void>; onCancel(): void }) {
  const what = countText(confirm.n);
  return (
    <ConfirmBar
      question={confirm.kind === 'empty' ? `Delete all ${what} in Trash for good? This cannot be undone.` : `Delete ${what} for good? This cannot be undone.`}
      confirmLabel="Delete for good"
      onConfirm={() => void onConfirm()}
      onCancel={onCancel}
    />
  );
}
