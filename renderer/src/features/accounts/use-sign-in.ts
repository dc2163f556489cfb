/**
 * One account's OAuth2 sign-in as the views use it: which provider its server signs in with,
 * whether it is signed in, and the sign-in itself — the provider's page opens in the browser,
 * the view waits (and can open the page again or stop), and learns the outcome. Main keeps the
 * grant; nothing here ever holds a token.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import type { SignInProviderInfo, SignInStatus } from '../../../../shared/ipc/calls/sign-in';
import type { SerializedError } from '../../../../shared/ipc/result';
import type { IncomingServer, OutgoingServer } from '../../../../shared/model/account';
import { getBridge } from '../../bridge/bridge';

export type SignInView =
  | { readonly status: 'checking' }
  | { readonly status: 'signed-out' }
  | { readonly status: 'waiting' }
  | { readonly status: 'signed-in'; readonly persisted: boolean }
  | { readonly status: 'failed'; readonly error: SerializedError };

export interface SignInTarget {
  readonly accountId: string;
  readonly address: string;
  readonly incoming: IncomingServer;
  readonly outgoing: OutgoingServer;
}

export interface SignInFlow {
  /** Null while asking, or when the server does not sign in with a provider. */
  readonly provider: SignInProviderInfo | null;
  readonly view: SignInView;
  /** Signs in for `target` (the settings as they are now); true when it worked. */
  start(target: SignInTarget): Promise<boolean>;
  reopen(): void;
  cancel(): void;
  /** The settings changed: a sign-in for the old servers no longer counts. */
  reset(): void;
}

/** How the sign-in is kept: like the account's password would be (encrypted on disk where the system can). */
export async function persistSignIn(accountId: string): Promise<boolean> {
  const bridge = getBridge();
  const [storage, prior] = await Promise.all([bridge.call('secretStorageStatus'), bridge.call('signInStatus', { accountId })]);
  if (!storage.ok || storage.value.backend === 'unavailable') return false;
  return storage.value.backend === 'os' || (prior.ok && prior.value.persisted);
}

function viewOf(status: SignInStatus): SignInView {
  if (status.signedIn) return { status: 'signed-in', persisted: status.persisted };
  // The provider ended the sign-in: its words, until the person signs in again.
  return status.problem ? { status: 'failed', error: { code: 'ESIGNIN', message: status.problem, retryable: false } } : { status: 'signed-out' };
}

/**
 * `host`: the incoming server whose provider is asked about; `accountId`: a saved account whose
 * sign-in status is read (null in the wizard: nothing is signed in yet). `persist` decides how a
 * new sign-in is kept (the wizard's storage choice); by default, as the password would be.
 */
export function useSignIn(host: string, accountId: string | null, persist?: () => boolean): SignInFlow {
  const [provider, setProvider] = useState<SignInProviderInfo | null>(null);
  const [view, setView] = useState<SignInView>(accountId ? { status: 'checking' } : { status: 'signed-out' });
  const waitingFor = useRef<string | null>(null);
  const persistRef = useRef(persist);
  persistRef.current = persist;

  useEffect(() => {
    let live = true;
    const trimmed = host.trim();
    if (trimmed === '') {
      setProvider(null);
      return;
    }
    void getBridge()
      .call('signInProvider', { host: trimmed })
      .then((r) => {
        if (live) setProvider(r.ok ? r.value : null);
      });
    return () => {
      live = false;
    };
  }, [host]);

  useEffect(() => {
    if (!accountId) return;
    let live = true;
    void getBridge()
      .call('signInStatus', { accountId })
      .then((r) => {
        if (live) setView(r.ok ? viewOf(r.value) : { status: 'failed', error: r.error });
      });
    return () => {
      live = false;
    };
  }, [accountId]);

  const start = useCallback(async (target: SignInTarget): Promise<boolean> => {
    waitingFor.current = target.accountId;
    setView({ status: 'waiting' });
    const keep = persistRef.current ? persistRef.current() : await persistSignIn(target.accountId);
    const result = await getBridge().call('signIn', { ...target, persist: keep });
    if (waitingFor.current !== target.accountId) return false;
    waitingFor.current = null;
    if (result.ok) {
      setView(viewOf(result.value));
      return result.value.signedIn;
    }
    setView(result.error.code === 'EABORTED' ? { status: 'signed-out' } : { status: 'failed', error: result.error });
    return false;
  }, []);

  const reopen = useCallback(() => {
    const id = waitingFor.current;
    if (id) void getBridge().call('reopenSignIn', { accountId: id });
  }, []);

  const cancel = useCallback(() => {
    const id = waitingFor.current;
    if (id) void getBridge().call('cancelSignIn', { accountId: id });
  }, []);

  const reset = useCallback(() => {
    setView((v) => (v.status === 'waiting' ? v : { status: 'signed-out' }));
  }, []);

  return { provider, view, start, reopen, cancel, reset };
}
