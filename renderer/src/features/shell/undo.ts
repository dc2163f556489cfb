import { organize } from '../../data/store/organize-client';
import { useUndo } from '../../state/undo-store';

/** Undoes the last undoable step (Ctrl+Z, the bar's Undo) and says what happened. */
export async function undoLast(): Promise<void> {
  const entry = useUndo.getState().take();
  if (!entry) return;
  try {
    await organize({ op: 'undo', record: entry.record });
    useUndo.getState().say(`Undone: ${entry.label}.`);
  } catch (error) {
    useUndo.getState().say(`Heron could not undo “${entry.label}”: ${error instanceof Error ? error.message : String(error)}`, true);
  }
}

/** Whether a key press belongs to a field that has its own undo (text being typed). */
export function ownsUndo(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return target.isContentEditable || target instanceof HTMLInputElement || target instanceof HTMLTextAreaElement || target instanceof HTMLSelectElement;
}
