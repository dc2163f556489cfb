/**
 * Case-folded keys the sender and subject sorts index. "Re:"/"Fwd:" prefixes do not count, as
 * in every mail client; the sender sorts by the name a person sees, else the address.
 */
export function sortKeys(row: {
  readonly from?: { readonly name: string; readonly address: string } | null;
  readonly subject?: string;
}): { sortFrom: string; sortSubject: string } {
  const from = row.from ? (row.from.name.trim() || row.from.address).toLowerCase() : '';
  const subject = (row.subject ?? '').replace(/^\s*((re|fwd?|aw|wg|sv|tr)\s*(\[\d+\])?\s*:\s*)+/i, '').trim().toLowerCase();
  return { sortFrom: from, sortSubject: subject };
}
