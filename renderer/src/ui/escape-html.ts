/**
 * Text as HTML text or a quoted attribute value. Named references, as the compose editor writes
 * them, so HTML built here comes back from the editor unchanged.
 */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string);
}
