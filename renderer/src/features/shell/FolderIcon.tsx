import type { LocalFolder } from '../../../../shared/model/message';
import { LineIcon } from '../../ui/LineIcon';

// Simple 16px line icons, drawn in currentColor so they follow the theme.
/** The fixed folders (Junk among them: there is one per account), a folder the person made, and the Archive Heron makes. */
export type FolderIconKind = LocalFolder | 'custom' | 'archive';

export const FOLDER_ICON_PATHS: Readonly<Record<FolderIconKind, string>> = {
  inbox: 'M2 9h3.5l1 2h3l1-2H14M2 9l2-6h8l2 6v4H2z',
  sent: 'M2 8l12-5-4 11-2.5-4.5zM7.5 9.5L14 3',
  drafts: 'M3 13l1-3 7-7 2 2-7 7zM10 4l2 2',
  outbox: 'M8 11V2M5 5l3-3 3 3M2 10v4h12v-4',
  trash: 'M3 4h10M6 4V2.5h4V4M4.5 4l.7 9.5h5.6l.7-9.5',
  custom: 'M2 4.5V13h12V6H8L6.5 4.5z',
  archive: 'M2 3h12v3H2zM3 6v7h10V6M6.5 8.5h3',
  junk: 'M8 2l6 11H2zM8 6.5v3M8 11.5v.1',
};

export function FolderIcon({ folder }: { folder: FolderIconKind }) {
  return <LineIcon className="folder-icon" path={FOLDER_ICON_PATHS[folder]} />;
}
