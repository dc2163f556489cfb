/**
 * Messages being dragged from the list onto the folder pane. The list says what a drop does (it
 * knows the selection and which row comes next); the pane only says where. A DataTransfer cannot
 * carry a function, and its data cannot be read during dragover, so the drag lives here.
 */
import type { FolderKey } from '../../../../shared/model/message';

export const DRAG_TYPE = 'application/x-heron-messages';

export interface MessageDrag {
  readonly count: number;
  /** Files the dragged messages in `to` (copies them with `copy`). */
  drop(to: FolderKey, name: string, copy: boolean): Promise<void>;
}

let current: MessageDrag | null = null;

export function startMessageDrag(drag: MessageDrag): void {
  current = drag;
}

export function endMessageDrag(): void {
  current = null;
}

export function currentMessageDrag(): MessageDrag | null {
  return current;
}
