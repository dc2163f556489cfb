/**
 * After a failed submit, move focus to the first field marked invalid so a keyboard or screen
 * reader user lands on it and hears its error (read through aria-describedby).
 */
export function focusFirstError(root: HTMLElement | null): void {
  if (!root) return;
  // Wait a frame: the errors render after the state change that reported them.
  requestAnimationFrame(() => {
    const invalid = root.querySelector<HTMLElement>('[aria-invalid="true"]');
    invalid?.focus();
  });
}
