/**
 * Why a store write failed, in the two codes main understands (EQUOTA / ESTORAGE). Dexie wraps the
 * browser's DOMException (`inner`), and an AbortError of the transaction can carry the quota
 * error one level further down, so the whole chain is looked at.
 */
export interface CommitFailure {
  readonly errorCode: 'EQUOTA' | 'ESTORAGE';
  readonly errorMessage: string;
}

function chain(error: unknown): unknown[] {
  const out: unknown[] = [];
  let e: unknown = error;
  for (let depth = 0; depth < 5 && typeof e === 'object' && e !== null; depth++) {
    out.push(e);
    const next = (e as { inner?: unknown; cause?: unknown }).inner ?? (e as { cause?: unknown }).cause;
    if (next === e) break;
    e = next;
  }
  return out;
}

export function isQuotaError(error: unknown): boolean {
  return chain(error).some((e) => {
    const { name, code } = e as { name?: unknown; code?: unknown };
    // Legacy code 22 is QUOTA_EXCEEDED_ERR; Firefox once used NS_ERROR_DOM_QUOTA_REACHED.
    return name === 'QuotaExceededError' || name === 'NS_ERROR_DOM_QUOTA_REACHED' || code === 22;
  });
}

/** `count`: the messages that could not be saved; null when unknown (their list itself was unreadable). */
export function classifyCommitError(error: unknown, count: number | null): CommitFailure {
  const detail = chain(error)
    .map((e) => (e as { message?: unknown }).message)
    .find((m): m is string => typeof m === 'string' && m.trim() !== '');
  const what = count === null ? 'the fetched messages' : `${count} message${count === 1 ? '' : 's'}`;
  if (isQuotaError(error)) {
    return { errorCode: 'EQUOTA', errorMessage: `The disk is full: Heron could not save ${what} on this computer.` };
  }
  return {
    errorCode: 'ESTORAGE',
    errorMessage: `Heron could not save ${what} on this computer${detail ? ` (${detail.slice(0, 300)})` : ''}.`,
  };
}
